"""Choosing a record to edit, or a new one."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.text import t


def existing_or_new(labels: Mapping[int, str], *, key: str) -> int | None:
    """A selector of the records by label, with “+ new” first; returns an id or None for new."""
    options: dict[int | None, str] = {None: t("reference.new")}  # labels made now, see account_form
    options.update(labels)
    return st.selectbox(t("reference.edit_or_new"), list(options), key=key, format_func=options.__getitem__)
