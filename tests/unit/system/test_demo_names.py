import random

import pytest

from db.demo import names, session_name


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, "市十六届人大一次会议"),
        (2024, "市十六届人大四次会议"),
        (2025, "市十六届人大五次会议"),
        (2026, "市十七届人大一次会议"),
        (2031, "市十八届人大一次会议"),
    ],
)
def test_session_names_follow_jiangmens_sixteenth_congress(year, expected):
    assert session_name(year) == expected


def test_generated_names_are_distinct_chinese_names():
    made = names.generate(random.Random(7), 377)
    assert len(set(made)) == 377
    assert all(2 <= len(n) <= 4 for n in made)
