"""How a year's projects look: cards for phones, a sortable table, tiles, export rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from components.shell import cached, menu, plain, tables, tiles
from components.text import label, t
from db.core import clock
from db.core.session import read_scope
from db.projects import progress
from db.projects.dashboard import Headline
from db.projects.progress import ProjectProgress
from db.projects.rules import ScheduleStatus
from db.system.reference import YearView

STATUS_ICONS: dict[str, str] = {
    ScheduleStatus.LAGGING: "🔴",
    ScheduleStatus.NOT_STARTED: "⚪",
    ScheduleStatus.ON_SCHEDULE: "🔵",
    ScheduleStatus.AHEAD: "🟢",
    ScheduleStatus.DONE: "✅",
}
PROJECT_PAGE = "pages/project.py"


def status_text(status: str) -> str:
    return f"{STATUS_ICONS[status]} {label(ScheduleStatus, status)}"


def year_and_projects(*, key: str, stop_when_empty: bool = True) -> tuple[int, tuple[ProjectProgress, ...]]:
    """A year selector and that year's projects; says so (and stops) when the year has none."""
    today = clock.today()
    year = year_select(cached.years(), today.year, key=key)
    projects = cached.year_progress(year, today)
    if not projects and stop_when_empty:
        st.info(plain.md("progress.no_projects", year=year))
        st.stop()
    return year, projects


def year_select(years: Sequence[YearView], current: int, *, key: str) -> int:
    """Choose a year; the choice holds across pages of this browser session."""
    options = [y.year for y in years] or [current]
    st.session_state.setdefault("year", current if current in options else options[0])

    def remember() -> None:
        st.session_state["year"] = st.session_state[key]

    return st.selectbox(
        t("progress.year"),
        options,
        index=options.index(st.session_state["year"]),
        placeholder=t("input.choose"),
        key=key,
        on_change=remember,
    )


def project_cards(projects: Sequence[ProjectProgress]) -> None:
    """One compact card per project: readable at phone width, nothing to scroll sideways."""
    for project in projects:
        with st.container(border=True):
            menu.link(
                PROJECT_PAGE,
                label=f"{project.number:d}. {plain.escape(project.title)}",
                icon="",  # a project in a list: its title is enough
                query_params={"id": str(project.id)},
            )
            status, actual, planned = (
                status_text(project.status),
                project.completion * 100,
                project.planned * 100,
            )
            st.progress(
                min(project.completion, 1.0),
                text=plain.md("progress.card_line", status=status, actual=actual, planned=planned),
            )
            last = project.latest.month.strftime("%Y-%m") if project.latest else t("progress.no_report")
            spent = project.spent_share * 100
            st.caption(plain.md("progress.card_caption", department=project.lead_department, spent=spent, last=last))


def project_table(projects: Sequence[ProjectProgress]) -> None:
    """The sortable table (click a header to sort), with progress bars."""
    bars = {t(key): percent_bar() for key in ("progress.col_completion", "progress.col_planned", "progress.col_spent")}
    tables.show(
        progress_rows(projects),
        first=[t(k) for k in ("progress.col_number", "progress.col_title", "progress.col_status")],
        long=[t("progress.col_title")],
        config=bars,
    )


def percent_bar() -> Any:
    return st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")


def progress_rows(projects: Sequence[ProjectProgress]) -> list[dict[str, object]]:
    """The progress table with headers in the interface language (screen and Excel export)."""
    return [
        {
            t("progress.col_number"): p.number,
            t("progress.col_title"): p.title,
            t("progress.col_department"): p.lead_department,
            t("progress.col_completion"): round(p.completion * 100, 1),
            t("progress.col_planned"): round(p.planned * 100, 1),
            t("progress.col_status"): label(ScheduleStatus, p.status),
            t("progress.col_budget"): p.budget,
            t("progress.col_spent"): round(p.spent_share * 100, 1),
            t("progress.col_last_report"): p.latest.month.strftime("%Y-%m") if p.latest else "",
        }
        for p in projects
    ]


def headline_tiles(headline: Headline) -> None:
    """Four figures in one element (components/shell/tiles.py): two by two on a phone."""
    gap = round((headline.completion - headline.planned) * 100, 1) + 0.0  # + 0.0: no "-0.0"
    share = headline.funds_spent / headline.budget * 100 if headline.budget else 0
    tiles.show(
        [
            tiles.Tile(
                t("dashboard.overall"),
                f"{headline.completion * 100:.1f}%",
                change=t("dashboard.gap", gap=gap),
                direction=tiles.WORSE if gap < 0 else tiles.BETTER if gap > 0 else None,
                against=t("dashboard.gap_against"),
                explanation=t("dashboard.gap_help"),
            ),
            tiles.Tile(t("dashboard.lagging"), f"{headline.lagging:d} / {headline.projects:d}"),
            tiles.Tile(
                t("dashboard.funds"),
                f"{share:.1f}%",
                note=t("dashboard.funds_help", spent=headline.funds_spent, budget=headline.budget),
            ),
            tiles.Tile(t("dashboard.without_report"), f"{headline.without_report:d}"),
        ]
    )


def continuation_links(project: ProjectProgress) -> None:
    """Links to the earlier year's project this one continues, and the later one continuing it (续建)."""
    with read_scope() as s:
        earlier = progress.label(s, project.carried_from_id) if project.carried_from_id else None
        later = progress.continuations(s, [project.id]).get(project.id)
    if earlier and project.carried_from_id:
        menu.link(
            PROJECT_PAGE,
            label=t("project.continues") + plain.escape(earlier),
            query_params={"id": str(project.carried_from_id)},
            icon=":material/history:",
        )
    if later:
        menu.link(
            PROJECT_PAGE,
            label=t("project.continued_as") + plain.escape(later[1]),
            query_params={"id": str(later[0])},
            icon=":material/update:",
        )


def project_choice(projects: Mapping[int, ProjectProgress], linked: int | None, *, key: str) -> ProjectProgress:
    """Choose one of the year's projects, the linked one first; the address then names the choice."""
    ids = list(projects)

    def follow_choice() -> None:
        st.query_params["id"] = str(st.session_state[key])

    chosen = st.selectbox(
        t("project.choose"),
        ids,
        index=ids.index(linked) if linked in ids else 0,
        format_func=lambda i: f"{projects[i].number}. {projects[i].title}",
        key=key,
        on_change=follow_choice,
    )
    return projects[chosen]
