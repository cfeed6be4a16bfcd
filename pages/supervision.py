"""Supervision: deputies add findings to activities they took part in; the office records activities,
confirms findings into the rectification ledger; everyone sees the year's supervision week."""

import pandas as pd
import streamlit as st

from components.shell import cached, feedback, guard
from components.text import label, t
from db.core import clock
from db.core.actors import Role
from db.core.session import read_scope
from db.oversight import rectification, supervision
from db.oversight.rules import ActivityKind, FindingState
from db.oversight.supervision import ActivityView
from db.system import deputies

user = guard.require(__file__)
st.title(t("menu.supervision"))
today = clock.today()
year = st.selectbox(
    t("progress.year"), [y.year for y in cached.years() if y.year <= today.year], key="supervision_year"
)
kind_names = {k.value: label(ActivityKind, k) for k in ActivityKind}


def activity_card(activity: ActivityView, *, may_add: bool) -> None:
    """One activity: what it covered, its findings (with the office's actions), a deputy's finding form."""
    with st.container(border=True):
        st.markdown(f"**{activity.title}**")
        st.caption(
            t(
                "supervision.activity_facts",
                kind=kind_names[activity.kind],
                day=activity.held_on.isoformat(),
                projects=len(activity.projects),
                deputies=len(activity.deputies),
            )
        )
        if activity.summary:
            st.write(activity.summary)
        for finding in activity.findings:
            st.caption(
                t(
                    "supervision.finding_line",
                    project=finding.project,
                    author=finding.author,
                    state=label(FindingState, finding.state),
                )
            )
            st.write(finding.seen + (f" — {finding.suggestion}" if finding.suggestion else ""))
            if user.is_office_staff and finding.state == FindingState.SUBMITTED:
                finding_actions(finding.id)
        if may_add:
            finding_form(activity)


def finding_actions(finding_id: int) -> None:
    confirm, dismiss = st.columns(2)
    deadline = confirm.date_input(
        t("rectification.col_deadline"), today + rectification.DEFAULT_DEADLINE, key=f"finding_deadline_{finding_id}"
    )
    if confirm.button(t("supervision.confirm"), key=f"confirm_{finding_id}", type="primary"):
        feedback.apply(lambda s: supervision.confirm_finding(s, user, finding_id, deadline), "supervision.confirmed")
    reason = dismiss.text_input(t("supervision.reason"), key=f"dismiss_reason_{finding_id}")
    if dismiss.button(t("supervision.dismiss"), key=f"dismiss_{finding_id}"):
        feedback.apply(lambda s: supervision.dismiss_finding(s, user, finding_id, reason), "reference.saved")


def finding_form(activity: ActivityView) -> None:
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
                lambda s: supervision.add_finding(s, user, activity_id, project_id, seen, suggestion),
                "supervision.finding_added",
            )


if user.role == Role.DEPUTY:
    st.subheader(t("supervision.my_activities"))
    with read_scope() as s:
        mine = supervision.my_activities(s, user, year)
    if not mine:
        st.info(t("supervision.none", year=year))
    for activity in mine:
        activity_card(activity, may_add=True)
    st.stop()

with read_scope() as s:
    week = supervision.supervision_week(s, year)
    listed = supervision.activities(s, year)

st.subheader(t("supervision.week"))
visited, not_visited, found = st.columns(3)
visited.metric(t("supervision.visited", count=len(week.visited)), len(week.visited))
not_visited.metric(t("supervision.not_visited", count=len(week.not_visited)), len(week.not_visited))
found.metric(
    t("supervision.findings_count", count=sum(week.findings_by_project.values())),
    sum(week.findings_by_project.values()),
)
if week.visited:  # findings by project, the visited ones
    st.dataframe(
        pd.DataFrame(
            {
                t("rectification.col_project"): [label for _, label in week.visited],
                t("supervision.col_findings"): [week.findings_by_project.get(pid, 0) for pid, _ in week.visited],
            }
        ),
        hide_index=True,
        width="stretch",
    )
if week.not_visited:
    st.caption(
        t("supervision.not_visited", count=len(week.not_visited))
        + "："
        + "、".join(label for _, label in week.not_visited)
    )

if user.is_office_staff:
    with st.expander(t("supervision.record")):
        projects = {p.id: f"{p.number}. {p.title}" for p in cached.year_progress(year, today)}
        with read_scope() as s:
            people = {d.id: f"{d.code} {d.name}（{d.delegation}）" for d in deputies.roster(s) if d.active}
        with st.form(f"activity_{year}"):
            kind = st.selectbox(
                t("supervision.kind"),
                supervision.ActivityKind,
                format_func=kind_names.__getitem__,
                key="activity_kind",
            )
            held_on = st.date_input(t("supervision.day"), today, key="activity_day")
            title = st.text_input(t("supervision.title"), max_chars=100, key="activity_title")
            summary = st.text_area(t("supervision.summary"), max_chars=2000, key="activity_summary")
            project_ids = st.multiselect(
                t("supervision.projects"),
                list(projects),
                format_func=projects.__getitem__,
                placeholder=t("input.choose"),
                key="activity_projects",
            )
            deputy_ids = st.multiselect(
                t("supervision.deputies"),
                list(people),
                format_func=people.__getitem__,
                placeholder=t("input.choose"),
                key="activity_deputies",
            )
            if st.form_submit_button(t("reference.save"), type="primary"):
                feedback.apply(
                    lambda s: supervision.record_activity(
                        s, user, kind, held_on, title, summary, project_ids, deputy_ids
                    ),
                    "reference.saved",
                )

if not listed:
    st.info(t("supervision.none", year=year))
for activity in listed:
    activity_card(activity, may_add=user.is_office_staff)
