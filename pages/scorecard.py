"""Cross-year scorecard (跨年成绩单): for a past year's projects, what was promised and what came of it."""

import streamlit as st

from components.oversight import lookback_view, scorecard_view
from components.shell import download, guard, plain
from components.survey import view as survey_view
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.oversight import lookback
from db.survey import results as survey_results
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.scorecard"))
today = clock.today()

year = lookback_view.past_year(today, key="scorecard_year")
with read_scope() as s:
    rows = lookback.scorecard(s, year, today)
    grades = survey_results.year_end_grades(s, year)  # project id -> (年终 grade, 综合满意率)
if not rows:
    st.info(plain.md("progress.no_projects", year=year))
    st.stop()

table = scorecard_view.score_rows(rows, grades)
scorecard_view.table(table)
download.table("vote.export", table, sheet="跨年成绩单", file_name=f"scorecard-{year}.xlsx", key="export_scorecard")

st.header(t("scorecard.department_trend"))
with read_scope() as s:
    leading = {d.id: d.name for d in reference.departments(s) if d.name in {r.lead_department for r in rows}}
department = st.selectbox(
    t("survey.col_department"), list(leading), format_func=leading.__getitem__, key="scorecard_department"
)
with read_scope() as s:
    trend = survey_results.department_trend(s, department) if department else []
survey_view.trend_chart(trend, ("department", department))
