from datetime import date

import pytest

from db.projects import rules
from db.projects.rules import IndicatorFigures as F
from db.projects.rules import ScheduleStatus


@pytest.mark.parametrize(
    ("target", "value", "expected"),
    [
        (100, 50, 0.5),
        (100, 0, 0.0),
        (100, None, 0.0),
        (100, 150, 1.0),  # over-achievement is capped
        (0, 0, 1.0),  # nothing promised, reported: done
        (0, None, 0.0),  # nothing promised, never reported
        (0, 5, 1.0),
        (100, -5, 0.0),
    ],
)
def test_one_indicators_share_is_capped_at_its_target(target, value, expected):
    assert rules.indicator_share(target, value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("indicators", "expected"),
    [
        ([], 0.0),
        ([F(100, 1, 50)], 0.5),
        ([F(100, 3, 100), F(10, 1, 0)], 0.75),
        ([F(100, 1, 300), F(100, 1, 0)], 0.5),  # 300 % on one cannot hide 0 % on another
        ([F(100, 0, 100), F(100, 0, 0)], 0.5),  # zero weights: counted equally
        ([F(100, 0, 100), F(100, 2, 0)], 0.0),  # a zero weight among others counts for nothing
        ([F(0, 1, 0), F(10, 1, 5)], 0.75),  # target 0 is met
    ],
)
def test_completion_is_the_weighted_mean_of_capped_shares(indicators, expected):
    assert rules.completion(indicators) == pytest.approx(expected)


START, END = date(2026, 1, 1), date(2026, 12, 31)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), 0.0),
        (START, 1 / 365),
        (date(2026, 7, 2), 183 / 365),
        (END, 1.0),
        (date(2027, 3, 1), 1.0),  # a report after the end date: the plan is complete
    ],
)
def test_the_plan_is_a_straight_line_from_start_to_end(on, expected):
    assert rules.planned_share(START, END, on) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "planned", "reported", "expected"),
    [
        (1.0, 0.5, True, ScheduleStatus.DONE),
        (1.0, 1.0, True, ScheduleStatus.DONE),
        (0.999, 1.0, True, ScheduleStatus.ON_SCHEDULE),  # nearly done is not done
        (0.70, 0.50, True, ScheduleStatus.AHEAD),
        (0.55, 0.50, True, ScheduleStatus.ON_SCHEDULE),  # exactly the tolerance ahead is still on schedule
        (0.45, 0.50, True, ScheduleStatus.ON_SCHEDULE),  # exactly the tolerance behind is still on schedule
        (0.4499, 0.50, True, ScheduleStatus.LAGGING),
        (0.5501, 0.50, True, ScheduleStatus.AHEAD),
        (0.0, 0.02, False, ScheduleStatus.NOT_STARTED),  # no reports yet, and the plan asks for little
        (0.0, 0.40, False, ScheduleStatus.LAGGING),  # no reports yet, though the plan asks for 40 %
        (0.0, 0.03, True, ScheduleStatus.NOT_STARTED),
        (0.0, 0.0, True, ScheduleStatus.NOT_STARTED),
        (0.8, 1.0, True, ScheduleStatus.LAGGING),  # after the end date, not finished
    ],
)
def test_schedule_status_compares_actual_with_plan_within_the_tolerance(actual, planned, reported, expected):
    assert rules.schedule_status(actual, planned, reported=reported, tolerance_points=5) == expected


def test_the_tolerance_is_a_setting():
    assert rules.schedule_status(0.40, 0.50, reported=True, tolerance_points=10) == ScheduleStatus.ON_SCHEDULE
    assert rules.schedule_status(0.40, 0.50, reported=True, tolerance_points=5) == ScheduleStatus.LAGGING


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 12, 5), date(2026, 12, 31)),
    ],
)
def test_month_end(month, expected):
    assert rules.month_end(month) == expected
