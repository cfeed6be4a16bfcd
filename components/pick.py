"""Choosing a record to edit, or a new one."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.text import t


def existing_or_new(labels: Mapping[int, str], *, key: str) -> int | None:
    """A selector of the records by label, with “+ new” first; returns an id or None for new."""
    new = t("reference.new")  # made now, not in format_func: see components/account_form.py
    return st.selectbox(
        t("reference.edit_or_new"),
        [None, *labels],
        placeholder=t("input.choose"),
        key=key,
        format_func=lambda i: new if i is None else labels[i],
    )
