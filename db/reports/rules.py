"""Reports to the Standing Committee: which documents there are, and the pure rules they count by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from db.core.vocabulary import Vocabulary


class DocumentKind(Vocabulary, labels="report_kind"):
    """The documents the office generates, in the order of the year (年中 … 翌年回头看)."""

    MIDYEAR = "midyear"  # 年中推进情况汇报, for the 政情通报会
    YEAR = "year"  # 十件民生实事落实情况报告, year-end or as of any day
    SURVEY = "survey"  # 测评结果通报, for a closed round
    LOOKBACK = "lookback"  # 回头看报告, for a reviewed past year


def counts_by(codes: Iterable[str], order: Sequence[str]) -> dict[str, int]:
    """How many of each code, every code of `order` present (zero if none), in that order."""
    found = Counter(codes)
    return {code: found.get(code, 0) for code in order}


def state_on(created_at: datetime, moves: Sequence[tuple[datetime, str]], cutoff: datetime, initial: str) -> str | None:
    """An item's state just before `cutoff`, replayed from its dated moves; None if it did not exist yet.

    The ledger writes a dated note with every move (oldest first here), so the state on any past
    day is the last move made before it, or the state items open in.
    """
    if created_at >= cutoff:
        return None
    made = [state for at, state in moves if at < cutoff]
    return made[-1] if made else initial
