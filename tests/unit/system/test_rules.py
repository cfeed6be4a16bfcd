from datetime import datetime, timedelta

import pytest

from db.core import rules as core_rules
from db.system import rules as system_rules
from db.system.rules import Lockout

NOW = datetime(2026, 3, 1, 9, 0)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", "account.password_too_short"),
        ("abc1234", "account.password_too_short"),
        ("abcd1234", None),
        ("aaaaaaaa", "account.password_too_simple"),
        ("abababab", "account.password_too_simple"),
        ("        ", "account.password_too_simple"),
        ("密码很安全的一句话", None),
        ("x" * 60 + "yz", None),
        ("é" * 37, "account.password_too_long"),  # 74 bytes in UTF-8: bcrypt would cut it
    ],
)
def test_a_password_needs_eight_characters_some_variety_and_at_most_72_bytes(password, expected):
    assert system_rules.password_problem(password) == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", None),
        ("d001", None),
        ("dept_jyj", None),
        ("", "input.required"),
        ("ab", "account.username_invalid"),
        ("Admin", "account.username_invalid"),
        ("1abc", "account.username_invalid"),
        ("a" * 33, "account.username_invalid"),
        ("张三", "account.username_invalid"),
        ("a b", "account.username_invalid"),
    ],
)
def test_usernames_are_short_lower_case_ascii(username, expected):
    assert system_rules.username_problem(username) == expected


@pytest.mark.parametrize(
    ("value", "required", "expected"),
    [
        ("", True, "input.required"),
        ("   ", True, "input.required"),
        (None, True, "input.required"),
        ("", False, None),
        ("x" * 10, True, None),
        ("x" * 11, True, "input.too_long"),
        ("  x  ", True, None),
    ],
)
def test_text_fields_refuse_empty_and_over_long_values(value, required, expected):
    assert core_rules.text_problem(value, max_length=10, required=required) == expected


@pytest.mark.parametrize(
    ("failed_before", "expected"),
    [
        (0, Lockout(1, None)),
        (3, Lockout(4, None)),
        (4, Lockout(0, NOW + timedelta(minutes=15))),
    ],
)
def test_the_fifth_wrong_password_in_a_row_locks_for_fifteen_minutes(failed_before, expected):
    assert system_rules.after_failed_sign_in(failed_before, NOW) == expected


@pytest.mark.parametrize(
    ("locked_until", "expected"),
    [
        (None, False),
        (NOW + timedelta(seconds=1), True),
        (NOW, False),
        (NOW - timedelta(minutes=1), False),
    ],
)
def test_a_lock_holds_until_its_end(locked_until, expected):
    assert system_rules.is_locked(locked_until, NOW) is expected


@pytest.mark.parametrize(
    ("left", "minutes"),
    [(timedelta(minutes=15), 15), (timedelta(seconds=61), 2), (timedelta(seconds=5), 1)],
)
def test_minutes_left_round_up(left, minutes):
    assert system_rules.minutes_left(NOW + left, NOW) == minutes


@pytest.mark.parametrize(
    ("issued_at", "valid_after", "expected"),
    [
        (NOW, None, True),
        (NOW, NOW - timedelta(seconds=1), True),
        (NOW, NOW, False),
        (NOW, NOW + timedelta(hours=1), False),
    ],
)
def test_a_sign_in_issued_before_a_revocation_is_no_longer_current(issued_at, valid_after, expected):
    assert system_rules.session_is_current(issued_at, valid_after) is expected
