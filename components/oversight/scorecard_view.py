"""How the cross-year scorecard (跨年成绩单) looks: its rows, on screen and in Excel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from components.oversight.lookback_view import rating_text
from components.projects import progress_view
from components.shell import tables
from components.survey import view as survey_view
from components.text import t
from db.oversight.lookback import ScoreRow

YearEndGrades = Mapping[int, tuple[str | None, float | None]]  # project id -> (年终 grade, 综合满意率)


def table(rows: list[dict[str, object]]) -> None:
    """On screen: the verdicts (completion, on time, grades, review, items) before the long targets."""
    targets_column = t("scorecard.col_targets")
    tables.show(
        rows,
        first=[c for c in (rows[0] if rows else {}) if c != targets_column],  # the targets last
        long=[t("rectification.col_project"), targets_column],
        pinned=t("rectification.col_project"),
        config={
            t("scorecard.col_completion"): progress_view.percent_bar(),
            t("scorecard.col_year_end_rate"): progress_view.percent_bar(),
        },
    )


def score_rows(listed: Sequence[ScoreRow], grades: YearEndGrades) -> list[dict[str, object]]:
    """The scorecard with headers in the interface language (screen and Excel)."""
    return [
        {
            t("rectification.col_project"): f"{r.number}. {r.title}",
            t("rectification.col_department"): r.lead_department,
            t("scorecard.col_targets"): targets(r),
            t("scorecard.col_completion"): round(r.completion * 100, 1),
            t("scorecard.col_planned_end"): r.planned_end.isoformat(),
            t("scorecard.col_completed_in"): r.completed_in.strftime("%Y-%m")
            if r.completed_in
            else t("scorecard.not_completed"),
            t("scorecard.col_on_time"): "✅" if r.on_time else "❌",
            t("scorecard.col_budget"): r.budget,
            t("scorecard.col_spent"): r.funds_spent,
            t("scorecard.col_year_end_grade"): survey_view.grade_text(grades[r.project_id][0])
            if r.project_id in grades
            else t("scorecard.not_surveyed"),
            t("scorecard.col_year_end_rate"): rate_percent(grades.get(r.project_id, (None, None))[1]),
            t("scorecard.col_review"): rating_text(r.review_rating) if r.review_rating else t("lookback.not_reviewed"),
            t("scorecard.col_items_open"): r.items_open,
            t("scorecard.col_items_closed"): r.items_closed,
            t("project.continued_as"): r.continued_as or "",
        }
        for r in listed
    ]


def targets(row: ScoreRow) -> str:
    return "；".join(f"{i.name} {i.target:g}{i.unit} → {i.value or 0:g}" for i in row.targets)


def rate_percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)
