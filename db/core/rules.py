"""Rules shared by every part of the work: free text, typed amounts, who acts."""

from __future__ import annotations

DEPARTMENT, OFFICE = "department", "office"  # who acts on an item: the responsible department, or the congress office


def text_problem(value: str | None, *, max_length: int, required: bool = True) -> str | None:
    """Why a free-text field is unacceptable (a catalogue key), or None."""
    value = (value or "").strip()
    if required and not value:
        return "input.required"
    if len(value) > max_length:
        return "input.too_long"
    return None


def parse_amount(value: object) -> float | None:
    """A number typed in a form or a spreadsheet cell ("1,200", " 35.5 "), or None if it is none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return None if value != value else float(value)  # NaN is no number
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return None if number != number or number in (float("inf"), float("-inf")) else number


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
