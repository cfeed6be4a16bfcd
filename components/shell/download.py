"""A download whose file is read from the database only when its button is clicked.

Building a workbook on every run of a page would cost each run its time; Streamlit calls a
callable download only for the click.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from db.core.session import read_scope


def from_store(
    label: str, make: Callable[[Session], bytes], *, file_name: str, key: str, icon: str | None = None
) -> None:
    """A download button whose file `make` reads, in a read-only transaction of its own, when clicked."""
    st.download_button(label, partial(_read, make), file_name=file_name, key=key, icon=icon)


def _read(make: Callable[[Session], bytes]) -> bytes:
    with read_scope() as session:
        return make(session)
