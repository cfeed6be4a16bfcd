"""Satisfaction rates and the 镇海 grade as pure rules: a table of cases, the edges included."""

from datetime import date

import pytest

from db.survey import rules
from db.survey.rules import Level, SatisfactionCount

CASES = [
    # satisfied, basically, dissatisfied, abstain -> satisfied rate, overall rate, grade
    ((6, 3, 1, 0), 0.6, 0.9, Level.SATISFIED),
    ((5, 4, 1, 0), 0.5, 0.9, Level.BASICALLY_SATISFIED),  # exactly half is not more than half
    ((5, 0, 5, 0), 0.5, 0.5, Level.DISSATISFIED),
    ((3, 2, 5, 0), 0.3, 0.5, Level.DISSATISFIED),  # 满意 + 基本满意 exactly half: not more
    ((3, 3, 4, 0), 0.3, 0.6, Level.BASICALLY_SATISFIED),
    ((5, 1, 0, 4), 5 / 6, 1.0, Level.BASICALLY_SATISFIED),  # abstentions count among voters, not in the rates
    ((6, 0, 0, 4), 1.0, 1.0, Level.SATISFIED),
    ((0, 0, 0, 7), None, None, Level.DISSATISFIED),  # all abstain: no rate, and nothing exceeds half
    ((1, 0, 0, 0), 1.0, 1.0, Level.SATISFIED),  # a single voter
    ((0, 1, 0, 0), 0.0, 1.0, Level.BASICALLY_SATISFIED),
    ((0, 0, 1, 0), 0.0, 0.0, Level.DISSATISFIED),
    ((0, 0, 0, 0), None, None, None),  # no response: no grade
]


def approx(rate):
    return None if rate is None else pytest.approx(rate)


@pytest.mark.parametrize(("counts", "satisfied_rate", "overall_rate", "grade"), CASES)
def test_rates_and_grade_follow_the_rule(counts, satisfied_rate, overall_rate, grade):
    count = SatisfactionCount(*counts)
    assert (count.satisfied_rate, count.overall_rate) == (approx(satisfied_rate), approx(overall_rate))
    assert rules.satisfaction_grade(count) == grade


@pytest.mark.parametrize(
    ("counts", "flagged"),
    [
        ((8, 1, 1, 0), False),  # 满意, 90 %
        ((5, 3, 2, 0), False),  # 基本满意, exactly 80 % is not below
        ((4, 3, 3, 0), True),  # 基本满意 but 70 % < 80 %
        ((2, 2, 6, 0), True),  # 不满意
        ((0, 0, 0, 5), True),  # all abstain: graded 不满意
        ((0, 0, 0, 0), False),  # nobody answered: nothing to act on
    ],
)
def test_a_project_is_sent_for_rectification_when_graded_dissatisfied_or_below_the_rate(counts, flagged):
    assert rules.needs_rectification(SatisfactionCount(*counts)) is flagged


@pytest.mark.parametrize(
    ("counts", "below_rate", "causes"),
    [
        ((1, 0, 3, 0), 0.8, [rules.FlagCause.DISSATISFIED, rules.FlagCause.RATE_BELOW]),
        ((1, 0, 0, 3), 0.8, [rules.FlagCause.DISSATISFIED]),  # 100 % of one rating, but 1 of 4 voters
        ((3, 2, 3, 0), 0.7, [rules.FlagCause.RATE_BELOW]),  # 基本满意 at 62.5 %
        ((6, 3, 1, 0), 0.8, []),
    ],
)
def test_the_causes_of_a_flag_name_the_grade_the_rate_or_both(counts, below_rate, causes):
    assert rules.flag_causes(SatisfactionCount(*counts), below_rate=below_rate) == causes


def test_both_rectification_conditions_are_settings():
    count = SatisfactionCount(4, 3, 3, 0)  # 70 %, 基本满意
    assert rules.needs_rectification(count, below_rate=0.6) is False
    graded_dissatisfied = SatisfactionCount(0, 0, 0, 5)
    assert rules.needs_rectification(graded_dissatisfied, when_dissatisfied=False) is False


@pytest.mark.parametrize(
    ("stage", "year", "expected"),
    [
        ("midyear", 2026, None),
        ("yearend", 2026, None),
        ("yearend", 2025, None),  # last year's year-end survey, held at this year's plenary
        ("lookback", 2025, None),
        ("lookback", 2026, "survey.lookback_past_only"),  # this year's projects cannot be looked back on yet
        ("midyear", 2027, "survey.year_future"),
        ("lookback", 2027, "survey.year_future"),
    ],
)
def test_a_round_asks_about_a_year_begun_and_a_look_back_only_about_an_earlier_one(stage, year, expected):
    assert rules.survey_stage_problem(stage, year, date(2026, 11, 27)) == expected
