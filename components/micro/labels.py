"""Labels of micro livelihood items (微实事): one key per state, fund and rating."""

from __future__ import annotations

from components.text import label
from db.micro.rules import Fund, MicroRating, MicroState


def state(value: str) -> str:
    return label(MicroState, value)


def fund(value: str | None) -> str:
    return label(Fund, value) if value else ""


def rating(value: str | None) -> str:
    return label(MicroRating, value) if value else ""


def money(value: float | None) -> str:
    """万元 without needless decimals: 18.5, 120."""
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")
