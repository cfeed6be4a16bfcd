"""The count's own check of an opened ballot, and the recount anyone can make of the published list."""

import pytest

from db.vote.rules import recount, valid_picks

ROUND = {11, 12, 13}


def test_a_ballot_within_the_rules_gives_its_picks_sorted():
    assert valid_picks({"picks": [13, 11]}, 2, ROUND) == (11, 13)


def test_an_empty_ballot_is_valid_and_picks_nothing():
    assert valid_picks({"picks": []}, 2, ROUND) == ()


@pytest.mark.parametrize(
    "payload",
    [
        None,  # did not open
        [11],  # not the ballot's shape
        {"picks": [11], "deputy": 5},  # anything beside the picks
        {"picks": "11"},
        {"picks": [11, 11]},  # twice the same
        {"picks": [11, 12, 13]},  # more than the round allows
        {"picks": [99]},  # not a candidate of the round
        {"picks": [True]},  # a boolean is not a candidate id
        {"picks": [11.0]},
    ],
)
def test_a_ballot_that_breaks_the_rules_is_invalid(payload):
    assert valid_picks(payload, 2, ROUND) is None


def test_a_recount_counts_each_valid_ballots_picks_and_no_invalid_one():
    assert recount([(True, (11, 12)), (True, (12,)), (False, ()), (True, ())]) == {11: 1, 12: 2}
