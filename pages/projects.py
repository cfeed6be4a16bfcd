"""The year's projects: status, completion against plan, funds, last report — for everyone."""

import streamlit as st

from components.projects import progress_view
from components.shell import guard
from components.text import t
from db.projects import dashboard

user = guard.require(__file__)
st.title(t("menu.projects"))

year, in_number_order = progress_view.year_and_projects(key="projects_year")

orders = {
    "number": t("progress.sort_number"),
    "trouble": t("progress.sort_trouble"),
    "completion": t("progress.sort_completion"),
}
order = st.segmented_control(
    t("progress.sort"), list(orders), format_func=orders.__getitem__, default="number", key="projects_sort"
)
projects = list(in_number_order)
if order == "trouble":
    projects = dashboard.trouble_first(projects)
elif order == "completion":
    projects = sorted(projects, key=lambda p: -p.completion)

cards, table = st.tabs(
    [t("progress.cards"), t("progress.table")], key="projects_tab", on_change="rerun"
)  # remembered across the rerun after a save
with cards:
    progress_view.project_cards(projects)
with table:
    progress_view.project_table(projects)
