"""One project: its targets and what has been delivered, charts, and the report history."""

import pandas as pd
import streamlit as st

from components.oversight import lookback_view
from components.projects import chart_sentences as sentences
from components.projects import charts, progress_view
from components.shell import cached, chart_view, guard, plain
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.oversight import lookback

user = guard.require(__file__)

today = clock.today()
linked = st.query_params.get("id", "")
year = cached.project_year(int(linked)) if linked.isdigit() else None
if year is None:  # opened from the menu: choose the year, then the project
    year = progress_view.year_select(cached.years(), today.year, key="project_year")
projects = {p.id: p for p in cached.year_progress(year, today)}
if not projects:
    st.title(t("menu.project"))
    st.info(plain.md("progress.no_projects", year=year))
    st.stop()

# Keyed by year: a link to the continuation (another year) must not keep this year's choice.
project = progress_view.project_choice(
    projects, int(linked) if linked.isdigit() else None, key=f"project_choice_{year}"
)

st.title(f"{project.number:d}. {plain.escape(project.title)}")
st.markdown(f"**{progress_view.status_text(project.status)}** · {plain.escape(project.field)} · {project.year:d}")
st.caption(
    plain.md(
        "project.facts",
        department=project.lead_department,
        cooperators="、".join(project.cooperators) or "—",
        leader=project.responsible_leader or "—",
        start=project.start_date,
        end=project.end_date,
        divisions="、".join(project.divisions) or "—",
    )
)
if project.description:
    plain.text(project.description)
progress_view.continuation_links(project)
actual, planned, funds = st.columns(3)
actual.metric(t("progress.col_completion"), f"{project.completion * 100:.1f}%")
planned.metric(t("progress.col_planned"), f"{project.planned * 100:.1f}%")
funds.metric(
    t("project.funds"),
    f"{project.spent_share * 100:.0f}%",
    help=plain.md("project.spent_help", spent=project.funds_spent, budget=project.budget),
)

st.header(t("project.indicators"))
st.dataframe(
    pd.DataFrame(
        {
            t("project.indicator"): [i.name for i in project.indicators],
            t("project.unit"): [i.unit for i in project.indicators],
            t("project.target"): [i.target for i in project.indicators],
            t("project.actual"): [i.value for i in project.indicators],
            t("progress.col_completion"): [round(i.share * 100, 1) for i in project.indicators],
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={t("progress.col_completion"): progress_view.percent_bar()},
)

labels = {"actual": t("chart.actual"), "planned": t("chart.planned"), "unit": t("project.unit_wan")}
trend_tab, funds_tab = st.tabs([t("project.trend"), t("project.funds_chart")])
trend_chart = cached.chart(("project_trend", project.id), lambda: charts.trend(list(project.months), labels))
funds_chart = cached.chart(
    ("project_funds", project.id), lambda: charts.funds(list(project.months), project.budget, labels)
)
chart_view.draw(trend_chart, into=trend_tab, summary=sentences.project_trend(project.months))
chart_view.draw(funds_chart, into=funds_tab, summary=sentences.funds(project.months, project.budget))

st.header(t("project.history"))
if not project.reports:
    st.info(t("progress.no_report"))
for report in project.reports:
    with st.expander(
        plain.md(
            "project.report_title",
            month=report.month.strftime("%Y-%m"),
            reporter=report.reporter,
            funds=report.funds_spent,
        )
    ):
        for key, text in (
            ("report.narrative", report.narrative),
            ("report.problems", report.problems),
            ("report.next_steps", report.next_steps),
            ("report.explanation", report.explanation),
        ):
            if text:
                st.markdown(f"**{t(key)}**：{plain.escape(text)}")
        st.caption(t("project.reported_at", at=clock.local(report.reported_at).strftime("%Y-%m-%d %H:%M")))

if project.year < today.year:  # a look-back (回头看) comes in the years after the project's own
    st.header(t("lookback.history"))
    with read_scope() as s:
        lookback_view.history(lookback.project_reviews(s, project.id))
