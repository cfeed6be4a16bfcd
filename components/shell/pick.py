"""Choosing a record to edit, or a new one."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.text import t


def existing_or_new(labels: Mapping[int, str], *, key: str) -> int | None:
    """A selector of the records by label, with “+ new” first; returns an id or None for new."""
    chosen_next = st.session_state.pop(_next(key), None)
    if chosen_next in labels:
        st.session_state[key] = chosen_next
    new = t("reference.new")  # made now, not in format_func: see components/account_form.py
    return st.selectbox(
        t("reference.edit_or_new"),
        [None, *labels],
        placeholder=t("input.choose"),
        key=key,
        format_func=lambda i: new if i is None else labels[i],
    )


def choose_after_rerun(key: str, record_id: int) -> None:
    """Have the selector show this record on the next run, e.g. the one just added.

    A drawn widget's value cannot be set in the same run, so it is handed over in a note.
    """
    st.session_state[_next(key)] = record_id


def _next(key: str) -> str:
    return f"{key}__next"
