"""Every number people enter has its domain's bounds: one table, read by forms and imports alike.

A form's number box and a workbook's cell reach the same checks here, so neither can store what
the other refuses: not-a-number, not finite (inf, nan, 1e400), below or above the domain's range,
a fraction where only whole numbers make sense. The ranges are those of the work (a livelihood
project's budget is at most 1000 亿元), well inside what the columns hold (Numeric(14, 2) on
PostgreSQL overflows at 10^12: a number past it must never reach the database).

Pure: no Streamlit, no SQLAlchemy; rule modules may use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from db.core.vocabulary import Vocabulary


class Quantity(Vocabulary, labels="quantity"):
    MONEY = "money"  # 万元: a project's or candidate's budget, funds spent to date
    INDICATOR = "indicator"  # an indicator's target or cumulative value, in its own unit
    WEIGHT = "weight"  # an indicator's weight in the project's completion
    MICRO_COST = "micro_cost"  # 万元: a micro item's estimated or actual cost
    MICRO_FUND = "micro_fund"  # 万元: a division's yearly micro fund, or the per-item cap
    WISH_VALUE = "wish_value"  # 元: a micro wish's estimated value
    PERCENT = "percent"  # a share in per cent (a survey's rectification threshold)
    TOLERANCE = "tolerance"  # percentage points of schedule tolerance
    PLACES = "places"  # places to fill by vote, picks on a ballot, a project's number
    DAYS = "days"  # a deadline in days
    YEAR = "year"
    ORDER = "order"  # a position in a list


@dataclass(frozen=True)
class Bound:
    low: Decimal
    high: Decimal
    decimals: int  # 0: whole numbers only; else rounded half up to this many places


def _bound(low: float, high: float, decimals: int) -> Bound:
    return Bound(Decimal(str(low)), Decimal(str(high)), decimals)


BOUNDS: dict[Quantity, Bound] = {
    Quantity.MONEY: _bound(0, 10_000_000, 2),
    Quantity.INDICATOR: _bound(0, 1_000_000_000, 2),
    Quantity.WEIGHT: _bound(0, 100, 2),
    Quantity.MICRO_COST: _bound(0, 10_000, 2),
    Quantity.MICRO_FUND: _bound(0, 1_000_000, 2),
    Quantity.WISH_VALUE: _bound(0, 20_000, 0),
    Quantity.PERCENT: _bound(0, 100, 1),
    Quantity.TOLERANCE: _bound(0, 50, 2),
    Quantity.PLACES: _bound(1, 50, 0),
    Quantity.DAYS: _bound(1, 365, 0),
    Quantity.YEAR: _bound(2000, 2100, 0),
    Quantity.ORDER: _bound(0, 9_999, 0),
}

NOT_A_NUMBER = "input.not_a_number"
NOT_FINITE = "input.number_not_finite"
OUT_OF_RANGE = "input.number_out_of_range"
NOT_WHOLE = "input.number_not_whole"
_SHOWN_CHARACTERS = 30  # of what was typed, repeated in the message


@dataclass(frozen=True)
class NumberProblem:
    reason: str  # catalogue key
    params: dict[str, Any] = field(default_factory=dict)


def problem(
    quantity: Quantity,
    raw: object,
    *,
    not_a_number: str = NOT_A_NUMBER,
    below: str = OUT_OF_RANGE,
    what: object = None,
    **params: Any,
) -> NumberProblem | None:
    """Why `raw` is no acceptable `quantity`, or None.

    A caller may word "no number" and "too small" its own way (its keys get `params` only), and name
    the field (`what`, else the quantity's words) in the messages of the others.
    """
    bound = BOUNDS[quantity]
    shown = {"what": quantity if what is None else what, "value": str(raw)[:_SHOWN_CHARACTERS], **params}
    number = _decimal(raw)
    if number is None:
        return NumberProblem(not_a_number, params if not_a_number != NOT_A_NUMBER else shown)
    if not number.is_finite() or math.isinf(float(number)):
        return NumberProblem(NOT_FINITE, shown)
    limits = {**shown, "low": _plain(bound.low), "high": _plain(bound.high)}
    if number < bound.low:
        return NumberProblem(below, params if below != OUT_OF_RANGE else limits)
    if number > bound.high:
        return NumberProblem(OUT_OF_RANGE, limits)
    if bound.decimals == 0 and number != number.to_integral_value():
        return NumberProblem(NOT_WHOLE, shown)
    return None


def value(quantity: Quantity, raw: object) -> Decimal:
    """The checked number as stored: rounded to the domain's decimals. Raises ValueError if problem() has one."""
    found = problem(quantity, raw)
    if found is not None:
        raise ValueError(f"{quantity}: {found.reason} ({raw!r})")
    number = _decimal(raw)
    assert number is not None
    return number.quantize(Decimal(1).scaleb(-BOUNDS[quantity].decimals), rounding=ROUND_HALF_UP)


def _decimal(raw: object) -> Decimal | None:
    """The number in a form's box or a sheet's cell ("1,200", " 35.5 ", 1e13, "inf"); None if it holds none."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal | int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if math.isfinite(raw) else Decimal(str(raw))
    text = str(raw).strip().replace(",", "").replace("，", "")
    if not text or len(text) > 100:
        return None if not text else Decimal("Infinity")  # a hundred digits is no amount of anything
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _plain(number: Decimal) -> str:
    return f"{number:,f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:,f}"
