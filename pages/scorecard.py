"""Cross-year scorecard (跨年成绩单): for a past year's projects, what was promised and what came of it."""

import pandas as pd
import streamlit as st

from components.oversight import lookback_view
from components.oversight.lookback_view import rating_text
from components.projects import progress_view
from components.shell import guard
from components.survey import view as survey_view
from components.text import t
from db.core import clock, tabular
from db.core.session import read_scope
from db.oversight import lookback
from db.oversight.lookback import ScoreRow
from db.survey import satisfaction
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.scorecard"))
today = clock.today()

year = lookback_view.past_year(today, key="scorecard_year")
with read_scope() as s:
    rows = lookback.scorecard(s, year, today)
    grades = satisfaction.year_end_grades(s, year)  # project id -> (年终 grade, 综合满意率)
if not rows:
    st.info(t("progress.no_projects", year=year))
    st.stop()


def targets(row: ScoreRow) -> str:
    return "；".join(f"{i.name} {i.target:g}{i.unit} → {i.value or 0:g}" for i in row.targets)


def rate_percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def score_rows(listed: list[ScoreRow]) -> list[dict[str, object]]:
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


table = score_rows(rows)
st.dataframe(
    pd.DataFrame(table),
    hide_index=True,
    width="stretch",
    column_config={
        t("scorecard.col_completion"): progress_view.percent_bar(),
        t("scorecard.col_year_end_rate"): progress_view.percent_bar(),
    },
)
st.download_button(
    t("vote.export"),
    lambda: tabular.xlsx_bytes(table, sheet="跨年成绩单"),
    file_name=f"scorecard-{year}.xlsx",
    key="export_scorecard",
    icon=":material/download:",
)

st.subheader(t("scorecard.department_trend"))
with read_scope() as s:
    leading = {d.id: d.name for d in reference.departments(s) if d.name in {r.lead_department for r in rows}}
department = st.selectbox(
    t("survey.col_department"), list(leading), format_func=leading.__getitem__, key="scorecard_department"
)
with read_scope() as s:
    trend = satisfaction.department_trend(s, department) if department else []
survey_view.trend_chart(trend, ("department", department))
