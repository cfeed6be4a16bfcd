"""Labels of micro livelihood items (微实事): one key per state, fund and rating."""

from __future__ import annotations

from components.text import t
from db import rules

STATE_LABELS = {
    rules.MICRO_PROPOSED: "micro_state.proposed",
    rules.MICRO_SCREENED: "micro_state.screened",
    rules.MICRO_DECLINED: "micro_state.declined",
    rules.MICRO_ASSIGNED: "micro_state.assigned",
    rules.MICRO_IN_PROGRESS: "micro_state.in_progress",
    rules.MICRO_DONE: "micro_state.done",
    rules.MICRO_ACCEPTED: "micro_state.accepted",
    rules.MICRO_ARCHIVED: "micro_state.archived",
}
FUND_LABELS = {"special": "micro_fund.special", "self": "micro_fund.self", "other": "micro_fund.other"}
RATING_LABELS = {
    rules.SATISFIED: "micro_rating.satisfied",
    rules.BASICALLY_SATISFIED: "micro_rating.basically_satisfied",
    rules.DISSATISFIED: "micro_rating.dissatisfied",
}


def state(value: str) -> str:
    return t(STATE_LABELS[value])


def fund(value: str | None) -> str:
    return t(FUND_LABELS[value]) if value else ""


def rating(value: str | None) -> str:
    return t(RATING_LABELS[value]) if value else ""


def money(value: float | None) -> str:
    """万元 without needless decimals: 18.5, 120."""
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")
