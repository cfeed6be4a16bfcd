"""Every number people type keeps its domain's bounds: any input is refused with a reason, or accepted within them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.text.catalogue import CATALOGUE
from db.core import bounds
from db.core.bounds import BOUNDS, Quantity
from db.core.errors import Refused
from db.micro import rules as micro_rules
from db.micro import wish_rules
from db.projects import reporting
from db.projects.editing import IndicatorInput, check_indicators

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.from_regex(r"\s*-?[0-9,，]{0,16}(\.[0-9]{0,5})?([eE][+-]?[0-9]{1,4})?\s*", fullmatch=True),
    st.sampled_from(["inf", "-inf", "nan", "NaN", "Infinity", "1e400", "1e13", "10000000000000", "9" * 200]),
)


def within(quantity: Quantity, number: Decimal) -> bool:
    bound = BOUNDS[quantity]
    return bound.low <= number <= bound.high and -number.as_tuple().exponent <= max(bound.decimals, 0)


@given(quantity=st.sampled_from(list(Quantity)), raw=ANYTHING)
def test_any_input_is_refused_with_a_catalogue_reason_or_accepted_within_bounds(quantity, raw):
    found = bounds.problem(quantity, raw)
    if found is not None:
        assert found.reason in CATALOGUE and found.params["what"] == quantity
        with pytest.raises(ValueError):
            bounds.value(quantity, raw)
    else:
        assert within(quantity, bounds.value(quantity, raw))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("inf", bounds.NOT_FINITE),
        (float("nan"), bounds.NOT_FINITE),
        ("1e400", bounds.NOT_FINITE),
        (10**400, bounds.NOT_FINITE),
        (10_000_000_000_000, bounds.OUT_OF_RANGE),
        (-0.01, bounds.OUT_OF_RANGE),
        ("很多", bounds.NOT_A_NUMBER),
        ("", bounds.NOT_A_NUMBER),
        (True, bounds.NOT_A_NUMBER),
        ("1,200.555", None),
        (" 35 ", None),
    ],
)
def test_the_money_bound_says_why(raw, reason):
    found = bounds.problem(Quantity.MONEY, raw)
    assert (found.reason if found else None) == reason


def test_amounts_are_stored_with_the_domains_decimals_and_whole_numbers_stay_whole():
    assert bounds.value(Quantity.MONEY, "1,200.555") == Decimal("1200.56")
    assert bounds.problem(Quantity.WISH_VALUE, 12.5).reason == bounds.NOT_WHOLE
    assert bounds.value(Quantity.PLACES, 10.0) == 10


@given(target=ANYTHING, weight=ANYTHING)
def test_indicator_lines_are_refused_with_a_reason_or_hold_numbers_within_bounds(target, weight):
    try:
        check_indicators([IndicatorInput(None, "新增学位", "个", target, weight)])
    except Refused as refused:
        assert refused.reason in CATALOGUE
        return
    assert within(Quantity.INDICATOR, bounds.value(Quantity.INDICATOR, target))
    assert within(Quantity.WEIGHT, bounds.value(Quantity.WEIGHT, weight))


DRAFT = reporting.ReportDraft(
    1, 2026, 1, "项目", 500.0, date(2026, 10, 1), (reporting.IndicatorLine(7, "学位", "个", 100, 40, None),), 100, None
)


@given(value=ANYTHING, funds=ANYTHING, explained=st.booleans())
def test_a_progress_report_is_refused_with_reasons_or_holds_numbers_within_bounds(value, funds, explained):
    data = reporting.ReportInput({7: value}, funds, explanation="说明" if explained else "")
    problems = reporting.check(DRAFT, data, date(2026, 11, 27))
    if problems:
        assert all(p.reason in CATALOGUE for p in problems)
        return
    assert within(Quantity.INDICATOR, bounds.value(Quantity.INDICATOR, value))
    assert within(Quantity.MONEY, bounds.value(Quantity.MONEY, funds))


@given(cost=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)))
def test_a_micro_items_cost_is_refused_or_within_bounds(cost):
    if micro_rules.micro_cost_problem(cost) is None:
        assert cost is not None and within(Quantity.MICRO_COST, bounds.value(Quantity.MICRO_COST, cost))


@given(value=ANYTHING)
def test_a_wishs_value_is_refused_or_within_bounds(value):
    if wish_rules.wish_value_problem(value) is None:
        assert within(Quantity.WISH_VALUE, bounds.value(Quantity.WISH_VALUE, value))
