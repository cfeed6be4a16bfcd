"""Leaders' dashboard: headline tiles, lagging projects first with their reasons, charts, export."""

import streamlit as st

from components.projects import chart_sentences as sentences
from components.projects import charts, progress_view
from components.shell import cached, chart_view, download, guard, menu, plain
from components.text import t
from db.core import clock
from db.projects import dashboard
from db.projects.rules import ScheduleStatus

user = guard.require(__file__)
st.title(t("menu.dashboard"))

year, projects = progress_view.year_and_projects(key="dashboard_year")
progress_view.headline_tiles(cached.derived(("headline", year), lambda: dashboard.headline(projects, clock.today())))
unfinished, overdue = cached.rectification_counts(clock.today())
menu.link(
    "pages/rectification.py",
    label=plain.md("dashboard.rectification", unfinished=unfinished, overdue=overdue),
    icon=":material/assignment_late:" if overdue else ":material/assignment_turned_in:",
)

st.header(t("dashboard.trouble_first"))
lagging = [p for p in dashboard.trouble_first(projects) if p.status == ScheduleStatus.LAGGING]
if not lagging:
    st.success(t("dashboard.none_lagging"))
else:
    with st.container(border=True):  # one box for them all: a box each cost a message each, every run
        for project in lagging:
            menu.link(
                progress_view.PROJECT_PAGE,
                label=f"{progress_view.status_text(project.status)} {project.number:d}. {plain.escape(project.title)}",
                icon="",  # a project in a list: its title is enough
                query_params={"id": str(project.id)},
            )
            if project.latest is None:
                reason = t("progress.no_report")
            else:
                reason = project.latest.problems or t("dashboard.no_reason")
            st.caption(
                plain.md(
                    "dashboard.reason", actual=project.completion * 100, planned=project.planned * 100, reason=reason
                )
            )

# One chart at a time: each drawn chart costs every rerun, and a phone shows one anyway.
labels = {"actual": t("chart.actual"), "planned": t("chart.planned"), "projects": t("chart.projects")}
views = {  # the chart's name, how it is built, and the legend under it
    "project": (
        t("dashboard.by_project"),
        lambda: charts.completion_vs_plan(projects, labels),
        "chart.project_bars_legend",
    ),
    "month": (
        t("dashboard.by_month"),
        lambda: charts.trend(dashboard.monthly_trend(projects, clock.today()), labels),
        None,
    ),
    "department": (
        t("dashboard.by_department"),
        lambda: charts.shares(dashboard.by_department(projects), labels),
        "chart.bars_legend",
    ),
    "division": (
        t("dashboard.by_division"),
        lambda: charts.shares(dashboard.by_division(projects), labels),
        "chart.bars_legend",
    ),
}
view = (
    st.segmented_control(
        t("dashboard.chart"), list(views), format_func=lambda v: views[v][0], default="project", key="dashboard_chart"
    )
    or "project"
)
_, build, legend = views[view]
summary = sentences.dashboard(view, projects, clock.today())  # the chart in one sentence, under it
chart_view.draw(cached.chart(("dashboard", view, year), build), summary=summary, legend=legend)

rows = cached.derived(("progress_rows", year), lambda: tuple(progress_view.progress_rows(projects)))
download.table("dashboard.export", rows, sheet=str(year), file_name=f"progress-{year}.xlsx", key="export_progress")
