"""Micro wishes' state machine: every allowed action, and every other one refused, with its reason."""

from datetime import date
from itertools import product

import pytest

from db.micro import wish_rules
from db.micro.wish_rules import WISH_CLAIMER, WISH_DEPUTY, WISH_OFFICE, WishAction, WishState

WHO = (WISH_DEPUTY, WISH_CLAIMER, WISH_OFFICE, None)
# (state, action) -> (the state it leads to, who may take it)
ALLOWED = {
    (WishState.OPEN, WishAction.CLAIM): (WishState.CLAIMED, {WISH_DEPUTY}),
    (WishState.CLAIMED, WishAction.NOTE): (WishState.CLAIMED, {WISH_CLAIMER, WISH_OFFICE}),
    (WishState.CLAIMED, WishAction.FULFIL): (WishState.FULFILLED, {WISH_CLAIMER, WISH_OFFICE}),
    (WishState.CLAIMED, WishAction.GIVE_UP): (WishState.UNFULFILLABLE, {WISH_CLAIMER, WISH_OFFICE}),
    (WishState.CLAIMED, WishAction.RELEASE): (WishState.OPEN, {WISH_OFFICE}),
    (WishState.OPEN, WishAction.WITHDRAW): (WishState.WITHDRAWN, {WISH_OFFICE}),
}
REFUSED_TO_OTHERS = {
    WishAction.CLAIM: "wish.deputies_only",
    WishAction.RELEASE: "wish.office_only",
    WishAction.WITHDRAW: "wish.office_only",
}


def test_the_table_of_moves_is_the_one_documented_here():
    assert {(source, action): (to, set(who)) for action, (source, to, who) in wish_rules.WISH_MOVES.items()} == ALLOWED


@pytest.mark.parametrize(("move", "who"), sorted((m, sorted(w, key=str)) for m, (_, w) in ALLOWED.items()))
def test_each_allowed_action_is_allowed_to_whoever_may_take_it_with_its_text(move, who):
    for acting_as in who:
        assert wish_rules.wish_move_problem(*move, acting_as, text="已送达书包和文具一套") is None


@pytest.mark.parametrize(("move", "who"), sorted((m, sorted(w, key=str)) for m, (_, w) in ALLOWED.items()))
def test_each_allowed_action_is_refused_to_anyone_else_with_the_reason(move, who):
    expected = REFUSED_TO_OTHERS.get(move[1], "wish.not_yours")
    for acting_as in set(WHO) - set(who):
        assert wish_rules.wish_move_problem(*move, acting_as, text="说明") == expected


@pytest.mark.parametrize(
    "move", sorted(m for m in product(WishState, wish_rules.WISH_MOVES) if m not in ALLOWED), ids=str
)
def test_every_other_action_is_refused_as_not_allowed_in_that_state(move):
    for acting_as in WHO:
        problem = wish_rules.wish_move_problem(*move, acting_as, text="说明")
        if move == (WishState.CLAIMED, WishAction.CLAIM) and acting_as is not None:
            continue  # says who has it: see the next test
        assert problem == "wish.move_not_allowed"


def test_claiming_a_claimed_wish_says_another_deputy_has_it_or_that_it_is_already_yours():
    assert wish_rules.wish_move_problem(WishState.CLAIMED, WishAction.CLAIM, WISH_DEPUTY) == "wish.already_claimed"
    assert wish_rules.wish_move_problem(WishState.CLAIMED, WishAction.CLAIM, WISH_OFFICE) == "wish.already_claimed"
    assert wish_rules.wish_move_problem(WishState.CLAIMED, WishAction.CLAIM, WISH_CLAIMER) == "wish.already_yours"


def test_an_unknown_action_is_refused():
    assert wish_rules.wish_move_problem(WishState.OPEN, "delete", WISH_OFFICE) == "wish.move_not_allowed"


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        (WishAction.NOTE, "wish.note_required"),
        (WishAction.FULFIL, "wish.given_required"),
        (WishAction.GIVE_UP, "wish.explanation_required"),
        (WishAction.RELEASE, "wish.reason_required"),
        (WishAction.WITHDRAW, "wish.reason_required"),
    ],
)
def test_every_action_but_a_claim_needs_its_text(action, reason):
    source, _, who = wish_rules.WISH_MOVES[action]
    acting_as = WISH_OFFICE if WISH_OFFICE in who else WISH_CLAIMER
    assert wish_rules.wish_move_problem(source, action, acting_as, text="  ") == reason


def test_a_claim_needs_no_text():
    assert wish_rules.wish_move_problem(WishState.OPEN, WishAction.CLAIM, WISH_DEPUTY, text="") is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, None),  # a visit or a volunteer's repair costs nothing
        (300, None),
        (20_000, None),
        (300.0, None),
        (-1, "wish.value_invalid"),
        (20_001, "wish.value_invalid"),
        (10**9, "wish.value_invalid"),
        (12.5, "wish.value_invalid"),  # whole yuan
        (float("nan"), "wish.value_invalid"),
        ("300", "wish.value_invalid"),
        (None, "wish.value_invalid"),
        (True, "wish.value_invalid"),
    ],
)
def test_an_estimated_value_is_whole_yuan_from_nothing_to_the_limit(value, problem):
    assert wish_rules.wish_value_problem(value) == problem


@pytest.mark.parametrize(
    ("on", "problem"),
    [
        (date(2026, 11, 27), None),
        (date(2026, 10, 1), None),  # the day it was recorded
        (date(2026, 11, 28), "wish.date_future"),
        (date(2026, 9, 30), "wish.date_before_recorded"),
    ],
)
def test_a_wish_is_fulfilled_between_its_recording_and_today(on, problem):
    assert wish_rules.wish_date_problem(on, recorded=date(2026, 10, 1), today=date(2026, 11, 27)) == problem
