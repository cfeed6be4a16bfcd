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


def survey_stage_problem(stage: str, year: int, today: date) -> str | None:
    """A round asks about a year that has begun; a look-back (回头看) only about an earlier year."""
    if year > today.year:
        return "survey.year_future"
    if stage == "lookback" and year >= today.year:
        return "survey.lookback_past_only"
    return None


# --- Micro livelihood items (微实事) ---

# A deputy proposes a small local fix; the office screens it (or declines it, finally) and assigns
# it to a department with a deadline and a fund; the department works it and says what was done;
# the proposing deputy (or the office on their behalf) rates the result, and the office archives it.
MICRO_PROPOSED, MICRO_SCREENED, MICRO_DECLINED = "proposed", "screened", "declined"
MICRO_ASSIGNED, MICRO_IN_PROGRESS, MICRO_DONE = "assigned", "in_progress", "done"
MICRO_ACCEPTED, MICRO_ARCHIVED = "accepted", "archived"
MICRO_STATES = (
    MICRO_PROPOSED,
    MICRO_SCREENED,
    MICRO_DECLINED,
    MICRO_ASSIGNED,
    MICRO_IN_PROGRESS,
    MICRO_DONE,
    MICRO_ACCEPTED,
    MICRO_ARCHIVED,
)
MICRO_PROPOSER = "proposer"  # the deputy who proposed the item (DEPARTMENT and OFFICE as for rectification)
MICRO_RATINGS = (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED)
MICRO_FUNDS = ("special", "self", "other")  # 专项资金 / 自筹 / 其他; only 专项资金 draws on a division's fund
MICRO_SPECIAL_FUND = "special"
MICRO_COST_CAP = 50  # 万元: above it, screening warns the item belongs with the ten projects
MICRO_COST_MAX = 10_000  # 万元: anything above is a typing error, refused
MICRO_SENT_BACK_MAX = 1  # a 不满意 rating sends the item back once; a second one closes it as rated
# (from, to) -> who may make the move. The rating moves are (done, accepted) and, for a first
# 不满意, (done, in_progress); the office may rate on the deputy's behalf (recorded as such).
MICRO_MOVES: dict[tuple[str, str], frozenset[str]] = {
    (MICRO_PROPOSED, MICRO_SCREENED): frozenset({OFFICE}),
    (MICRO_PROPOSED, MICRO_DECLINED): frozenset({OFFICE}),
    (MICRO_SCREENED, MICRO_ASSIGNED): frozenset({OFFICE}),
    (MICRO_ASSIGNED, MICRO_IN_PROGRESS): frozenset({DEPARTMENT}),
    (MICRO_IN_PROGRESS, MICRO_DONE): frozenset({DEPARTMENT}),
    (MICRO_DONE, MICRO_ACCEPTED): frozenset({MICRO_PROPOSER, OFFICE}),
    (MICRO_DONE, MICRO_IN_PROGRESS): frozenset({MICRO_PROPOSER, OFFICE}),
    (MICRO_ACCEPTED, MICRO_ARCHIVED): frozenset({OFFICE}),
}
MICRO_OPEN = (MICRO_ASSIGNED, MICRO_IN_PROGRESS)  # the department's to-do: overdue after the deadline
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_SIGNATURES = {"jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
ATTACHMENT_SUFFIXES = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf"}
_UNSAFE_IN_FILENAME = re.compile(r"[^\w\u4e00-\u9fff.\- ]+")


def micro_move_problem(
    state: str,
    target: str,
    acting_as: str | None,
    *,
    note: str = "",
    rating: str | None = None,
    sent_back: int = 0,
) -> str | None:
    """Why this move of a micro item is not allowed (a catalogue key), or None.

    `acting_as` is OFFICE (congress office staff, admins), DEPARTMENT (staff of the department the
    item is assigned to), MICRO_PROPOSER (the deputy who proposed it), or None. `note` is the
    reason for a decline or a 不满意 rating, or what was done; `rating` the deputy's rating;
    `sent_back` how often a 不满意 rating has already sent the item back.
    """
    who = MICRO_MOVES.get((state, target))
    if who is None:
        return "micro.move_not_allowed"
    if acting_as not in who:
        if MICRO_PROPOSER in who:
            return "micro.not_your_item"
        return "micro.not_your_department" if DEPARTMENT in who else "micro.office_only"
    rated = state == MICRO_DONE
    if rated and rating not in MICRO_RATINGS:
        return "micro.rating_required"
    if rated and (target == MICRO_IN_PROGRESS) != (rating == DISSATISFIED and sent_back < MICRO_SENT_BACK_MAX):
        return "micro.rating_decides"  # a first 不满意 sends it back; anything else accepts it
    if (target == MICRO_DECLINED or rating == DISSATISFIED) and not note.strip():
        return "micro.reason_required"
    if target == MICRO_DONE and not note.strip():
        return "micro.result_required"
    return None


def micro_rating_target(rating: str, sent_back: int) -> str:
    """Where a rating takes a done item: back to work on a first 不满意, else accepted as rated."""
    if rating == DISSATISFIED and sent_back < MICRO_SENT_BACK_MAX:
        return MICRO_IN_PROGRESS
    return MICRO_ACCEPTED


def micro_cost_problem(cost: float | None) -> str | None:
    """An amount in 万元: present, not negative, not absurd."""
    if cost is None:
        return "micro.cost_required"
    if cost != cost or cost < 0:  # NaN compares unequal to itself
        return "micro.cost_negative"
    if cost > MICRO_COST_MAX:
        return "micro.cost_absurd"
    return None


def micro_over_cap(cost: float, cap: float) -> bool:
    """Above the per-item cap: the item belongs in the ten-projects channel (a warning only)."""
    return cost > cap


def micro_fund_problem(fund: float | None, committed: float, amount: float) -> str | None:
    """Whether a division's yearly fund can take another item of `amount` 万元."""
    if fund is None:
        return "micro.fund_not_set"
    if committed + amount > fund + 1e-9:
        return "micro.fund_exceeded"
    return None


def is_micro_overdue(state: str, deadline: date | None, today: date) -> bool:
    """Assigned or in progress after its deadline; done items wait for the deputy, not the department."""
    return state in MICRO_OPEN and deadline is not None and deadline < today


def attachment_kind(content: bytes) -> str | None:
    """jpeg, png or pdf by the file's first bytes (its name may say anything), else None."""
    return next((kind for kind, magic in ATTACHMENT_SIGNATURES.items() if content.startswith(magic)), None)


def attachment_problem(content: bytes) -> str | None:
    if not content:
        return "micro.file_empty"
    if len(content) > ATTACHMENT_MAX_BYTES:
        return "micro.file_too_big"
    if attachment_kind(content) is None:
        return "micro.file_type"
    return None


def safe_filename(name: str, kind: str) -> str:
    """A file name safe to store and offer back: no path, no odd characters, the suffix of its content."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE_IN_FILENAME.sub("_", stem).strip(" ._-")[:60] or "file"
    return stem + ATTACHMENT_SUFFIXES[kind]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- Micro wishes (微心愿) ---

# A resident's small wish, recorded at a liaison station, claimed by one deputy, then fulfilled or
# explained. WISH_OPEN waits on the wall; WISH_CLAIMED is one deputy's; WISH_FULFILLED and
# WISH_UNFULFILLABLE close it; WISH_WITHDRAWN is an open wish the office cancelled (a duplicate, the
# resident no longer needs it). The office may release a claim back to the wall (the deputy cannot
# go on) but never claims itself: a wish is a deputy's promise to a resident.
WISH_OPEN, WISH_CLAIMED, WISH_FULFILLED = "open", "claimed", "fulfilled"
WISH_UNFULFILLABLE, WISH_WITHDRAWN = "unfulfillable", "withdrawn"
WISH_STATES = (WISH_OPEN, WISH_CLAIMED, WISH_FULFILLED, WISH_UNFULFILLABLE, WISH_WITHDRAWN)
WISH_CATEGORIES = ("study", "elderly", "disability", "employment", "living", "other")  # 助学 助老 助残 就业 生活 其他
WISH_VALUE_MAX = 20_000  # 元: a micro wish is a few hundred yuan; more is a typo or a project
# Who acts on a wish: a deputy who has not claimed it, the deputy who has, the congress office.
WISH_DEPUTY, WISH_CLAIMER, WISH_OFFICE = "deputy", "claimer", "office"
CLAIM, NOTE, FULFIL, GIVE_UP, RELEASE, WITHDRAW = "claim", "note", "fulfil", "unfulfillable", "release", "withdraw"
# action -> (from state, to state, who may). A progress note keeps the wish claimed.
WISH_MOVES: dict[str, tuple[str, str, frozenset[str]]] = {
    CLAIM: (WISH_OPEN, WISH_CLAIMED, frozenset({WISH_DEPUTY})),
    NOTE: (WISH_CLAIMED, WISH_CLAIMED, frozenset({WISH_CLAIMER, WISH_OFFICE})),
    FULFIL: (WISH_CLAIMED, WISH_FULFILLED, frozenset({WISH_CLAIMER, WISH_OFFICE})),
    GIVE_UP: (WISH_CLAIMED, WISH_UNFULFILLABLE, frozenset({WISH_CLAIMER, WISH_OFFICE})),
    RELEASE: (WISH_CLAIMED, WISH_OPEN, frozenset({WISH_OFFICE})),
    WITHDRAW: (WISH_OPEN, WISH_WITHDRAWN, frozenset({WISH_OFFICE})),
}
# The text each move needs, and the refusal when it is missing.
WISH_TEXT_NEEDED = {
    NOTE: "wish.note_required",
    FULFIL: "wish.given_required",
    GIVE_UP: "wish.explanation_required",
    RELEASE: "wish.reason_required",
    WITHDRAW: "wish.reason_required",
}


def wish_move_problem(state: str, action: str, acting_as: str | None, text: str = "") -> str | None:
    """Why this person may not take this action on a wish in this state (a catalogue key), or None.

    `acting_as`: WISH_CLAIMER for the deputy who claimed it, WISH_DEPUTY for any other deputy,
    WISH_OFFICE for the congress office (and admins), None for anyone else (leaders, departments).
    Claiming a wish someone already claimed says so plainly: 已被其他代表认领.
    """
    if action not in WISH_MOVES:
        return "wish.move_not_allowed"
    source, _target, who = WISH_MOVES[action]
    if action == CLAIM and state == WISH_CLAIMED and acting_as is not None:
        return "wish.already_yours" if acting_as == WISH_CLAIMER else "wish.already_claimed"
    if state != source:
        return "wish.move_not_allowed"
    if acting_as not in who:
        if who == {WISH_DEPUTY}:
            return "wish.deputies_only"
        return "wish.office_only" if who == {WISH_OFFICE} else "wish.not_yours"
    if action in WISH_TEXT_NEEDED and not text.strip():
        return WISH_TEXT_NEEDED[action]
    return None


def wish_value_problem(value: object) -> str | None:
    """An estimated value in whole 元, from 0 (a visit, a repair by volunteers) to WISH_VALUE_MAX."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN
        return "wish.value_invalid"
    if value < 0 or value > WISH_VALUE_MAX or value != int(value):
        return "wish.value_invalid"
    return None


def wish_date_problem(on: date, recorded: date, today: date) -> str | None:
    """A wish is fulfilled on a day between its recording and today."""
    if on > today:
        return "wish.date_future"
    if on < recorded:
        return "wish.date_before_recorded"
    return None
