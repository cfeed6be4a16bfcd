"""Micro livelihood items (微实事): states, moves, funds, costs and the attachment rules."""

from __future__ import annotations

import re
from datetime import date

from db.core.bounds import BOUNDS, Quantity
from db.core.rules import DEPARTMENT, OFFICE
from db.core.vocabulary import Vocabulary

# A deputy proposes a small local fix; the office screens it (or declines it, finally) and assigns
# it to a department with a deadline and a fund; the department works it and says what was done;
# the proposing deputy (or the office on their behalf) rates the result, and the office archives it.


class MicroState(Vocabulary, labels="micro_state"):
    PROPOSED = "proposed"
    SCREENED = "screened"
    DECLINED = "declined"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ACCEPTED = "accepted"
    ARCHIVED = "archived"


class MicroRating(Vocabulary, labels="micro_rating"):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


class Fund(Vocabulary, labels="micro_fund"):
    SPECIAL = "special"  # 专项资金: the only one that draws on a division's fund
    SELF = "self"  # 自筹
    OTHER = "other"  # 其他


class AttachmentKind(Vocabulary, labels="micro_file"):
    JPEG = "jpeg"
    PNG = "png"
    PDF = "pdf"


PROPOSER = "proposer"  # the deputy who proposed the item (DEPARTMENT and OFFICE as for rectification)
COST_CAP = 50  # 万元: above it, screening warns the item belongs with the ten projects
COST_MAX = int(BOUNDS[Quantity.MICRO_COST].high)  # 万元: anything above is a typing error, refused
SENT_BACK_MAX = 1  # a 不满意 rating sends the item back once; a second one closes it as rated
# (from, to) -> who may make the move. The rating moves are (done, accepted) and, for a first
# 不满意, (done, in_progress); the office may rate on the deputy's behalf (recorded as such).
MOVES: dict[tuple[str, str], frozenset[str]] = {
    (MicroState.PROPOSED, MicroState.SCREENED): frozenset({OFFICE}),
    (MicroState.PROPOSED, MicroState.DECLINED): frozenset({OFFICE}),
    (MicroState.SCREENED, MicroState.ASSIGNED): frozenset({OFFICE}),
    (MicroState.ASSIGNED, MicroState.IN_PROGRESS): frozenset({DEPARTMENT}),
    (MicroState.IN_PROGRESS, MicroState.DONE): frozenset({DEPARTMENT}),
    (MicroState.DONE, MicroState.ACCEPTED): frozenset({PROPOSER, OFFICE}),
    (MicroState.DONE, MicroState.IN_PROGRESS): frozenset({PROPOSER, OFFICE}),
    (MicroState.ACCEPTED, MicroState.ARCHIVED): frozenset({OFFICE}),
}
OPEN_STATES = (MicroState.ASSIGNED, MicroState.IN_PROGRESS)  # the department's to-do: overdue after the deadline
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_SIGNATURES: dict[str, bytes] = {
    AttachmentKind.JPEG: b"\xff\xd8\xff",
    AttachmentKind.PNG: b"\x89PNG\r\n\x1a\n",
    AttachmentKind.PDF: b"%PDF-",
}
ATTACHMENT_SUFFIXES: dict[str, str] = {
    AttachmentKind.JPEG: ".jpg",
    AttachmentKind.PNG: ".png",
    AttachmentKind.PDF: ".pdf",
}
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
    item is assigned to), PROPOSER (the deputy who proposed it), or None. `note` is the
    reason for a decline or a 不满意 rating, or what was done; `rating` the deputy's rating;
    `sent_back` how often a 不满意 rating has already sent the item back.
    """
    who = MOVES.get((state, target))
    if who is None:
        return "micro.move_not_allowed"
    if acting_as not in who:
        if PROPOSER in who:
            return "micro.not_your_item"
        return "micro.not_your_department" if DEPARTMENT in who else "micro.office_only"
    rated = state == MicroState.DONE
    if rated and rating not in MicroRating:
        return "micro.rating_required"
    if rated and (target == MicroState.IN_PROGRESS) != (
        rating == MicroRating.DISSATISFIED and sent_back < SENT_BACK_MAX
    ):
        return "micro.rating_decides"  # a first 不满意 sends it back; anything else accepts it
    if (target == MicroState.DECLINED or rating == MicroRating.DISSATISFIED) and not note.strip():
        return "micro.reason_required"
    if target == MicroState.DONE and not note.strip():
        return "micro.result_required"
    return None


def micro_rating_target(rating: str, sent_back: int) -> str:
    """Where a rating takes a done item: back to work on a first 不满意, else accepted as rated."""
    if rating == MicroRating.DISSATISFIED and sent_back < SENT_BACK_MAX:
        return MicroState.IN_PROGRESS
    return MicroState.ACCEPTED


def micro_cost_problem(cost: float | None) -> str | None:
    """An amount in 万元: present, not negative, not absurd."""
    if cost is None:
        return "micro.cost_required"
    if cost != cost or cost < 0:  # NaN compares unequal to itself
        return "micro.cost_negative"
    if cost > COST_MAX:
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
    return state in OPEN_STATES and deadline is not None and deadline < today


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
