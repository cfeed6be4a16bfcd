"""Supervision: deputies add findings to activities they took part in; the office records activities,
confirms findings into the rectification ledger; everyone sees the year's supervision week."""

import pandas as pd
import streamlit as st

from components.oversight import supervision_view
from components.shell import cached, feedback, guard, plain
from components.text import label, t
from db.core import clock
from db.core.actors import Role
from db.core.session import read_scope
from db.oversight import supervision
from db.oversight.rules import ActivityKind
from db.system import deputies

user = guard.require(__file__)
st.title(t("menu.supervision"))
today = clock.today()
year = st.selectbox(
    t("progress.year"), [y.year for y in cached.years() if y.year <= today.year], key="supervision_year"
)
kind_names = {k.value: label(ActivityKind, k) for k in ActivityKind}


if user.role == Role.DEPUTY:
    st.header(t("supervision.my_activities"))
    with read_scope() as s:
        mine = supervision.my_activities(s, user, year)
    if not mine:
        st.info(plain.md("supervision.none", year=year))
    for activity in mine:
        supervision_view.activity_card(activity, user, kind_names, today, may_add=True)
    st.stop()

with read_scope() as s:
    week = supervision.supervision_week(s, year)
    listed = supervision.activities(s, year)

st.header(t("supervision.week"))
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
        + "、".join(plain.escape(label) for _, label in week.not_visited)
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
    st.info(plain.md("supervision.none", year=year))
for activity in listed:
    supervision_view.activity_card(activity, user, kind_names, today, may_add=user.is_office_staff)
