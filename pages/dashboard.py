"""Leaders' dashboard: headline tiles, lagging projects first with their reasons, charts, export."""

import streamlit as st

from components import charts, guard, progress_view
from components.text import t
from db import clock, dashboard, tabular

user = guard.require(__file__)
st.title(t("menu.dashboard"))

year, projects = progress_view.year_and_projects(key="dashboard_year")
progress_view.headline_tiles(dashboard.headline(projects, clock.today()))

st.subheader(t("dashboard.trouble_first"))
for project in dashboard.trouble_first(projects):
    if project.status != "lagging":
        break
    with st.container(border=True):
        label = f"{progress_view.status_text(project.status)} {project.number}. {project.title}"
        st.page_link(progress_view.PROJECT_PAGE, label=label, query_params={"id": str(project.id)})
        reason = project.latest.problems if project.latest and project.latest.problems else t("dashboard.no_reason")
        st.caption(
            t(
                "dashboard.reason",
                actual=project.completion * 100,
                planned=project.planned * 100,
                reason=reason,
            )
        )
progress_view.project_cards([p for p in dashboard.trouble_first(projects) if p.status != "lagging"])

labels = {"actual": t("chart.actual"), "planned": t("chart.planned"), "projects": t("chart.projects")}
by_project, by_month, by_department, by_division = st.tabs(
    [
        t("dashboard.by_project"),
        t("dashboard.by_month"),
        t("dashboard.by_department"),
        t("dashboard.by_division"),
    ]
)
by_project.altair_chart(charts.completion_vs_plan(projects, labels), width="stretch")
by_month.altair_chart(charts.trend(dashboard.monthly_trend(projects), labels), width="stretch")
by_department.altair_chart(charts.shares(dashboard.by_department(projects), labels), width="stretch")
by_division.altair_chart(charts.shares(dashboard.by_division(projects), labels), width="stretch")

rows = progress_view.progress_rows(projects)  # headers in the interface language
st.download_button(
    t("dashboard.export"),
    lambda: tabular.xlsx_bytes(rows, sheet=str(year)),  # built only when clicked
    file_name=f"progress-{year}.xlsx",
    key="export_progress",
    icon=":material/download:",
)
