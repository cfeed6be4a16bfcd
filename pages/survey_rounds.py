"""Survey rounds (congress office): create a year's 年中/年终/回头看 round, open it, watch answers, close it."""

import streamlit as st

from components.projects import progress_view
from components.shell import feedback, guard
from components.survey import view as survey_view
from components.survey.admin import rules_form, step_button
from components.text import t
from db.core.session import read_scope
from db.survey import satisfaction
from db.survey.rules import Stage, SurveyState
from db.survey.satisfaction import SurveyView

user = guard.require(__file__)
st.title(t("menu.survey_rounds"))

year, projects = progress_view.year_and_projects(key="survey_rounds_year")
with read_scope() as s:
    existing = satisfaction.rounds(s, year)


@st.fragment(run_every=5)
def response_monitor(round_id: int) -> None:
    """Refreshes by itself: who has answered, by delegation — never a count per project."""
    with read_scope() as s:
        responses, now = satisfaction.responses(s, round_id), satisfaction.round_view(s, round_id)
    if now.state != SurveyState.OPEN:
        st.rerun()  # closed from another session: redraw the whole page
    survey_view.response_tiles(responses)
    st.progress(responses.share)
    with st.expander(t("survey.by_delegation")):
        survey_view.delegation_table(responses)


def draft(survey: SurveyView) -> None:
    with st.expander(t("survey.change_rules")):
        rules = rules_form(f"rules_{survey.id}", projects, survey)
        if rules.sent:
            feedback.apply(
                lambda s: satisfaction.update_round(
                    s, user, survey.id, rules.project_ids, rules.voter_body, rules.threshold
                ),
                "reference.saved",
            )
    if step_button("survey.open", "survey.open_confirm", f"open_survey_{survey.id}", survey):
        feedback.apply(lambda s: satisfaction.advance(s, user, survey.id, SurveyState.DRAFT), "survey.opened")


def running(survey: SurveyView) -> None:
    response_monitor(survey.id)
    st.caption(t("survey.monitor_note"))
    if step_button("survey.close", "survey.close_confirm", f"close_survey_{survey.id}", survey):
        feedback.apply(
            lambda s: satisfaction.advance(s, user, survey.id, SurveyState.OPEN),
            "survey.closed",
            then=lambda _: satisfaction.scrub_after_closing(),
        )


free_stages = [stage for stage in Stage if stage not in {r.stage for r in existing}]
if free_stages:
    with st.expander(t("survey.new_round"), expanded=not existing):
        new = rules_form(f"new_survey_{year}", projects, None, free_stages)
        if new.sent:
            feedback.apply(
                lambda s: satisfaction.create_round(
                    s, user, year, new.stage, new.project_ids, new.voter_body, new.threshold
                ),
                "survey.round_created",
            )

for survey in existing:
    st.subheader(survey_view.round_label(survey))
    survey_view.rules_caption(survey)
    if survey.state == SurveyState.DRAFT:
        draft(survey)
    elif survey.state == SurveyState.OPEN:
        running(survey)
    else:
        st.page_link(
            survey_view.RESULTS_PAGE,
            label=t("menu.survey_results"),
            icon=":material/insights:",
            query_params={"round": str(survey.id)},
        )
