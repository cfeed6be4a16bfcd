# ruff: noqa: F811 (test functions take the imported `world` fixture by name)
"""A progress report's numbers keep their domain's bounds in the form and the workbook alike, on both databases.

Regression: 10000000000000 typed into the progress form drew, on PostgreSQL, an uncaught DataError with
the SQL statement on the page; SQLite stored 1e300.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import DataError

from db.core import bounds
from db.core.bounds import BOUNDS, Quantity
from db.core.errors import Refused
from db.core.session import session_scope
from db.projects.models import ProgressReport, ReportValue
from tests.conftest import fresh
from tests.db.projects.test_reporting import (
    OCTOBER,
    report,
    save,
    state,
    world,  # noqa: F401 (the fixture)
)

HUGE = 10_000_000_000_000  # what was typed


@pytest.mark.parametrize(
    ("value", "funds", "reason"),
    [
        (40, HUGE, bounds.OUT_OF_RANGE),
        (HUGE, 100, bounds.OUT_OF_RANGE),
        (40, str(HUGE), bounds.OUT_OF_RANGE),
        (1e300, 100, bounds.OUT_OF_RANGE),
        ("inf", 100, bounds.NOT_FINITE),
        (float("inf"), 100, bounds.NOT_FINITE),
        (40, float("nan"), bounds.NOT_FINITE),
        ("1e400", 100, bounds.NOT_FINITE),
        (40, "-Infinity", bounds.NOT_FINITE),
        ("9" * 500, 100, bounds.NOT_FINITE),
    ],
)
def test_a_number_beyond_its_domain_is_refused_before_the_database_and_nothing_is_saved(
    session, world, value, funds, reason
):
    project, (places, teachers), people = world
    before = state(session)
    with pytest.raises(Refused) as refused:
        save(people["liaison"], project, OCTOBER, report({places: value, teachers: 10}, funds))
    assert refused.value.reason == reason
    assert state(session) == before


def test_the_refusal_names_the_field_and_the_range(session, world):
    project, (places, teachers), people = world
    with pytest.raises(Refused) as refused:
        save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}, HUGE))
    assert refused.value.params["what"] == Quantity.MONEY
    assert refused.value.params["high"] == "10,000,000" and refused.value.params["value"] == str(HUGE)


def test_without_the_bound_postgresql_itself_would_refuse_the_number(session, world, database_url):
    """Why the bound must come first: the column's own limit is an uncaught DataError with the SQL in it."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite stores any number")
    project, _, people = world
    with pytest.raises(DataError), session_scope() as s:
        liaison, at = people["liaison"].id, datetime(2026, 11, 1)
        s.add(
            ProgressReport(
                project_id=project.id, month=OCTOBER, funds_spent=Decimal(HUGE), reporter_id=liaison, reported_at=at
            )
        )
        s.flush()


NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, max_value=10**15, min_value=-(10**15)),
    st.text(max_size=12),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "1,200.5", " 35 ", "", "1e13", "１２"]),
    st.none(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=NUMBERS, funds=NUMBERS)
def test_any_input_is_refused_with_a_reason_and_nothing_written_or_stored_within_bounds(session, world, value, funds):
    project, (places, teachers), people = world
    before = state(session)
    try:
        save(people["liaison"], project, OCTOBER, report({places: value, teachers: 0}, funds, explanation="说明"))
    except Refused as refused:
        assert refused.reason and state(session) == before
        return
    stored = fresh(session).scalar(select(ProgressReport).where(ProgressReport.project_id == project.id))
    money, indicator = BOUNDS[Quantity.MONEY], BOUNDS[Quantity.INDICATOR]
    assert money.low <= stored.funds_spent <= money.high
    for row in session.scalars(select(ReportValue).where(ReportValue.report_id == stored.id)):
        assert indicator.low <= row.value <= indicator.high
