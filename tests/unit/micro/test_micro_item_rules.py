"""Micro livelihood items (微实事): every allowed move, every other one refused, and the small rules around them."""

from datetime import date
from itertools import product

import pytest

from db.core import rules as core_rules
from db.core.rules import DEPARTMENT, OFFICE
from db.micro import rules as micro_rules
from db.micro.rules import PROPOSER, MicroState
from db.survey.rules import Level

ACTORS = (OFFICE, DEPARTMENT, PROPOSER, None)
# (from, to) -> who may, and what a valid request of that move carries.
ALLOWED = {
    (MicroState.PROPOSED, MicroState.SCREENED): ({OFFICE}, {}),
    (MicroState.PROPOSED, MicroState.DECLINED): ({OFFICE}, {"note": "不属于微实事范围"}),
    (MicroState.SCREENED, MicroState.ASSIGNED): ({OFFICE}, {}),
    (MicroState.ASSIGNED, MicroState.IN_PROGRESS): ({DEPARTMENT}, {}),
    (MicroState.IN_PROGRESS, MicroState.DONE): ({DEPARTMENT}, {"note": "已安装护栏 120 米"}),
    (MicroState.DONE, MicroState.ACCEPTED): ({PROPOSER, OFFICE}, {"rating": Level.SATISFIED}),
    (MicroState.DONE, MicroState.IN_PROGRESS): (
        {PROPOSER, OFFICE},
        {"rating": Level.DISSATISFIED, "note": "护栏未刷漆"},
    ),
    (MicroState.ACCEPTED, MicroState.ARCHIVED): ({OFFICE}, {}),
}
REFUSAL = {
    frozenset({OFFICE}): "micro.office_only",
    frozenset({DEPARTMENT}): "micro.not_your_department",
    frozenset({PROPOSER, OFFICE}): "micro.not_your_item",
}


def test_the_table_of_moves_is_the_one_in_the_rules():
    assert {move: set(who) for move, who in micro_rules.MOVES.items()} == {m: w for m, (w, _) in ALLOWED.items()}


@pytest.mark.parametrize(("move", "who", "asked"), [(m, sorted(w), r) for m, (w, r) in sorted(ALLOWED.items())])
def test_each_allowed_move_is_allowed_to_its_actors(move, who, asked):
    for actor in who:
        assert micro_rules.micro_move_problem(*move, actor, **asked) is None


@pytest.mark.parametrize(("move", "who", "asked"), [(m, w, r) for m, (w, r) in sorted(ALLOWED.items())])
def test_each_allowed_move_is_refused_to_anyone_else_saying_whose_it_is(move, who, asked):
    for actor in set(ACTORS) - who:
        assert micro_rules.micro_move_problem(*move, actor, **asked) == REFUSAL[frozenset(who)]


@pytest.mark.parametrize("move", sorted(m for m in product(MicroState, repeat=2) if m not in ALLOWED))
def test_every_other_move_is_refused_whoever_asks(move):
    for actor in ACTORS:
        problem = micro_rules.micro_move_problem(*move, actor, note="n", rating=Level.SATISFIED)
        assert problem == "micro.move_not_allowed"


def test_declined_and_archived_are_final():
    for state in (MicroState.DECLINED, MicroState.ARCHIVED):
        assert not [move for move in micro_rules.MOVES if move[0] == state]


def test_declining_needs_a_reason():
    assert (
        micro_rules.micro_move_problem(MicroState.PROPOSED, MicroState.DECLINED, OFFICE, note="  ")
        == "micro.reason_required"
    )


def test_reporting_an_item_done_needs_what_was_done():
    assert (
        micro_rules.micro_move_problem(MicroState.IN_PROGRESS, MicroState.DONE, DEPARTMENT, note="")
        == "micro.result_required"
    )


@pytest.mark.parametrize("rating", [None, "", "abstain", "great"])
def test_accepting_needs_one_of_the_three_ratings(rating):
    problem = micro_rules.micro_move_problem(MicroState.DONE, MicroState.ACCEPTED, PROPOSER, rating=rating, note="好")
    assert problem == "micro.rating_required"


def test_a_dissatisfied_rating_needs_a_reason():
    problem = micro_rules.micro_move_problem(
        MicroState.DONE, MicroState.IN_PROGRESS, PROPOSER, rating=Level.DISSATISFIED, note=" "
    )
    assert problem == "micro.reason_required"


