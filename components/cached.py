"""Cached reads, keyed by the data version every write bumps.

`st.cache_data` is per process; keying by the version stored in the database means a report
saved in one app process is seen by every process at its next rerun, while unchanged data is
read from the database once per process and version instead of on every rerun.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from db import audit, progress, reference, settings
from db.progress import ProjectProgress
from db.reference import YearView
from db.session import read_scope

TTL_SECONDS = 3600  # a safety net: entries of old versions also age out


def data_version() -> int:
    with read_scope() as session:
        return audit.data_version(session)


def year_progress(year: int, today: date) -> list[ProjectProgress]:
    return _year_progress(_store(), data_version(), year, today)


def years() -> list[YearView]:
    return _years(_store(), data_version())


def project_year(project_id: int) -> int | None:
    return _project_year(_store(), data_version(), project_id)


def _store() -> str:
    """Part of every key: two databases (tests, say) may well be at the same version."""
    return settings.load().database_url


@st.cache_data(ttl=TTL_SECONDS, max_entries=64, show_spinner=False)
def _year_progress(store: str, version: int, year: int, today: date) -> list[ProjectProgress]:
    with read_scope() as session:
        return progress.year_progress(session, year, today)


@st.cache_data(ttl=TTL_SECONDS, max_entries=8, show_spinner=False)
def _years(store: str, version: int) -> list[YearView]:
    with read_scope() as session:
        return reference.years(session)


@st.cache_data(ttl=TTL_SECONDS, max_entries=256, show_spinner=False)
def _project_year(store: str, version: int, project_id: int) -> int | None:
    with read_scope() as session:
        return progress.project_year(session, project_id)
