"""Survey rounds (congress office): create a year's 年中/年终/回头看 round, open it, watch answers, close it."""

import streamlit as st

from components.projects import progress_view
from components.shell import feedback, guard, menu
from components.survey import admin as survey_admin
from components.survey import view as survey_view
from components.text import t
from components.vote import tellers
from db.core.session import read_scope
from db.survey import rounds as survey_rounds
from db.survey.rules import Stage, SurveyState

user = guard.require(__file__)
st.title(t("menu.survey_rounds"))
survey_admin.scrub_pending()
if tellers.shares_shown():
    st.stop()

year, projects = progress_view.year_and_projects(key="survey_rounds_year")
with read_scope() as s:
    existing = survey_rounds.rounds(s, year)

free_stages = [stage for stage in Stage if stage not in {r.stage for r in existing}]
if free_stages:
    with st.expander(t("survey.new_round"), expanded=not existing):
        new = survey_admin.rules_form(f"new_survey_{year}", projects, None, free_stages)
        if new.sent:
            feedback.apply(
                lambda s: survey_rounds.create_round(
                    s, user, year, new.stage, new.project_ids, new.voter_body, new.threshold
                ),
                "survey.round_created",
            )

for survey in existing:
    st.header(survey_view.round_label(survey))
    survey_view.rules_caption(survey)
    if survey.state == SurveyState.DRAFT:
        survey_admin.while_draft(survey, projects, user)
    elif survey.state == SurveyState.OPEN:
        survey_admin.while_open(survey, user)
    else:
        menu.link(
            survey_view.RESULTS_PAGE,
            label=t("menu.survey_results"),
            icon=":material/insights:",
            query_params={"round": str(survey.id)},
        )
