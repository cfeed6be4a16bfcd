"""The turnout floor: more than a share of the electorate must vote for the turnout to count as reached."""

import pytest

from db.vote.rules import DEFAULT_TURNOUT_FLOOR, TURNOUT_FLOOR_RANGE, turnout_reached


@pytest.mark.parametrize(
    ("cast", "electorate", "floor", "expected"),
    [
        (189, 377, 50, True),  # 50.1 %: more than half
        (188, 377, 50, False),  # 49.9 %
        (1, 377, 50, False),  # the trial's 0.3 %
        (50, 100, 50, False),  # exactly half is not more than half
        (51, 100, 50, True),
        (67, 100, 66, True),
        (66, 100, 66, False),
        (1, 100, 0, True),  # a floor of 0 asks only that someone voted
        (0, 100, 0, False),
        (0, 0, 50, False),  # an empty electorate never reaches any floor
        (0, 0, 0, False),
    ],
)
def test_the_turnout_is_reached_only_when_more_than_the_floor_voted(cast, electorate, floor, expected):
    assert turnout_reached(cast, electorate, floor) is expected


def test_the_default_floor_is_more_than_half_of_the_electorate():
    assert DEFAULT_TURNOUT_FLOOR == 50
    assert turnout_reached(189, 377, DEFAULT_TURNOUT_FLOOR) and not turnout_reached(188, 377, DEFAULT_TURNOUT_FLOOR)


def test_a_floor_is_a_whole_percent_below_one_hundred_since_more_than_all_can_never_vote():
    assert TURNOUT_FLOOR_RANGE == range(0, 100)