@pytest.mark.parametrize(
    ("rating", "sent_back", "target"),
    [
        (Level.SATISFIED, 0, MicroState.ACCEPTED),
        (Level.BASICALLY_SATISFIED, 0, MicroState.ACCEPTED),
        (Level.DISSATISFIED, 0, MicroState.IN_PROGRESS),  # the first 不满意 sends it back to the department
        (Level.DISSATISFIED, 1, MicroState.ACCEPTED),  # the second is recorded and closes it as rated
        (Level.SATISFIED, 1, MicroState.ACCEPTED),
    ],
)
def test_the_rating_decides_where_a_done_item_goes(rating, sent_back, target):
    assert micro_rules.micro_rating_target(rating, sent_back) == target
    assert (
        micro_rules.micro_move_problem(
            MicroState.DONE, target, PROPOSER, rating=rating, note="说明", sent_back=sent_back
        )
        is None
    )
    other = MicroState.ACCEPTED if target == MicroState.IN_PROGRESS else MicroState.IN_PROGRESS
    assert micro_rules.micro_move_problem(
        MicroState.DONE, other, PROPOSER, rating=rating, note="说明", sent_back=sent_back
    ) == ("micro.rating_decides")


@pytest.mark.parametrize(
    ("cost", "problem"),
    [
        (None, "micro.cost_required"),
        (-0.01, "micro.cost_negative"),
        (float("nan"), "micro.cost_negative"),
        (0, None),
        (49.5, None),
        (10_000, None),
        (10_000.01, "micro.cost_absurd"),
        (1e9, "micro.cost_absurd"),
    ],
)
def test_a_cost_is_present_not_negative_and_not_absurd(cost, problem):
    assert micro_rules.micro_cost_problem(cost) == problem


@pytest.mark.parametrize(("cost", "over"), [(50, False), (50.01, True), (12, False), (300, True)])
def test_above_the_cap_an_item_is_flagged_for_the_ten_projects_channel(cost, over):
    assert micro_rules.micro_over_cap(cost, micro_rules.COST_CAP) is over


@pytest.mark.parametrize(
    ("fund", "committed", "amount", "problem"),
    [
        (None, 0, 10, "micro.fund_not_set"),
        (100, 60, 40, None),  # exactly used up
        (100, 60, 40.01, "micro.fund_exceeded"),
        (100, 0, 0, None),
        (0, 0, 1, "micro.fund_exceeded"),
    ],
)
def test_a_division_fund_takes_an_item_only_while_it_lasts(fund, committed, amount, problem):
    assert micro_rules.micro_fund_problem(fund, committed, amount) == problem


@pytest.mark.parametrize(
    ("state", "deadline", "overdue"),
    [
        (MicroState.ASSIGNED, date(2026, 11, 26), True),
        (MicroState.IN_PROGRESS, date(2026, 11, 26), True),
        (MicroState.IN_PROGRESS, date(2026, 11, 27), False),  # due today is not yet overdue
        (MicroState.DONE, date(2026, 1, 1), False),  # waiting for the deputy's rating
        (MicroState.ACCEPTED, date(2026, 1, 1), False),
        (MicroState.SCREENED, None, False),
    ],
)
def test_an_item_is_overdue_only_while_the_department_works_on_it_after_its_deadline(state, deadline, overdue):
    assert micro_rules.is_micro_overdue(state, deadline, date(2026, 11, 27)) is overdue


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"%PDF-1.7\n", "pdf"),
        (b"GIF89a", None),
        (b"MZ\x90\x00", None),  # a Windows program, whatever its name says
        (b"<html>", None),
        (b"", None),
    ],
)
def test_a_files_kind_comes_from_its_first_bytes(content, kind):
    assert micro_rules.attachment_kind(content) == kind


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "micro.file_empty"),
        (b"%PDF-" + b"0" * (micro_rules.ATTACHMENT_MAX_BYTES - 5), None),
        (b"%PDF-" + b"0" * (micro_rules.ATTACHMENT_MAX_BYTES - 4), "micro.file_too_big"),
        (b"PK\x03\x04 a zip", "micro.file_type"),
    ],
)
def test_a_file_is_refused_when_empty_too_big_or_not_jpeg_png_or_pdf(content, problem):
    assert micro_rules.attachment_problem(content) == problem


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("现场照片.jpg", "jpeg", "现场照片.jpg"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\x\\护栏 图.PNG", "png", "护栏 图.png"),
        ("report.exe", "pdf", "report.pdf"),  # the suffix follows the content
        ("<script>.jpg", "jpeg", "script.jpg"),
        ("...", "png", "file.png"),
        ("a" * 200 + ".pdf", "pdf", "a" * 60 + ".pdf"),
    ],
)
def test_a_file_name_is_cleaned_to_a_safe_one_with_the_suffix_of_its_content(name, kind, safe):
    assert micro_rules.safe_filename(name, kind) == safe


@pytest.mark.parametrize(("values", "middle"), [([], None), ([3], 3), ([5, 1, 3], 3), ([4, 1, 3, 2], 2.5)])
def test_the_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(values, middle):
    assert core_rules.median(values) == middle
