"""The demo projects' figures: targets, monthly cumulative values and their weighted completion.

Pure arithmetic on floats, drawn from the caller's random.Random; db.projects.rules judges the
result exactly as it judges real reports.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from db.demo.pool.project_templates import DECIMAL_UNITS
from db.projects import rules
from db.projects.rules import IndicatorFigures, ScheduleStatus

TOLERANCE = 0.05  # the default schedule tolerance, 5 points


@dataclass(frozen=True)
class PlannedIndicator:
    name: str
    unit: str
    target: float
    weight: int

    @property
    def step(self) -> float:
        return 0.1 if self.unit in DECIMAL_UNITS else 1.0


def final_values(
    rng: random.Random, indicators: tuple[PlannedIndicator, ...], aim: str, planned: float, blocked: int
) -> list[float]:
    """Latest cumulative values whose weighted completion gives the aimed-at status."""
    margin = TOLERANCE + 0.005
    if aim == ScheduleStatus.AHEAD:
        low, high = planned + margin + 0.005, 0.99
        goal = planned + rng.uniform(0.08, 0.15)
    elif aim == ScheduleStatus.LAGGING:
        low, high = 0.005, planned - margin - 0.005
        goal = planned - max(0.12, 0.2 * planned)
    else:
        low, high = max(0.005, planned - TOLERANCE + 0.01), planned + TOLERANCE - 0.01
        goal = planned + rng.uniform(-0.02, 0.02)
    goal = min(max(goal, low + 0.003), high - 0.003)
    values = []
    for n, ind in enumerate(indicators):
        share = goal * (0.45 if aim == ScheduleStatus.LAGGING and n == blocked else rng.uniform(0.85, 1.15))
        values.append(_round(min(share, 1.0) * ind.target, ind.step))
    return _tune(indicators, values, low, high)


def _tune(indicators: tuple[PlannedIndicator, ...], values: list[float], low: float, high: float) -> list[float]:
    """Nudge values one small step at a time until the weighted completion lies in [low, high]."""
    for _ in range(10_000):
        actual = completion(indicators, values)
        if low <= actual <= high:
            break
        up = actual < low
        moves = []
        for n, ind in enumerate(indicators):
            step = max(ind.step, _round(ind.target * 0.005, ind.step))
            value = min(values[n] + step, ind.target) if up else max(values[n] - step, 0.0)
            if value == values[n] or (up and values[n] >= ind.target):
                continue
            after = completion(indicators, [*values[:n], value, *values[n + 1 :]])
            fits = after <= high if up else after >= low
            moves.append((not fits, values[n] / ind.target * (1 if up else -1), abs(after - actual), n, value))
        if not moves:
            break
        best = min(moves, key=lambda m: m[:2]) if any(not m[0] for m in moves) else min(moves, key=lambda m: m[2])
        values[best[3]] = best[4]
    return values


def monthly_path(
    rng: random.Random, final: float, step: float, first: int, until: int, months: int, stalled: int
) -> list[float]:
    """Cumulative figures per month: nothing before `first`, `final` from `until` on, never decreasing.

    The `stalled` months before `until` add little: the work was held up.
    """
    increments = []
    for k in range(months):
        if k < first or k > until:
            increments.append(0.0)
            continue
        ramp = 0.5 if k == first else 0.8 if k == first + 1 else 1.0
        stall = 0.12 if k > until - stalled else 1.0
        increments.append(ramp * stall * rng.uniform(0.5, 1.5))
    total = sum(increments) or 1.0
    cumulative, path = 0.0, []
    for k in range(months):
        cumulative += increments[k]
        path.append(final if k >= until else _round(final * cumulative / total, step))
    return path


def at_least(rng: random.Random, indicator: PlannedIndicator) -> float:
    """A met target: exactly, or a little over."""
    if rng.random() < 0.5:
        return indicator.target
    return _round_up(indicator.target * rng.uniform(1.01, 1.08), indicator.step)


def completion(indicators: Sequence[PlannedIndicator], values: Sequence[float]) -> float:
    return rules.completion([IndicatorFigures(i.target, i.weight, v) for i, v in zip(indicators, values, strict=True)])


def nice(x: float, decimal: bool) -> float:
    """A round-looking target or budget: three significant figures from 1,000, two below."""
    digits = 3 if x >= 1000 else 2
    unit = 10 ** max(math.floor(math.log10(x)) - digits + 1, -1 if decimal else 0)
    return round(round(x / unit) * unit, 1)


def _round(x: float, step: float) -> float:
    return round(round(x / step) * step, 2)


def _round_up(x: float, step: float) -> float:
    return round(math.ceil(round(x / step, 6)) * step, 2)
