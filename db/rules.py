"""Pure domain rules: no database, no user interface. Each is tested with a table of cases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

LOCKOUT_ATTEMPTS = 5
LOCKOUT_DURATION = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_BYTES = 72  # bcrypt reads no further; a longer password would be silently cut
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,31}$")
DEPARTMENT_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9]{1,15}$")


def text_problem(value: str | None, *, max_length: int, required: bool = True) -> str | None:
    """Why a free-text field is unacceptable (a catalogue key), or None."""
    value = (value or "").strip()
    if required and not value:
        return "input.required"
    if len(value) > max_length:
        return "input.too_long"
    return None


def username_problem(username: str) -> str | None:
    if not username:
        return "input.required"
    if not USERNAME_PATTERN.match(username):
        return "account.username_invalid"
    return None


def password_problem(password: str) -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return "account.password_too_short"
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        return "account.password_too_long"
    if password.strip() == "" or len(set(password)) < 3:
        return "account.password_too_simple"
    return None


@dataclass(frozen=True)
class Lockout:
    failed_attempts: int
    locked_until: datetime | None


def after_failed_sign_in(failed_attempts: int, now: datetime) -> Lockout:
    """The fifth wrong password in a row locks the account for fifteen minutes."""
    failed = failed_attempts + 1
    if failed >= LOCKOUT_ATTEMPTS:
        return Lockout(failed_attempts=0, locked_until=now + LOCKOUT_DURATION)
    return Lockout(failed_attempts=failed, locked_until=None)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def minutes_left(locked_until: datetime, now: datetime) -> int:
    return max(1, -(-int((locked_until - now).total_seconds()) // 60))


def session_is_current(issued_at: datetime, valid_after: datetime | None) -> bool:
    """A sign-in (cookie) is current unless the account revoked sessions after it was issued."""
    return valid_after is None or issued_at > valid_after


# --- Schedule status of a project (进度状态): computed, never typed in -----------------------

DONE, AHEAD, ON_SCHEDULE, LAGGING, NOT_STARTED = "done", "ahead", "on_schedule", "lagging", "not_started"
STATUSES = (LAGGING, NOT_STARTED, ON_SCHEDULE, AHEAD, DONE)  # leaders' order: trouble first


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
        return DONE
    if not reported or actual <= 0:
        # Nothing delivered yet: fine while the plan asks for little, lagging once it asks more.
        return LAGGING if planned * 100 > tolerance_points else NOT_STARTED
    gap = round((actual - planned) * 100, 6)  # 0.55 - 0.50 must be exactly 5 points
    if gap > tolerance_points:
        return AHEAD
    if gap < -tolerance_points:
        return LAGGING
    return ON_SCHEDULE


def month_end(month: date) -> date:
    """The last day of the month that `month` falls in."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


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


# --- Tally of a voting round (票决) -------------------------------------------------------------


@dataclass(frozen=True)
class TallyLine:
    candidate_id: int
    votes: int
    passed: bool  # more votes than the threshold
    elected: bool
    tied_at_cutoff: bool  # among candidates tied for the last place(s): a re-vote decides


@dataclass(frozen=True)
class Tally:
    lines: tuple[TallyLine, ...]  # most votes first; equal votes in candidate order
    threshold: float  # a candidate needs more votes than this
    elected: int
    unfilled: int  # places left open: too few passed, or a tie at the cut-off


def pass_threshold(rule: str, electorate: int, ballots: int) -> float:
    """More than half of the whole electorate (全体代表过半数), or of the ballots cast."""
    return (electorate if rule == "electorate_half" else ballots) / 2


def tally(votes: dict[int, int], places: int, threshold: float) -> Tally:
    """Rank candidates; elect the top `places` of those passing. Never break a tie silently."""
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    passing = [(c, v) for c, v in ranked if v > threshold]
    elected: set[int] = set()
    tied: set[int] = set()
    if len(passing) <= places:
        elected = {c for c, _ in passing}
    else:
        cutoff = passing[places - 1][1]
        above = {c for c, v in passing if v > cutoff}
        at_cutoff = {c for c, v in passing if v == cutoff}
        if len(above) + len(at_cutoff) == places:
            elected = above | at_cutoff
        else:
            elected, tied = above, at_cutoff
    lines = tuple(TallyLine(c, v, v > threshold, c in elected, c in tied) for c, v in ranked)
    return Tally(lines, threshold, len(elected), places - len(elected))


