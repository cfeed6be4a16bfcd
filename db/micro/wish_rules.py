"""Micro wishes (微心愿): states, actions and who may take them, values and dates."""

from __future__ import annotations

from datetime import date

from db.core.bounds import BOUNDS, Quantity
from db.core.vocabulary import Vocabulary

# A resident's small wish, recorded at a liaison station, claimed by one deputy, then fulfilled or
# explained. OPEN waits on the wall; CLAIMED is one deputy's; FULFILLED and UNFULFILLABLE close it;
# WITHDRAWN is an open wish the office cancelled (a duplicate, the resident no longer needs it). The
# office may release a claim back to the wall (the deputy cannot go on) but never claims itself: a
# wish is a deputy's promise to a resident.


class WishState(Vocabulary, labels="wish_state"):
    OPEN = "open"
    CLAIMED = "claimed"
    FULFILLED = "fulfilled"
    UNFULFILLABLE = "unfulfillable"
    WITHDRAWN = "withdrawn"


class WishCategory(Vocabulary, labels="wish_category"):
    STUDY = "study"  # 助学
    ELDERLY = "elderly"  # 助老
    DISABILITY = "disability"  # 助残
    EMPLOYMENT = "employment"  # 就业
    LIVING = "living"  # 生活
    OTHER = "other"  # 其他


class WishAction(Vocabulary, labels="wish_action"):
    CLAIM = "claim"
    NOTE = "note"  # a progress note keeps the wish claimed
    FULFIL = "fulfil"
    GIVE_UP = "unfulfillable"
    RELEASE = "release"
    WITHDRAW = "withdraw"


WISH_VALUE_MAX = int(BOUNDS[Quantity.WISH_VALUE].high)  # 元: a micro wish is a few hundred yuan; more is a typo
# Who acts on a wish: a deputy who has not claimed it, the deputy who has, the congress office.
WISH_DEPUTY, WISH_CLAIMER, WISH_OFFICE = "deputy", "claimer", "office"
# action -> (from state, to state, who may). A progress note keeps the wish claimed.
WISH_MOVES: dict[str, tuple[str, str, frozenset[str]]] = {
    WishAction.CLAIM: (WishState.OPEN, WishState.CLAIMED, frozenset({WISH_DEPUTY})),
    WishAction.NOTE: (WishState.CLAIMED, WishState.CLAIMED, frozenset({WISH_CLAIMER, WISH_OFFICE})),
    WishAction.FULFIL: (WishState.CLAIMED, WishState.FULFILLED, frozenset({WISH_CLAIMER, WISH_OFFICE})),
    WishAction.GIVE_UP: (WishState.CLAIMED, WishState.UNFULFILLABLE, frozenset({WISH_CLAIMER, WISH_OFFICE})),
    WishAction.RELEASE: (WishState.CLAIMED, WishState.OPEN, frozenset({WISH_OFFICE})),
    WishAction.WITHDRAW: (WishState.OPEN, WishState.WITHDRAWN, frozenset({WISH_OFFICE})),
}
# The text each move needs, and the refusal when it is missing.
WISH_TEXT_NEEDED: dict[str, str] = {
    WishAction.NOTE: "wish.note_required",
    WishAction.FULFIL: "wish.given_required",
    WishAction.GIVE_UP: "wish.explanation_required",
    WishAction.RELEASE: "wish.reason_required",
    WishAction.WITHDRAW: "wish.reason_required",
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
    if action == WishAction.CLAIM and state == WishState.CLAIMED and acting_as is not None:
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
