"""benchmarks/generate.py builds its history on a fresh database, and benchmarks refuse other data."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.core import session as db_session
from db.projects.models import ProgressReport, Project
from tests.conftest import PROJECT, TODAY

BENCHMARKS = str(PROJECT / "benchmarks")
if BENCHMARKS not in sys.path:
    sys.path.insert(0, BENCHMARKS)  # the benchmarks import their neighbours by bare name

import generate  # noqa: E402


def test_generate_builds_its_history_on_a_fresh_database_whose_demo_projects_other_tables_reference(database_url):
    # The demo seed has surveys, look-back reviews and supervision findings that reference its
    # projects without ON DELETE CASCADE: deleting the projects alone failed on a fresh database.
    counts = generate.generate(database_url, TODAY, years=2)
    assert (counts.years, counts.projects) == (2, 2 * generate.PROJECTS_A_YEAR)
    engine = db_session.get_engine(database_url)
    with engine.connect() as connection:
        per_year = Counter(connection.scalars(select(Project.year)))
        assert per_year == {TODAY.year - 1: 10, TODAY.year: 10}
        assert connection.scalar(select(func.count(ProgressReport.id))) == counts.reports
        generate.expect_history(connection, years=2)


def test_a_benchmark_refuses_the_demo_data_when_it_expects_the_generated_history(demo_url):
    with db_session.get_engine(demo_url).connect() as connection, pytest.raises(SystemExit, match="generate.py"):
        generate.expect_history(connection)


def test_the_history_replaces_the_projects_of_a_file_generated_before(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    generate.generate(url, TODAY, years=1)
    db_session.reset_engines()
    counts = generate.generate(url, TODAY, years=1, seed=7)  # the file is rebuilt, not appended to
    with db_session.get_engine(url).connect() as connection:
        assert connection.scalar(select(func.count(Project.id))) == counts.projects == 10
    db_session.reset_engines()