# --- Rectification (整改): one ledger for problems from any source --------------------------

OPEN, IN_PROGRESS, RECTIFIED, VERIFIED, REJECTED = "open", "in_progress", "rectified", "verified", "rejected"
RECTIFICATION_STATES = (OPEN, IN_PROGRESS, RECTIFIED, VERIFIED, REJECTED)
DEPARTMENT, OFFICE = "department", "office"  # who acts: the responsible department, or the congress office
# (from, to) -> who may make the move. The department works the item; only the office checks it:
# verifies it, sends it back as not yet rectified, or rejects it (closing it with a reason).
RECTIFICATION_MOVES = {
    (OPEN, IN_PROGRESS): DEPARTMENT,
    (IN_PROGRESS, RECTIFIED): DEPARTMENT,
    (RECTIFIED, VERIFIED): OFFICE,
    (RECTIFIED, IN_PROGRESS): OFFICE,
    (OPEN, REJECTED): OFFICE,
    (IN_PROGRESS, REJECTED): OFFICE,
    (RECTIFIED, REJECTED): OFFICE,
}
REASON_NEEDED = frozenset({(RECTIFIED, IN_PROGRESS), (OPEN, REJECTED), (IN_PROGRESS, REJECTED), (RECTIFIED, REJECTED)})


def rectification_move_problem(state: str, target: str, acting_as: str | None, note: str, evidence: str) -> str | None:
    """Why this move of an item is not allowed (a catalogue key), or None.

    `acting_as` is DEPARTMENT for staff of the item's responsible department, OFFICE for the
    congress office (and admins), None for anyone else.
    """
    who = RECTIFICATION_MOVES.get((state, target))
    if who is None:
        return "rectification.move_not_allowed"
    if acting_as != who:
        return "rectification.not_yours" if who == DEPARTMENT else "rectification.office_only"
    if (state, target) in REASON_NEEDED and not note.strip():
        return "rectification.reason_required"
    if target == RECTIFIED and not evidence.strip():
        return "rectification.evidence_required"
    return None


def is_overdue(state: str, deadline: date, today: date) -> bool:
    """Still being worked on after its deadline (a rectified item waits for the office, not the department)."""
    return state in (OPEN, IN_PROGRESS) and deadline < today


# --- Satisfaction (满意度测评): rates and the grade of one project in one round ------------------

SATISFIED, BASICALLY_SATISFIED, DISSATISFIED, ABSTAIN = "satisfied", "basically_satisfied", "dissatisfied", "abstain"
SATISFACTION_LEVELS = (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED, ABSTAIN)
DEFAULT_RECTIFICATION_RATE = 0.8  # 综合满意率 below this sends a project for rectification


@dataclass(frozen=True)
class SatisfactionCount:
    """One project's answers in one round: every voter gave a level or abstained (弃权)."""

    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    abstain: int

    @property
    def voters(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied + self.abstain

    @property
    def valid(self) -> int:
        """Ratings that count towards the rates: abstentions do not."""
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def satisfied_rate(self) -> float | None:
        """满意率: 满意 / valid ratings; None when nobody rated."""
        return self.satisfied / self.valid if self.valid else None

    @property
    def overall_rate(self) -> float | None:
        """综合满意率: (满意 + 基本满意) / valid ratings; None when nobody rated."""
        return (self.satisfied + self.basically_satisfied) / self.valid if self.valid else None


def satisfaction_grade(count: SatisfactionCount) -> str | None:
    """The 镇海 rule: 满意 if 满意 exceeds half of all voters, else 基本满意 if 满意 + 基本满意 does, else 不满意.

    "All voters" counts those who abstained on the project too; with no voter there is no grade.
    """
    if count.voters == 0:
        return None
    half = count.voters / 2
    if count.satisfied > half:
        return SATISFIED
    if count.satisfied + count.basically_satisfied > half:
        return BASICALLY_SATISFIED
    return DISSATISFIED


def needs_rectification(
    count: SatisfactionCount, *, below_rate: float = DEFAULT_RECTIFICATION_RATE, when_dissatisfied: bool = True
) -> bool:
    """A project is sent for rectification when graded 不满意, or its 综合满意率 is below the threshold."""
    grade = satisfaction_grade(count)
    rate = count.overall_rate
    return (when_dissatisfied and grade == DISSATISFIED) or (rate is not None and rate < below_rate)


# --- Micro livelihood items (微实事) ---


# --- Micro wishes (微心愿) ---
