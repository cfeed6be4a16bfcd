"""Manage projects (congress office): details, departments, budget, dates and indicators."""

import streamlit as st

from components.projects import progress_view
from components.projects.project_form import indicator_editor, project_fields
from components.shell import cached, feedback, guard, pick
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.projects import editing as projects
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.manage_projects"))

year, listed = progress_view.year_and_projects(key="manage_year", stop_when_empty=False)
current = {p.id: p for p in listed}
with read_scope() as s:
    departments = reference.departments(s, active_only=True)
    divisions = reference.divisions(s)

project_id = pick.existing_or_new({i: f"{p.number}. {p.title}" for i, p in current.items()}, key="manage_project")
project = current.get(project_id) if project_id else None
# Widget keys carry the project id: a keyed widget keeps its value when only its default
# changes, so shared keys would show the previous project's details after switching.
with st.form(f"project_{year}_{project_id}"):
    earlier = {p.id: f"{year - 1} · {p.number}. {p.title}" for p in cached.year_progress(year - 1, clock.today())}
    data = project_fields(
        project,
        departments,
        divisions,
        year,
        next_number=len(current) + 1,
        key=f"project_{project_id}",
        earlier=earlier,
    )
    if st.form_submit_button(t("reference.save"), type="primary"):
        feedback.apply(
            lambda s: projects.save_project(s, user, year, project_id, data),
            "reference.saved",
            then=lambda saved_id: pick.choose_after_rerun("manage_project", saved_id),
        )

if project is not None:
    st.header(t("project.indicators"))
    lines, edited_id = indicator_editor(project.indicators, key=f"indicators_{project.id}"), project.id
    if st.button(t("manage.save_indicators"), key="save_indicators", type="primary"):
        feedback.apply(lambda s: projects.save_indicators(s, user, edited_id, lines), "reference.saved")
