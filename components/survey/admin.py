"""The office's survey forms: which projects, who answers, and when a project goes to rectification."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import streamlit as st

from components.survey.view import round_name
from components.text import label, t
from db.projects.progress import ProjectProgress
from db.survey.rules import Stage, VoterBody
from db.survey.satisfaction import SurveyView, Threshold


class RoundRules(NamedTuple):
    stage: str
    project_ids: list[int]
    voter_body: str
    threshold: Threshold
    sent: bool


def rules_form(
    key: str, projects: Sequence[ProjectProgress], survey: SurveyView | None, free_stages: Sequence[str] = ()
) -> RoundRules:
    """A new round (choose its stage among `free_stages`) or a draft's rules, in one form."""
    threshold = survey.threshold if survey else Threshold()
    titles = {p.id: f"{p.number}. {p.title}" for p in projects}
    body_now = survey.voter_body if survey else "all"
    with st.form(key):
        if survey:
            stage = survey.stage
        else:
            stage = st.radio(
                t("survey.stage"),
                list(free_stages),
                horizontal=True,
                format_func=lambda s: label(Stage, s),
                key=f"{key}_stage",
            )
        chosen = st.multiselect(
            t("survey.projects"),
            list(titles),
            format_func=titles.__getitem__,
            default=list(survey.project_ids if survey else titles),
            key=f"{key}_projects",
        )
        body = st.radio(
            t("survey.body"),
            list(VoterBody.codes()),
            horizontal=True,
            format_func=lambda b: label(VoterBody, b),
            index=list(VoterBody.codes()).index(body_now),
            key=f"{key}_body",
        )
        rate = st.number_input(
            t("survey.threshold_rate"), 0.0, 100.0, threshold.below_rate * 100, step=5.0, key=f"{key}_rate"
        )
        when = st.checkbox(t("survey.threshold_when_dissatisfied"), threshold.when_dissatisfied, key=f"{key}_when")
        days = st.number_input(t("survey.deadline_days"), 1, 365, threshold.deadline_days, key=f"{key}_days")
        sent = st.form_submit_button(t("reference.save" if survey else "survey.create"), type="primary")
    return RoundRules(stage, list(chosen), body, Threshold(rate / 100, when, int(days)), sent)


def step_button(label_key: str, confirm_key: str, key: str, survey: SurveyView) -> bool:
    """A state change that cannot be undone: the button works only once its box, naming the round, is ticked."""
    sure = st.checkbox(t(confirm_key, name=round_name(survey)), key=f"{key}_sure")
    return st.button(t(label_key), key=key, type="primary", disabled=not sure)
