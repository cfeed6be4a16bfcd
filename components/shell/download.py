"""Every file the interface offers for download leaves through here (a house rule checks it).

A table leaves only as an .xlsx written by db/core/tabular, whose cells stay text: a wish typed as
`=HYPERLINK("http://…")` opens in Excel as those characters, never as a live formula beside
residents' names. The tables' own CSV download and copy buttons, which would write such a cell as a
formula, are off (`client.disableDataExport` in .streamlit/config.toml).

Files are built only when their button is clicked (Streamlit calls a callable download then):
building a workbook on every run of a page would cost each run its time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from components.shell import plain
from components.text import t
from db.core import tabular
from db.core.session import read_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(
    label_key: str,
    rows: Sequence[Mapping[str, object]],
    *,
    sheet: str,
    file_name: str,
    key: str,
    icon: str | None = ":material/download:",
) -> None:
    """The rows shown on the page, as an Excel file of one sheet."""
    st.download_button(
        t(label_key), partial(tabular.xlsx_bytes, rows, sheet=sheet), file_name=file_name, mime=XLSX, key=key, icon=icon
    )


def from_store(
    label_key: str,
    make: Callable[[Session], bytes],
    *,
    file_name: str,
    key: str,
    icon: str | None = ":material/download:",
    mime: str = XLSX,
) -> None:
    """A file `make` builds from the store (a workbook by db/core/tabular, a report), read in a read-only
    transaction of its own when clicked."""
    st.download_button(t(label_key), partial(_read, make), file_name=file_name, mime=mime, key=key, icon=icon)


def attachment(label_key: str, content: bytes, *, name: str, mime: str, key: str) -> None:
    """A file someone attached, as it was checked and stored; the label names it (`{name}` in the text)."""
    st.download_button(
        plain.md(label_key, name=name), content, file_name=name, mime=mime, key=key, icon=":material/attach_file:"
    )


def _read(make: Callable[[Session], bytes]) -> bytes:
    with read_scope() as session:
        return make(session)
