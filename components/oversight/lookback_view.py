"""How look-back reviews (回头看) look: the checklist's names, ratings with a colour, a project's history."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.shell import cached, plain, tables
from components.text import label, t
from db.oversight.lookback import ReviewView
from db.oversight.rules import AspectRating, ReviewAspect
from db.projects.progress import ProjectProgress

RATING_ICONS = {"good": "🟢", "fair": "🟡", "poor": "🔴"}


def aspect_text(aspect: str) -> str:
    return label(ReviewAspect, aspect)


def rating_text(rating: str) -> str:
    return f"{RATING_ICONS[rating]} {label(AspectRating, rating)}"


def history(reviews: list[ReviewView]) -> None:
    """A project's look-backs, newest first: each aspect's rating and notes, and the conclusion."""
    if not reviews:
        st.caption(t("lookback.no_reviews"))
    for review in reviews:
        with st.expander(
            plain.md(
                "lookback.review_title",
                date=review.reviewed_on.isoformat(),
                reviewers=review.reviewers,
                worst=rating_text(review.worst),
            )
        ):
            for rated in review.ratings:
                st.markdown(
                    f"**{aspect_text(rated.aspect)}**：{rating_text(rated.rating)}"
                    f"{' · ' + plain.escape(rated.notes) if rated.notes else ''}"
                )
            if review.conclusion:
                st.markdown(f"**{t('lookback.conclusion')}**：{plain.escape(review.conclusion)}")


def past_year(today: date, *, key: str) -> int:
    """Choose a past year (look-backs and the scorecard look back), newest first; stop if none."""
    past_years = sorted((y.year for y in cached.years() if y.year < today.year), reverse=True)
    if not past_years:
        st.info(t("lookback.no_past_years"))
        st.stop()
    return st.selectbox(t("lookback.year"), past_years, key=key)


def reviews_table(rows: list[dict[str, str]]) -> None:
    """The conclusion, long, right after the project and date, held to a medium width."""
    first = [t("rectification.col_project"), t("lookback.col_date"), t("lookback.conclusion")]
    tables.show(rows, first=first, long=[t("rectification.col_project"), t("lookback.conclusion")])


def review_row(project: ProjectProgress, review: ReviewView | None) -> dict[str, str]:
    """A project and its latest look-back, one column per aspect."""
    row = {t("rectification.col_project"): f"{project.number}. {project.title}"}
    row[t("lookback.col_date")] = review.reviewed_on.isoformat() if review else t("lookback.not_reviewed")
    for rated in review.ratings if review else ():
        row[aspect_text(rated.aspect)] = rating_text(rated.rating)
    row[t("lookback.conclusion")] = review.conclusion if review else ""
    return row
