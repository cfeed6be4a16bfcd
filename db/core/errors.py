"""Domain errors. Each carries a catalogue key, so pages can say why in the person's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


class Refused(Exception):
    """A rule was broken; nothing was written. `reason` is a catalogue key."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params
        self.more: list[tuple[str, dict[str, Any]]] = []  # further problems, shown after the first


def found(row: T | None) -> T:
    """The row a service was asked about, or a refusal saying it is gone (changed by someone else)."""
    if row is None:
        raise Refused("error.not_found")
    return row


class Forbidden(Refused):
    """The person's role does not allow this change."""

    def __init__(self) -> None:
        super().__init__("error.forbidden")


class Busy(Refused):
    """The write lock was not granted in time (others were writing); nothing was written."""

    def __init__(self) -> None:
        super().__init__("error.busy")


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of an imported file: a spreadsheet line number, a column and why."""

    line: int
    column: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


class ImportRefused(Refused):
    """A whole file was refused; every bad row is listed."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("import.refused", count=len(problems))
        self.problems = problems
