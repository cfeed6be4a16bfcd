"""Schedule status of a project (进度状态): computed from indicators and dates, never typed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from db.core.vocabulary import Vocabulary


class ScheduleStatus(Vocabulary, labels="status"):
    """In the leaders' order: trouble first."""

    LAGGING = "lagging"
    NOT_STARTED = "not_started"
    ON_SCHEDULE = "on_schedule"
    AHEAD = "ahead"
    DONE = "done"


@dataclass(frozen=True)
class IndicatorFigures:
    target: float
    weight: float
    value: float | None  # cumulative to date; None when never reported


def indicator_share(target: float, value: float | None) -> float:
    """How much of one target is met, 0–1, capped: over-achieving one cannot hide another."""
    if value is None or value <= 0:
        return 1.0 if target <= 0 and value is not None else 0.0
    if target <= 0:
        return 1.0  # nothing was promised, and something was delivered
    return min(value / target, 1.0)


def completion(indicators: list[IndicatorFigures]) -> float:
    """Weighted completion, 0–1. All weights zero (or none set) counts indicators equally."""
    if not indicators:
        return 0.0
    total = sum(i.weight for i in indicators)
    weights = [i.weight / total for i in indicators] if total > 0 else [1 / len(indicators)] * len(indicators)
    return sum(w * indicator_share(i.target, i.value) for w, i in zip(weights, indicators, strict=True))


def planned_share(start: date, end: date, on: date) -> float:
    """The straight-line plan: 0 before the start, 1 from the end date on."""
    if on < start:
        return 0.0
    if on >= end:
        return 1.0
    return ((on - start).days + 1) / ((end - start).days + 1)


def schedule_status(actual: float, planned: float, *, reported: bool, tolerance_points: float) -> str:
    """已完成 / 超序时 / 序时推进 / 滞后 / 未开工 from actual and planned completion (0–1)."""
    if actual >= 1.0 - 1e-9:
        return ScheduleStatus.DONE
    if not reported or actual <= 0:
        # Nothing delivered yet: fine while the plan asks for little, lagging once it asks more.
        return ScheduleStatus.LAGGING if planned * 100 > tolerance_points else ScheduleStatus.NOT_STARTED
    gap = round((actual - planned) * 100, 6)  # 0.55 - 0.50 must be exactly 5 points
    if gap > tolerance_points:
        return ScheduleStatus.AHEAD
    if gap < -tolerance_points:
        return ScheduleStatus.LAGGING
    return ScheduleStatus.ON_SCHEDULE


def month_end(month: date) -> date:
    """The last day of the month that `month` falls in."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)
