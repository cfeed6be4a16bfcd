"""The rectification ledger's state machine: every allowed move, and every other one refused."""

from datetime import date
from itertools import product

import pytest

from db.core.rules import DEPARTMENT, OFFICE
from db.oversight import rules
from db.oversight.rules import RectificationState

ALLOWED = {
    (RectificationState.OPEN, RectificationState.IN_PROGRESS): DEPARTMENT,
    (RectificationState.IN_PROGRESS, RectificationState.RECTIFIED): DEPARTMENT,
    (RectificationState.RECTIFIED, RectificationState.VERIFIED): OFFICE,
    (RectificationState.RECTIFIED, RectificationState.IN_PROGRESS): OFFICE,
    (RectificationState.OPEN, RectificationState.REJECTED): OFFICE,
    (RectificationState.IN_PROGRESS, RectificationState.REJECTED): OFFICE,
    (RectificationState.RECTIFIED, RectificationState.REJECTED): OFFICE,
}


@pytest.mark.parametrize(("move", "who"), sorted(ALLOWED.items()))
def test_each_allowed_move_is_allowed_to_its_actor_with_a_note_and_evidence(move, who):
    assert rules.rectification_move_problem(*move, who, note="写明情况", evidence="整改照片及验收单") is None


@pytest.mark.parametrize(("move", "who"), sorted(ALLOWED.items()))
def test_each_allowed_move_is_refused_to_anyone_else(move, who):
    for other in {DEPARTMENT, OFFICE, None} - {who}:
        expected = "rectification.not_yours" if who == DEPARTMENT else "rectification.office_only"
        assert rules.rectification_move_problem(*move, other, note="n", evidence="e") == expected


@pytest.mark.parametrize("move", sorted(m for m in product(RectificationState, repeat=2) if m not in ALLOWED))
def test_every_other_move_is_refused_whoever_asks(move):
    for who in (DEPARTMENT, OFFICE, None):
        assert rules.rectification_move_problem(*move, who, note="n", evidence="e") == "rectification.move_not_allowed"


@pytest.mark.parametrize("move", sorted(rules.REASON_NEEDED))
def test_sending_back_or_rejecting_needs_a_reason(move):
    assert rules.rectification_move_problem(*move, OFFICE, note="  ", evidence="") == "rectification.reason_required"


def test_marking_an_item_rectified_needs_evidence_of_what_was_done():
    problem = rules.rectification_move_problem(
        RectificationState.IN_PROGRESS, RectificationState.RECTIFIED, DEPARTMENT, note="", evidence=" "
    )
    assert problem == "rectification.evidence_required"


@pytest.mark.parametrize(
    ("state", "deadline", "overdue"),
    [
        (RectificationState.OPEN, date(2026, 11, 26), True),
        (RectificationState.IN_PROGRESS, date(2026, 11, 26), True),
        (RectificationState.OPEN, date(2026, 11, 27), False),  # due today is not yet overdue
        (RectificationState.RECTIFIED, date(2026, 1, 1), False),  # waiting for the office's check
        (RectificationState.VERIFIED, date(2026, 1, 1), False),
        (RectificationState.REJECTED, date(2026, 1, 1), False),
    ],
)
def test_an_item_is_overdue_only_while_worked_on_after_its_deadline(state, deadline, overdue):
    assert rules.is_overdue(state, deadline, date(2026, 11, 27)) is overdue
