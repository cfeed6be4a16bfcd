"""Cached reads, keyed by the data version every write bumps.

The caches are per process; keying by the version stored in the database means a report saved
in one app process is seen by every process at its next rerun, while unchanged data is read from
the database once per process and version instead of on every rerun.

They are cachetools' LRU caches, not st.cache_data or st.cache_resource: those hash every call's
arguments through inspect.signature, some 0.3 ms a call under a crowd, four times on each run of
the dashboard. A hit hands out the cached object itself, so what is cached is immutable (tuples,
frozen dataclasses) or, like a chart's spec, only ever read. Entries of old versions give way to
new ones as each cache fills.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from cachetools import LRUCache, cached
from cachetools.keys import hashkey

from components.projects.charts import AnyChart
from components.shell import chart_view, this_run
from components.shell.chart_view import ReadyChart
from components.text import language
from db.core import audit, clock, settings
from db.core.session import read_scope
from db.oversight import rectification
from db.projects import progress
from db.projects.progress import ProjectProgress
from db.system import reference
from db.system.reference import YearView
from db.vote import voting
from db.vote.candidates import CandidateView

CHARTS_KEPT = 128
_RUN_VERSION = "_data_version_of_this_run"
_RUN_STORE = "_store_of_this_run"


def data_version() -> int:
    """The version read at the start of this run (by the guard), or read now."""
    version = this_run.kept(_RUN_VERSION)
    return read_data_version() if version is None else version


def read_data_version() -> int:
    """Read the version once per run: every write reruns the page, so it holds for the run."""
    version = audit.data_version_now()
    this_run.keep(_RUN_VERSION, version)
    return version


def year_progress(year: int, today: date) -> tuple[ProjectProgress, ...]:
    return _year_progress(_store(), data_version(), year, today)


def chart(key: tuple[Hashable, ...], build: Callable[[], AnyChart]) -> ReadyChart:
    """A chart's Vega-Lite spec and its table, built and converted once per data version, language, day and key.

    Building an Altair chart and validating it (to_dict) cost most of the dashboard's time, every
    rerun; the finished spec is a plain dict that st.vega_lite_chart draws directly, its data already
    in Arrow (chart_view.ready). The day is in the key since a day's turn alone moves a plan's share
    or makes an item overdue; `key` must name everything else the chart shows (page, chart, year, …).
    """
    return _chart(_store(), data_version(), language(), (clock.today(), *key), build)


def derived(key: tuple[Hashable, ...], make: Callable[[], Any]) -> Any:
    """A value made from cached reads (a table's rows in the interface language), made once per data
    version, language, day and key; the key must name everything else it depends on. What it hands
    out is shared."""
    return _derived(_store(), data_version(), language(), (clock.today(), *key), make)


def years() -> tuple[YearView, ...]:
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
    """Part of every key: two databases (tests, say) may well be at the same version. Read once a run."""
    return this_run.once(_RUN_STORE, lambda: settings.load().database_url)


def _per_version(entries: int, key: Callable[..., tuple[Hashable, ...]] = hashkey) -> Callable[[Any], Any]:
    """An LRU cache of `entries` results, keyed by all arguments (or by `key`); the lock guards the
    cache only, so a slow read holds up no other."""
    return cached(LRUCache(entries), key=key, lock=threading.Lock())


@_per_version(64)
def _year_progress(store: str, version: int, year: int, today: date) -> tuple[ProjectProgress, ...]:
    with read_scope() as session:
        return tuple(progress.year_progress(session, year, today))


@_per_version(8)
def _years(store: str, version: int) -> tuple[YearView, ...]:
    with read_scope() as session:
        return tuple(reference.years(session))


@_per_version(8)
def _rectification_counts(store: str, version: int, today: date) -> tuple[int, int]:
    with read_scope() as session:
        return rectification.open_counts(session, today)


@_per_version(256)
def _project_year(store: str, version: int, project_id: int) -> int | None:
    with read_scope() as session:
        return progress.project_year(session, project_id)


def _made_key(store: str, version: int, language: str, key: tuple[Hashable, ...], make: object) -> tuple[Hashable, ...]:
    return hashkey(store, version, language, key)  # `make` is a new function each run: `key` names what it makes


@_per_version(64, key=_made_key)
def _derived(store: str, version: int, language: str, key: tuple[Hashable, ...], make: Callable[[], Any]) -> Any:
    return make()


@_per_version(CHARTS_KEPT, key=_made_key)
def _chart(
    store: str, version: int, language: str, key: tuple[Hashable, ...], build: Callable[[], AnyChart]
) -> ReadyChart:
    return chart_view.ready(readable(build().to_dict()))


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


@_per_version(16)
def _frozen_candidates(store: str, round_id: int) -> tuple[CandidateView, ...]:
    with read_scope() as session:
        return tuple(voting.round_candidates(session, round_id))
