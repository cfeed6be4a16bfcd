"""The reports page's pieces: the choice of document, year and day; the figures to check; the download."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.oversight import scorecard_view
from components.projects import progress_view
from components.reports import documents
from components.reports.documents import Choice, Figures
from components.shell import cached, feedback, plain
from components.shell import download as downloads
from components.survey import view as survey_view
from components.text import label, language, t
from db.core.actors import Actor
from db.core.errors import Refused
from db.core.session import read_scope
from db.reports import figures
from db.reports.rules import DocumentKind
from db.survey.rules import Stage

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def choose(user: Actor, today: date, *, key: str) -> Choice:
    """The document, its year, its round (a notice) and the day its figures stand on."""
    kind = (
        st.segmented_control(
            t("reports.kind"),
            list(DocumentKind),
            format_func=lambda k: label(DocumentKind, k),
            default=DocumentKind.YEAR,
            key=f"{key}_kind",
        )
        or DocumentKind.YEAR
    )
    years = [y.year for y in cached.years()] or [today.year]
    if kind == DocumentKind.LOOKBACK:
        years = [y for y in years if y < today.year]
        if not years:
            st.info(t("reports.no_past_year"))
            st.stop()
    default_year = today.year if today.year in years else years[0]
    year = st.selectbox(t("reports.year"), years, index=years.index(default_year), key=f"{key}_year_{kind}")
    round_id = _round(user, year, key=f"{key}_round_{year}") if kind == DocumentKind.SURVEY else None
    as_of = st.date_input(
        t("reports.as_of"),
        value=default_day(kind, year, today),
        max_value=today,
        key=f"{key}_as_of_{kind}_{year}",
    )
    return Choice(kind, year, as_of, round_id)


def default_day(kind: str, year: int, today: date) -> date:
    """Mid-year: 30 June; the year report: its last day; the others: today — never after today."""
    if kind == DocumentKind.MIDYEAR:
        return min(today, date(year, 6, 30))
    if kind == DocumentKind.YEAR:
        return min(today, date(year, 12, 31))
    return today


def _round(user: Actor, year: int, *, key: str) -> int:
    with read_scope() as s:
        closed = figures.closed_rounds(s, user, year)
    if not closed:
        st.info(plain.md("reports.no_closed_round", year=year))
        st.stop()
    stages = dict(closed)
    return st.selectbox(
        t("reports.round"),
        list(stages),
        index=len(stages) - 1,  # the latest stage of the year: 年终 once it has closed
        format_func=lambda i: t("survey.round_name", year=year, stage=label(Stage, stages[i])),
        key=key,
    )


def read_or_explain(user: Actor, choice: Choice) -> Figures:
    """The figures of the choice, or why not (in the reader's language), and stop."""
    try:
        with read_scope() as s:
            return documents.read(s, user, choice)
    except Refused as refused:
        feedback.refusal(refused)
        st.stop()


def preview(found: Figures) -> None:
    """The figures the document states, drawn as the dashboard, results and scorecard draw them."""
    st.header(t("reports.preview"))
    if isinstance(found, figures.YearFigures):
        if not found.projects:
            st.info(plain.md("reports.preview_empty", year=found.year))
            return
        progress_view.headline_tiles(found.headline)
        progress_view.project_table([p.progress for p in found.projects])
    elif isinstance(found, figures.SurveyFigures):
        survey_view.response_tiles(found.results.responses)
        flagged = sum(1 for line in found.results.lines if line.flagged)
        st.metric(t("reports.preview_flagged"), flagged)
        survey_view.results_table(survey_view.result_rows(found.results))
    else:
        if not found.rows:
            st.info(plain.md("reports.preview_empty", year=found.year))
            return
        reviewed, on_time, items = st.columns(3)
        reviewed.metric(t("reports.preview_reviewed"), f"{len(found.reviews)} / {len(found.rows)}")
        on_time.metric(t("reports.preview_on_time"), f"{sum(r.on_time for r in found.rows)} / {len(found.rows)}")
        unfinished = sum(1 for listed in found.items.values() for item in listed if not item.finished)
        items.metric(t("reports.preview_items"), unfinished)
        table = scorecard_view.score_rows(list(found.rows), found.grades)
        st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def download(user: Actor, choice: Choice) -> None:
    """The Word file, generated only when the button is pressed, in the interface's language."""
    chosen_language = language()

    downloads.from_store(
        "reports.download",
        lambda s: documents.generate(s, user, choice, chosen_language),
        file_name=documents.file_name(choice, chosen_language),
        mime=DOCX,
        key="reports_download",
    )
