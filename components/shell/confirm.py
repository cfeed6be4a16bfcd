"""A change that cannot be undone (open a round, close it, delete): a button that works once its box is ticked."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.shell import plain
from components.text import t


def button(
    label_key: str, confirm_key: str, *, key: str, primary: bool = True, also: bool = True, **params: Any
) -> bool:
    """The box says what the change does (its text gets `params`, e.g. the round's name); True when clicked.

    `also` is a further condition the caller has asked for (a second box it drew): the button
    stays disabled until it holds too.
    """
    sure = st.checkbox(plain.md(confirm_key, **params), key=f"{key}_sure")
    return st.button(t(label_key), key=key, type="primary" if primary else "secondary", disabled=not (sure and also))
