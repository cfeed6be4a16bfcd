import pytest

from db.vote import rules


def outcome(votes, places=3, threshold=5.0):
    result = rules.tally(votes, places, threshold)
    elected = sorted(line.candidate_id for line in result.lines if line.elected)
    tied = sorted(line.candidate_id for line in result.lines if line.tied_at_cutoff)
    return elected, tied, result.unfilled


@pytest.mark.parametrize(
    ("rule", "electorate", "ballots", "expected"),
    [("electorate_half", 377, 360, 188.5), ("ballots_half", 377, 360, 180.0), ("electorate_half", 0, 0, 0.0)],
)
def test_the_threshold_is_half_of_the_electorate_or_of_the_ballots(rule, electorate, ballots, expected):
    assert rules.pass_threshold(rule, electorate, ballots) == expected


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ({1: 9, 2: 8, 3: 7, 4: 6}, ([1, 2, 3], [], 0)),  # the top three of four passing
        ({1: 9, 2: 8, 3: 5, 4: 2}, ([1, 2], [], 1)),  # only two pass: a place stays open
        ({1: 5, 2: 5}, ([], [], 3)),  # exactly the threshold does not pass
        ({1: 9, 2: 8, 3: 7, 4: 7}, ([1, 2], [3, 4], 1)),  # a tie at the cut-off: re-vote, never a coin
        ({1: 9, 2: 7, 3: 7, 4: 7}, ([1], [2, 3, 4], 2)),
        ({1: 9, 2: 8, 3: 7, 4: 7, 5: 7}, ([1, 2], [3, 4, 5], 1)),
        ({1: 7, 2: 7, 3: 7}, ([1, 2, 3], [], 0)),  # tied, but all fit
        ({1: 9, 2: 8, 3: 6, 4: 6, 5: 1}, ([1, 2], [3, 4], 1)),
        ({}, ([], [], 3)),  # no candidates
        ({1: 0, 2: 0}, ([], [], 3)),  # zero ballots, or only empty ones
    ],
)
def test_the_top_passing_candidates_are_elected_and_ties_at_the_cut_off_are_flagged(votes, expected):
    assert outcome(votes) == expected


def test_lines_run_from_most_votes_and_say_who_passed():
    result = rules.tally({7: 3, 8: 9, 9: 6}, places=1, threshold=5)
    assert [(line.candidate_id, line.votes, line.passed, line.elected) for line in result.lines] == [
        (8, 9, True, True),
        (9, 6, True, False),
        (7, 3, False, False),
    ]
    assert (result.elected, result.unfilled, result.threshold) == (1, 0, 5)
