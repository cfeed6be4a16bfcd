"""Oversight: supervision's and look-back's vocabularies, the rectification ledger's moves."""

from __future__ import annotations

from datetime import date

from db.core.rules import DEPARTMENT, OFFICE
from db.core.vocabulary import Vocabulary


class ActivityKind(Vocabulary, labels="activity_kind"):
    WEEK = "week"  # 监督周
    INSPECTION = "inspection"  # 视察
    UNANNOUNCED = "unannounced"  # 暗访
    INQUIRY = "inquiry"  # 专题询问
    DELIBERATION = "deliberation"  # 常委会审议


class FindingState(Vocabulary, labels="finding_state"):
    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"  # it opened a ledger item
    DISMISSED = "dismissed"


class ReviewAspect(Vocabulary, labels="lookback_aspect"):
    OPERATION = "operation"  # 运行维护
    SERVICE = "service"  # 服务质量
    MAINTENANCE = "maintenance"  # 管护机制
    PUBLIC = "public"  # 群众评价


class AspectRating(Vocabulary, labels="lookback_rating"):
    GOOD = "good"  # 良好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 较差


class Source(Vocabulary, labels="rectification_source"):
    """Where a ledger item came from: a finding, a look-back review, a survey round, or elsewhere."""

    FINDING = "finding"
    REVIEW = "review"
    SURVEY = "survey"
    OTHER = "other"


class RectificationState(Vocabulary, labels="rectification_state"):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RECTIFIED = "rectified"
    VERIFIED = "verified"
    REJECTED = "rejected"


OPEN, IN_PROGRESS, RECTIFIED = RectificationState.OPEN, RectificationState.IN_PROGRESS, RectificationState.RECTIFIED
VERIFIED, REJECTED = RectificationState.VERIFIED, RectificationState.REJECTED
# (from, to) -> who may make the move. The department works the item; only the office checks it:
# verifies it, sends it back as not yet rectified, or rejects it (closing it with a reason).
RECTIFICATION_MOVES: dict[tuple[str, str], str] = {
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
