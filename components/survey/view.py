"""How a satisfaction survey looks: its names, the response monitor, results, charts and comments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from components.projects import charts
from components.shell import cached, chart_view, live, plain, tables
from components.survey import chart_sentences
from components.text import label, t
from db.survey import rounds as survey_rounds
from db.survey.results import Comment, SurveyResults, TrendPoint
from db.survey.rounds import Responses, SurveyView
from db.survey.rules import Level, Stage, SurveyState, VoterBody

GRADE_ICONS: dict[str, str] = {Level.SATISFIED: "🟢", Level.BASICALLY_SATISFIED: "🟡", Level.DISSATISFIED: "🔴"}
RESULTS_PAGE = "pages/survey_results.py"


def level_text(level: str) -> str:
    return label(Level, level)


def grade_text(grade: str | None) -> str:
    return f"{GRADE_ICONS[grade]} {level_text(grade)}" if grade else t("survey.no_grade")


def round_name(survey: SurveyView) -> str:
    return t("survey.round_name", year=survey.year, stage=label(Stage, survey.stage))


def round_label(survey: SurveyView) -> str:
    return t(
        "survey.round_label", year=survey.year, stage=label(Stage, survey.stage), state=label(SurveyState, survey.state)
    )


def round_select(rounds: Sequence[SurveyView], *, key: str) -> SurveyView:
    labels = {r.id: round_label(r) for r in rounds}
    chosen = st.selectbox(t("survey.round"), list(labels), format_func=labels.__getitem__, key=key)
    return next(r for r in rounds if r.id == chosen)


def rules_caption(survey: SurveyView) -> None:
    threshold = survey.threshold
    when = t("survey.threshold_dissatisfied") if threshold.when_dissatisfied else ""
    st.caption(
        plain.md(
            "survey.rules_summary",
            body=label(VoterBody, survey.voter_body),
            projects=len(survey.project_ids),
            rate=threshold.below_rate * 100,
            when=when,
            days=threshold.deadline_days,
        )
    )


def response_tiles(responses: Responses) -> None:
    answered, voters, rate = st.columns(3)
    answered.metric(t("survey.responses"), responses.responded)
    voters.metric(t("survey.voters"), responses.voters)
    rate.metric(t("survey.response_rate"), f"{responses.share * 100:.1f}%")


class LiveResponses(NamedTuple):
    responses: Responses
    round: SurveyView


def response_monitor(round_id: int) -> None:
    """Refreshes by itself: who has answered, by delegation — never a count per project."""
    live.monitor(lambda s: _live_responses(s, round_id), _responses_panel, lasts=_still_open)


def _live_responses(session: Session, round_id: int) -> LiveResponses:
    return LiveResponses(survey_rounds.responses(session, round_id), survey_rounds.round_view(session, round_id))


def _still_open(now: LiveResponses) -> bool:
    """False once the round is closed (from another session, say): the page then shows what follows."""
    return now.round.state == SurveyState.OPEN


def _responses_panel(now: LiveResponses) -> None:
    response_tiles(now.responses)
    st.progress(now.responses.share)
    with st.expander(t("survey.by_delegation")):
        delegation_table(now.responses)


def delegation_table(responses: Responses) -> None:
    """Answers by delegation: who has answered, never what."""
    rows = [
        {
            t("survey.col_delegation"): d.division,
            t("survey.responses"): d.responded,
            t("survey.voters"): d.voters,
            t("survey.response_rate"): round(d.responded / d.voters * 100, 1) if d.voters else 0.0,
        }
        for d in responses.by_delegation
    ]
    share = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f%%")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={t("survey.response_rate"): share})


def result_rows(results: SurveyResults, *, plain: bool = False) -> list[dict[str, object]]:
    """One row per project, the verdict first; headers in the interface language.

    `plain` for Excel: grades as words, without the coloured marks shown on screen.
    """

    def percent(rate: float | None) -> float | None:
        return None if rate is None else round(rate * 100, 1)

    return [
        {
            t("survey.col_project"): f"{line.number}. {line.title}",
            t("survey.col_grade"): (level_text(line.grade) if line.grade else t("survey.no_grade"))
            if plain
            else grade_text(line.grade),
            t("survey.col_overall_rate"): percent(line.count.overall_rate),
            t("survey.col_flagged"): t("survey.flagged") if line.flagged else "",
            **{level_text(level): getattr(line.count, level) for level in Level},
            t("survey.col_satisfied_rate"): percent(line.count.satisfied_rate),
            t("survey.col_department"): line.department,
        }
        for line in results.lines
    ]


def results_table(rows: list[dict[str, object]]) -> None:
    bar = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f%%")
    # The project stays in view while the figures scroll on a phone, held to a medium width so
    # that on 390 px the grade and rate beside it show too, not the names alone.
    tables.show(
        rows,
        long=[t("survey.col_project")],
        pinned=t("survey.col_project"),
        config={t("survey.col_satisfied_rate"): bar, t("survey.col_overall_rate"): bar},
    )


def results_chart(results: SurveyResults) -> None:
    """Stacked bars of the four answers per project; results are frozen, so the round's id is the key."""
    levels = [level_text(level) for level in Level]
    rows = [
        (f"{line.number}. {line.title}", level_text(level), getattr(line.count, level))
        for line in results.lines
        for level in Level
    ]
    labels = {"count": t("survey.col_count")}
    chart = cached.chart(("survey", results.survey.id), lambda: charts.satisfaction_bars(rows, levels, labels))
    chart_view.draw(chart, summary=chart_sentences.results(results.lines))


def trend_chart(points: list[TrendPoint], key: tuple[object, ...]) -> None:
    """综合满意率 round after round (a project, or a department's projects pooled)."""
    if not points:
        st.caption(t("survey.no_trend"))
        return
    rows = [
        (f"{p.year} {label(Stage, p.stage)}", p.label, None if p.overall_rate is None else p.overall_rate * 100)
        for p in points
    ]
    labels = {"round": t("survey.round"), "rate": t("survey.col_overall_rate")}
    chart = cached.chart(("survey_trend", *key), lambda: charts.satisfaction_trend(rows, labels))
    chart_view.draw(chart, summary=chart_sentences.trend(points))


def comment_list(comments: list[Comment]) -> None:
    """Without any author, in random order."""
    if not comments:
        st.caption(t("survey.no_comments"))
    for comment in comments:
        st.markdown(
            f"- **{plain.escape(comment.project)}** · {level_text(comment.level)}：{plain.escape(comment.text)}"
        )
