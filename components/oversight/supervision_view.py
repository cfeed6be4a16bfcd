"""How a supervision activity looks: what it covered, its findings with the office's actions, a deputy's finding form.

The office confirms a finding into the rectification ledger, or dismisses it, from the card itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from components.shell import feedback, plain
from components.text import label, t
from db.core.actors import Actor
from db.oversight import rectification, supervision
from db.oversight.rules import FindingState
from db.oversight.supervision import ActivityView


def activity_card(
    activity: ActivityView, actor: Actor, kind_names: Mapping[str, str], today: date, *, may_add: bool
) -> None:
    """One activity: what it covered, its findings (with the office's actions), a deputy's finding form."""
    with st.container(border=True):
        st.markdown(f"**{plain.escape(activity.title)}**")
        st.caption(
            plain.md(
                "supervision.activity_facts",
                kind=kind_names[activity.kind],
                day=activity.held_on.isoformat(),
                projects=len(activity.projects),
                deputies=len(activity.deputies),
            )
        )
        if activity.summary:
            plain.text(activity.summary)
        for finding in activity.findings:
            st.caption(
                plain.md(
                    "supervision.finding_line",
                    project=finding.project,
                    author=finding.author,
                    state=label(FindingState, finding.state),
                )
            )
            plain.text(finding.seen + (f" — {finding.suggestion}" if finding.suggestion else ""))
            if actor.is_office_staff and finding.state == FindingState.SUBMITTED:
                finding_actions(finding.id, actor, today)
        if may_add:
            finding_form(activity, actor)


def finding_actions(finding_id: int, actor: Actor, today: date) -> None:
    confirm, dismiss = st.columns(2)
    deadline = confirm.date_input(
        t("rectification.col_deadline"), today + rectification.DEFAULT_DEADLINE, key=f"finding_deadline_{finding_id}"
    )
    if confirm.button(t("supervision.confirm"), key=f"confirm_{finding_id}", type="primary"):
        feedback.apply(lambda s: supervision.confirm_finding(s, actor, finding_id, deadline), "supervision.confirmed")
    reason = dismiss.text_input(t("supervision.reason"), key=f"dismiss_reason_{finding_id}")
    if dismiss.button(t("supervision.dismiss"), key=f"dismiss_{finding_id}"):
        feedback.apply(lambda s: supervision.dismiss_finding(s, actor, finding_id, reason), "reference.saved")


def finding_form(activity: ActivityView, actor: Actor) -> None:
    """Kept short for a phone on site: the project, what was seen, a suggestion."""
    projects = dict(activity.projects)
    with st.form(f"finding_{activity.id}", clear_on_submit=True):
        st.markdown(f"**{t('supervision.add_finding')}**")
        project_id = st.selectbox(
            t("supervision.projects"),
            list(projects),
            format_func=projects.__getitem__,
            key=f"finding_project_{activity.id}",
        )
        seen = st.text_area(t("supervision.seen"), max_chars=2000, key=f"finding_seen_{activity.id}")
        suggestion = st.text_area(t("supervision.suggestion"), max_chars=2000, key=f"finding_suggestion_{activity.id}")
        if st.form_submit_button(t("supervision.submit"), type="primary", width="stretch"):
            activity_id = activity.id
            feedback.apply(
                lambda s: supervision.add_finding(s, actor, activity_id, project_id, seen, suggestion),
                "supervision.finding_added",
            )
