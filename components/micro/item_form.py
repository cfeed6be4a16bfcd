"""The forms of micro items (微实事): a deputy's proposal, and a rating of what was done."""

from __future__ import annotations

import streamlit as st

from components.micro import labels
from components.text import t
from db.micro.items import BENEFICIARIES_MAX, PLACE_MAX, PROBLEM_MAX, TITLE_MAX, Proposal, Upload
from db.micro.rules import MicroRating


def proposal(divisions: dict[int, str], own_division: int | None, *, key: str) -> tuple[Proposal, Upload | None] | None:
    """A proposal from a phone: what, where (division, town, village), for whom, the cost, a file."""
    ids = list(divisions)
    with st.form(key):
        title = st.text_input(
            t("micro.title"), max_chars=TITLE_MAX, key=f"{key}_title", placeholder=t("micro.title_hint")
        )
        problem = st.text_area(t("micro.problem"), max_chars=PROBLEM_MAX, key=f"{key}_problem")
        division = st.selectbox(
            t("micro.division"),
            ids,
            format_func=divisions.__getitem__,
            key=f"{key}_division",
            index=ids.index(own_division) if own_division in ids else None,
        )
        town = st.text_input(t("micro.town"), max_chars=PLACE_MAX, key=f"{key}_town")
        village = st.text_input(t("micro.village"), max_chars=PLACE_MAX, key=f"{key}_village")
        beneficiaries = st.text_input(t("micro.beneficiaries"), max_chars=BENEFICIARIES_MAX, key=f"{key}_beneficiaries")
        cost = st.number_input(t("micro.estimated_cost"), value=None, step=1.0, key=f"{key}_cost")
        file = st.file_uploader(
            t("micro.file"), type=["jpg", "jpeg", "png", "pdf"], key=f"{key}_file", help=t("micro.file_help")
        )
        if not st.form_submit_button(t("micro.submit"), type="primary"):
            return None
    upload = Upload(file.name, file.getvalue()) if file is not None else None
    return Proposal(title, problem, division, town, village, beneficiaries, cost), upload


def rating(item_id: int, *, key: str) -> tuple[str, str] | None:
    """满意 / 基本满意 / 不满意 with a comment (a 不满意 needs the reason)."""
    with st.form(f"{key}_{item_id}"):
        chosen = st.radio(
            t("micro.rating"),
            MicroRating,
            format_func=labels.rating,
            index=None,
            horizontal=True,
            key=f"{key}_rating_{item_id}",
        )
        comment = st.text_area(
            t("micro.comment"), max_chars=2000, key=f"{key}_comment_{item_id}", help=t("micro.comment_help")
        )
        if st.form_submit_button(t("micro.rate"), type="primary"):
            return chosen or "", comment
    return None
