"""The office's survey screen: which projects, who answers, when a project goes to rectification; open, close."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import streamlit as st

from components.shell import confirm, feedback
from components.survey.view import response_monitor, round_name
from components.text import label, t
from components.vote import tellers
from db.core.actors import Actor
from db.core.errors import Refused
from db.core.session import read_scope
from db.core.settings import load as load_settings
from db.projects.progress import ProjectProgress
from db.secret_ballot.tellers import split_key
from db.survey import rounds as survey_rounds
from db.survey.rounds import SurveyView, Threshold
from db.survey.rules import Stage, SurveyState, VoterBody


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


def while_draft(survey: SurveyView, projects: Sequence[ProjectProgress], actor: Actor) -> None:
    """A draft round: its rules may change, then it opens."""
    with st.expander(t("survey.change_rules")):
        rules = rules_form(f"rules_{survey.id}", projects, survey)
        if rules.sent:
            feedback.apply(
                lambda s: survey_rounds.update_round(
                    s, actor, survey.id, rules.project_ids, rules.voter_body, rules.threshold
                ),
                "reference.saved",
            )
    st.warning(t("survey.open_warning"))
    demo = load_settings().demo_mode
    threshold, names, sent = tellers.naming_form(f"open_survey_{survey.id}", demo=demo, submit_key="survey.open")
    if sent:
        try:  # the key is made and split before the transaction: no share is ever written
            record, shares = split_key(threshold, names, demo=demo)
        except Refused as refused:
            feedback.refusal(refused)
        else:
            feedback.apply(
                lambda s: survey_rounds.advance(s, actor, survey.id, SurveyState.DRAFT, key=record),
                "survey.opened",
                then=lambda _: tellers.remember_shares("survey.round_title_for_shares", record, shares),
            )


def while_open(survey: SurveyView, actor: Actor) -> None:
    """An open round: who has answered so far, and the closing."""
    response_monitor(survey.id)
    st.caption(t("survey.monitor_note"))
    with read_scope() as s:
        stored_key = survey_rounds.key_record(s, survey.id)
    if stored_key is None:  # opened before answers were sealed: closed as it was then
        if confirm.button(
            "survey.close", "survey.close_confirm", key=f"close_survey_{survey.id}", name=round_name(survey)
        ):
            feedback.apply(
                lambda s: survey_rounds.advance(s, actor, survey.id, SurveyState.OPEN),
                "survey.closed",
            )
        return
    tellers.demo_shares(stored_key)
    codes, sent = tellers.entry_form(f"close_survey_{survey.id}", stored_key, "survey.close_and_count")
    if sent:
        try:  # rebuilt before the closing transaction, in memory only
            with read_scope() as s:
                private_key = survey_rounds.rebuild_key(s, actor, survey.id, codes)
        except Refused as refused:
            feedback.refusal(refused)
        else:
            feedback.apply(
                lambda s: survey_rounds.advance(s, actor, survey.id, SurveyState.OPEN, private_key=private_key),
                "survey.closed",
            )


def scrub_pending() -> None:
    """The survey's scrub after closing, retried on each visit and shown pending until done."""
    tellers.scrub_pending(
        survey_rounds.scrub_pending_rounds,
        survey_rounds.scrub_after_closing,
        survey_rounds.mark_scrubbed,
        "survey.scrub_pending",
    )
