"""Cached reads, keyed by the data version every write bumps.

`st.cache_data` is per process; keying by the version stored in the database means a report
saved in one app process is seen by every process at its next rerun, while unchanged data is
read from the database once per process and version instead of on every rerun.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

import streamlit as st

from components.projects.charts import AnyChart
from components.shell import chart_view
from components.shell.chart_view import ReadyChart
from components.text import language
from db.core import audit, settings
from db.core.session import read_scope
from db.oversight import rectification
from db.projects import progress
from db.projects.progress import ProjectProgress
from db.system import reference
from db.system.reference import YearView
from db.vote import voting
from db.vote.candidates import CandidateView

TTL_SECONDS = 3600  # a safety net: entries of old versions also age out
CHARTS_KEPT = 128
_RUN_VERSION = "_data_version_of_this_run"


def data_version() -> int:
    """The version read at the start of this run (by the guard), or read now."""
    if _RUN_VERSION in st.session_state:
        return st.session_state[_RUN_VERSION]
    return read_data_version()


def read_data_version() -> int:
    """Read the version once per run: every write reruns the page, so it holds for the run."""
    version = audit.data_version_now()
    st.session_state[_RUN_VERSION] = version
    return version


def year_progress(year: int, today: date) -> list[ProjectProgress]:
    return _year_progress(_store(), data_version(), year, today)


def chart(key: tuple[Hashable, ...], build: Callable[[], AnyChart]) -> ReadyChart:
    """A chart's Vega-Lite spec and its table, built and converted once per data version, language and key.

    Building an Altair chart and validating it (to_dict) cost most of the dashboard's time,
    every rerun; the finished spec is a plain dict that st.vega_lite_chart draws directly, its data
    already in Arrow (chart_view.ready). The key must name everything the chart shows (page, chart, year, …).
    """
    return _chart(_store(), data_version(), language(), key, build)


def years() -> list[YearView]:
    return _years(_store(), data_version())


def rectification_counts(today: date) -> tuple[int, int]:
    """(Rectification items not yet verified or rejected, of which overdue): the dashboard's link."""
    return _rectification_counts(_store(), data_version(), today)


def project_year(project_id: int) -> int | None:
    return _project_year(_store(), data_version(), project_id)


def frozen_candidates(round_id: int) -> tuple[CandidateView, ...]:
    """An open round's ballot: frozen when the round opened, so one read per process serves all.

    At the plenary every deputy's ballot shows this list on each of their runs; only ever
    called for a round that is no longer a draft (see db.voting.ballot_screen).
    """
    return _frozen_candidates(_store(), round_id)


def _store() -> str:
    """Part of every key: two databases (tests, say) may well be at the same version."""
    return settings.load().database_url


# cache_resource hands out the same frozen objects instead of unpickling a copy on every hit.
@st.cache_resource(ttl=TTL_SECONDS, max_entries=64, show_spinner=False)
def _year_progress(store: str, version: int, year: int, today: date) -> list[ProjectProgress]:
    with read_scope() as session:
        return progress.year_progress(session, year, today)


@st.cache_data(ttl=TTL_SECONDS, max_entries=8, show_spinner=False)
def _years(store: str, version: int) -> list[YearView]:
    with read_scope() as session:
        return reference.years(session)


@st.cache_data(ttl=TTL_SECONDS, max_entries=8, show_spinner=False)
def _rectification_counts(store: str, version: int, today: date) -> tuple[int, int]:
    with read_scope() as session:
        return rectification.open_counts(session, today)


@st.cache_data(ttl=TTL_SECONDS, max_entries=256, show_spinner=False)
def _project_year(store: str, version: int, project_id: int) -> int | None:
    with read_scope() as session:
        return progress.project_year(session, project_id)


# cache_resource, not cache_data: a hit hands out the finished chart instead of unpickling a copy
# (st.vega_lite_chart copies a spec before changing it). `_build` is left out of the key (its
# leading underscore): `key` names what it draws.
@st.cache_resource(ttl=TTL_SECONDS, max_entries=CHARTS_KEPT, show_spinner=False)
def _chart(
    store: str, version: int, language: str, key: tuple[Hashable, ...], _build: Callable[[], AnyChart]
) -> ReadyChart:
    return chart_view.ready(readable(_build().to_dict()))


# Streamlit's chart theme draws axis labels and legends in #808495 (3.9:1 on white); the text of
# every chart on screen gets the body text's dark grey instead (12.6:1), the chart's own config first.
TEXT_COLOR = "#31333f"
READABLE_CONFIG: dict[str, dict[str, str]] = {
    "axis": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR},
    "legend": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR},
    "title": {"color": TEXT_COLOR, "subtitleColor": TEXT_COLOR},
    "header": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR},
}


def readable(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with dark text on its axes, legends and titles (what it sets itself is kept)."""
    config = dict(spec.get("config", {}))
    for part, colors in READABLE_CONFIG.items():
        config[part] = {**colors, **config.get(part, {})}
    return {**spec, "config": config}


@st.cache_resource(ttl=TTL_SECONDS, max_entries=16, show_spinner=False)
def _frozen_candidates(store: str, round_id: int) -> tuple[CandidateView, ...]:
    with read_scope() as session:
        return tuple(voting.round_candidates(session, round_id))
