"""Look-back reviews (回头看): which of a past year's projects were reviewed, how, and what is still open."""

import pandas as pd
import streamlit as st

from components.oversight import lookback_view
from components.oversight.lookback_view import aspect_text, rating_text
from components.shell import cached, feedback, guard
from components.text import label, t
from db.core import clock
from db.core.session import read_scope
from db.oversight import lookback, rectification
from db.oversight.rules import RectificationState

user = guard.require(__file__)
st.title(t("menu.lookback"))
today = clock.today()


year = lookback_view.past_year(today, key="lookback_year")
projects = cached.year_progress(year, today)
with read_scope() as s:
    reviews = lookback.reviews_of_year(s, year)

latest = lookback.latest_by_project(reviews)
st.metric(t("lookback.reviewed"), f"{len(latest)} / {len(projects)}")

lookback_view.reviews_table([lookback_view.review_row(p, latest.get(p.id)) for p in projects])

st.header(t("lookback.open_items"))
state_names = {s.value: label(RectificationState, s) for s in RectificationState}
unfinished = [
    {
        t("rectification.col_project"): review.project,
        t("lookback.col_aspect"): aspect_text(r.aspect),
        t("rectification.col_problem"): r.notes,
        t("rectification.col_state"): state_names[r.item_state],
    }
    for review in reviews
    for r in review.ratings
    if r.item_state is not None and r.item_state not in lookback.CLOSED_STATES
]
if unfinished:
    st.dataframe(pd.DataFrame(unfinished), hide_index=True, width="stretch")
else:
    st.caption(t("lookback.no_open_items"))

if user.is_office_staff and projects:
    with st.expander(t("lookback.new")), st.form(f"lookback_new_{year}"):
        names = {p.id: f"{p.number}. {p.title}" for p in projects}
        project_id = st.selectbox(
            t("rectification.col_project"), list(names), format_func=names.__getitem__, key=f"lookback_project_{year}"
        )
        reviewed_on = st.date_input(t("lookback.col_date"), today, max_value=today, key=f"lookback_date_{year}")
        reviewers = st.text_input(t("lookback.reviewers"), max_chars=200, key=f"lookback_reviewers_{year}")
        ratings: dict[str, tuple[str, str]] = {}
        for aspect in lookback.ReviewAspect:
            rating: str = st.radio(
                aspect_text(aspect),
                lookback.AspectRating,
                format_func=rating_text,
                horizontal=True,
                key=f"lookback_rating_{year}_{aspect}",
            )
            notes = st.text_input(t("lookback.notes"), max_chars=1000, key=f"lookback_notes_{year}_{aspect}")
            ratings[aspect] = (rating, notes)
        conclusion = st.text_area(t("lookback.conclusion"), max_chars=4000, key=f"lookback_conclusion_{year}")
        deadline = st.date_input(
            t("lookback.deadline"), today + rectification.DEFAULT_DEADLINE, key=f"lookback_deadline_{year}"
        )
        if st.form_submit_button(t("reference.save"), type="primary"):
            feedback.apply(
                lambda s: lookback.record_review(
                    s, user, project_id, reviewed_on, reviewers, ratings, conclusion, deadline
                ),
                "lookback.saved",
            )
