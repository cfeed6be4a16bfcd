from datetime import datetime, timedelta

import pytest

from db.core import rules as core_rules
from db.system import rules as system_rules
from db.system.rules import Attempts

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


S = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("count", "delay"),
    [(0, 0 * S), (2, 0 * S), (3, 5 * S), (4, 10 * S), (5, 20 * S), (10, 640 * S), (11, 900 * S), (500, 900 * S)],
)
def test_a_client_passes_three_failed_attempts_then_waits_longer_after_each_up_to_fifteen_minutes(count, delay):
    assert system_rules.throttle_delay(system_rules.PAIR, count) == delay


def test_the_wait_runs_from_the_last_attempt():
    attempts = Attempts(4, NOW - 3 * S)  # 10 s after the fourth attempt
    assert system_rules.wait_left(system_rules.PAIR, attempts, NOW) == 7 * S
    assert system_rules.wait_left(system_rules.PAIR, attempts, NOW + 8 * S) == 0 * S


NONE = Attempts(0, None)


@pytest.mark.parametrize(
    ("pair", "client", "account", "known", "seconds"),
    [
        (NONE, NONE, NONE, False, 0),
        (Attempts(4, NOW), NONE, NONE, True, 10),  # this account from this client
        (NONE, Attempts(20, NOW), NONE, True, 5),  # this client, spraying many accounts
        (NONE, NONE, Attempts(10, NOW), False, 5),  # many clients against this account: a new client waits
        (NONE, NONE, Attempts(50, NOW), True, 0),  # but not the owner's device, known to the account
    ],
)
def test_strangers_slow_down_themselves_but_not_the_owner_on_a_device_the_account_knows(
    pair, client, account, known, seconds
):
    assert system_rules.seconds_to_wait(pair, client, account, known_client=known, now=NOW) == seconds


def test_a_hall_behind_one_address_does_not_slow_everyone_for_a_plenarys_typos():
    typos = Attempts(300, NOW)  # one address for the whole hall
    assert system_rules.seconds_to_wait(NONE, typos, NONE, known_client=True, now=NOW, shared=True) == 0
    assert system_rules.seconds_to_wait(NONE, typos, NONE, known_client=True, now=NOW) > 0
    # each account is still guarded from the hall: three free tries, then waits
    assert system_rules.seconds_to_wait(Attempts(4, NOW), typos, NONE, known_client=True, now=NOW, shared=True) == 10


@pytest.mark.parametrize(
    ("address", "expected"),
    [("10.8.3.4", True), ("10.9.0.1", False), ("2001:db8::7", True), ("", False), ("unknown", False)],
)
def test_an_address_is_shared_when_it_lies_in_a_configured_network(address, expected):
    assert system_rules.is_shared_address(address, ("10.8.0.0/16", "not a network", "2001:db8::/32")) is expected


def test_a_wait_of_a_fraction_of_a_second_is_said_as_one_second():
    assert system_rules.seconds_to_wait(Attempts(3, NOW - 4.5 * S), NONE, NONE, known_client=True, now=NOW) == 1


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
