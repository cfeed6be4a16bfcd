"""Days and hours the demo's events fall on: working days, office hours in China time."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from db.core import clock


def office_hours(rng: random.Random, moment: datetime, after: datetime, before: datetime) -> datetime:
    """The moment moved to between 9:00 and 17:30 China time that day, kept after `after` and before `before`."""
    day = clock.local(moment).date()
    snapped = clock.start_of_local_day(day) + timedelta(hours=rng.uniform(9, 17.5))
    if after < snapped < before:
        return snapped
    return moment if after < moment < before else after + (before - after) / 2


def weekday(day: date) -> date:
    """Saturdays and Sundays move to the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
