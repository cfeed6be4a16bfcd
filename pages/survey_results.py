"""Survey results (everyone, once a round is closed): counts, rates, grades, flags, charts, comments."""

import streamlit as st

from components.shell import download, guard, menu, plain
from components.survey import view as survey_view
from components.text import t
from db.core.actors import Role
from db.core.session import read_scope
from db.survey import results as survey_results
from db.survey import rounds as survey_rounds
from db.survey.rules import SurveyState

user = guard.require(__file__)
st.title(t("menu.survey_results"))

with read_scope() as s:
    closed = [r for r in survey_rounds.rounds(s) if r.state == SurveyState.CLOSED]
if not closed:
    st.info(t("survey.no_results"))
    st.stop()

asked = st.query_params.get("round")  # the rounds page links straight to a round
if asked and asked.isdigit() and "survey_results_round" not in st.session_state:
    st.session_state["survey_results_round"] = next((r.id for r in closed if r.id == int(asked)), closed[0].id)
survey = survey_view.round_select(closed, key="survey_results_round")
with read_scope() as s:
    results = survey_results.results(s, survey.id)
    comments = survey_results.comments(s, user, survey.id) if user.role == Role.LEADER or user.is_office_staff else None

survey_view.response_tiles(results.responses)
if results.invalid:
    st.warning(plain.md("survey.invalid_statement", invalid=results.invalid))
survey_view.rules_caption(survey)
flagged = [line for line in results.lines if line.flagged]
if flagged:
    st.warning(
        plain.md("survey.flagged_statement", count=len(flagged), titles="、".join(line.title for line in flagged)),
        icon=":material/assignment_late:",
    )
    if user.role != Role.DEPUTY:
        menu.link("pages/rectification.py")
st.caption(t("survey.grade_rule"))
rows = survey_view.result_rows(results)
survey_view.results_table(rows)
survey_view.results_chart(results)
download.table(
    "vote.export",
    survey_view.result_rows(results, plain=True),
    sheet=f"{survey.year}",
    file_name=f"satisfaction-{survey.year}-{survey.stage}.xlsx",
    key="export_survey",
)

st.header(t("survey.trend_title"))
titles = {line.project_id: f"{line.number}. {line.title}" for line in results.lines}
default = [line.project_id for line in flagged][:3] or list(titles)[:3]
chosen = st.multiselect(
    t("survey.trend_projects"),
    list(titles),
    default=default,
    placeholder=t("input.choose"),
    format_func=titles.__getitem__,
    key=f"survey_trend_{survey.id}",
)
with read_scope() as s:
    trend = survey_results.project_trend(s, chosen)
survey_view.trend_chart(trend, ("projects", *sorted(chosen)))
departments = {line.department_id: line.department for line in results.lines}
department = st.selectbox(
    t("survey.trend_department"),
    list(departments),
    format_func=departments.__getitem__,
    key=f"survey_trend_department_{survey.id}",
)
with read_scope() as s:
    department_trend = survey_results.department_trend(s, department) if department else []
survey_view.trend_chart(department_trend, ("department", department))

if comments is not None:
    st.header(t("survey.comments_title"))
    st.caption(t("survey.comments_note"))
    survey_view.comment_list(comments)
