"""Satisfaction survey (deputies): rate each of the round's projects, review, submit once."""

import streamlit as st

from components.shell import cached, guard, menu
from components.survey import answer_form as survey_form
from components.survey import view as survey_view
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.survey import answering as survey_answering

user = guard.require(__file__)
st.title(t("menu.survey"))
survey_form.belong_to(user)

with read_scope() as s:
    screens = survey_answering.deputy_screens(s, user)
if not screens:
    st.info(t("survey.none_open"))
    menu.link(survey_view.RESULTS_PAGE, label=t("menu.survey_results"), icon=":material/insights:")
    st.stop()

# Rounds still to answer first; with several open at once (年终 and 回头看), the deputy picks one.
screens.sort(key=lambda screen: screen.status != "can_answer")
by_round = {screen.survey.id: screen for screen in screens}
if survey_form.just_received() in by_round:
    st.session_state["survey_pick"] = survey_form.just_received()  # stay on the round just answered
chosen = (
    st.radio(
        t("survey.round"),
        list(by_round),
        format_func=lambda i: survey_view.round_label(by_round[i].survey),
        key="survey_pick",
    )
    if len(screens) > 1
    else screens[0].survey.id
)
screen = by_round[chosen]
st.header(survey_view.round_label(screen.survey))

by_id = {p.id: p for p in cached.year_progress(screen.survey.year, clock.today())}
projects = [by_id[i] for i in screen.survey.project_ids if i in by_id]
if screen.status != "can_answer":
    survey_form.why_not(screen)
elif survey_form.reviewing(screen.survey.id):
    round_id = screen.survey.id
    survey_form.review(
        screen,
        projects,
        submit=lambda answers: survey_form.seal_and_submit(user, round_id, answers),
    )
else:
    survey_form.choose(screen, projects)
