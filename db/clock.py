"""Time in one place: stored times are naive UTC; people see China Standard Time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return datetime.now(CHINA).date()


def local(at: datetime) -> datetime:
    """A stored naive-UTC time as China Standard Time, for display."""
    return at.replace(tzinfo=UTC).astimezone(CHINA)


def start_of_local_day(day: date) -> datetime:
    """Midnight of a day in China Standard Time, as stored (naive UTC)."""
    return datetime.combine(day, datetime.min.time(), CHINA).astimezone(UTC).replace(tzinfo=None)
