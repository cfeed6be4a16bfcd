"""The password is checked (argon2id) before the sign-in's write transaction, never inside it: a burst of
sign-ins must not hold the account rows, pooled connections or SQLite's write lock for the check."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from db.core.session import read_scope, session_scope
from db.system import accounts, passwords
from db.system.models import Account, SecurityEvent
from tests import factories
from tests.conftest import fresh
from tests.factories import PASSWORD

NOW = datetime(2026, 3, 1, 9, 0)
STRANGER = "203.0.113.9"


@pytest.fixture(autouse=True)
def no_check_in_the_write(monkeypatch):
    """sign_in() never verifies a password: check_password() does, before it (checked() below, here)."""

    def no_hash_here(*_args):
        raise AssertionError("a password was verified inside the write transaction")

    monkeypatch.setattr(accounts, "verify_password", no_hash_here)


def checked(username, password):
    """check_password()'s answer, made with passwords.verify_password directly (accounts' is barred here)."""
    with read_scope() as s:
        stored = accounts.password_hash_of(s, username)
    return accounts.CheckedPassword(stored, passwords.verify_password(password, stored))


def events(session, username):
    fresh(session)
    return list(
        session.scalars(select(SecurityEvent.kind).where(SecurityEvent.username == username).order_by(SecurityEvent.id))
    )


def test_a_password_checked_beforehand_is_not_checked_again_in_the_transaction(session):
    factories.account(session, "leader", username="lee")
    right = checked(" LEE", PASSWORD)
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", right).actor.username == "lee"
    assert events(session, "lee") == ["signed_in"]


def test_a_check_made_before_the_password_changed_is_sent_back_to_be_checked_again_and_writes_nothing(session):
    factories.account(session, "leader", username="lee")
    old = checked("lee", PASSWORD)
    with session_scope() as s:
        s.scalar(select(Account).where(Account.username == "lee")).password_hash = passwords.hash_password(
            "a-new-password-7"
        )
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", old) == accounts.SignInResult(None, check_again=True)
    assert events(session, "lee") == []
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", checked("lee", "a-new-password-7")).actor is not None


def test_no_check_because_a_throttle_said_wait_is_sent_back_once_the_throttle_has_ended(session):
    factories.account(session, "deputy", username="dep")
    for i in range(3):
        wrong = checked("dep", f"wrong-{i}")
        with session_scope() as s:
            accounts.sign_in(s, "dep", wrong, NOW, client=STRANGER)
    with read_scope() as s:
        before = accounts.before_sign_in(s, "dep", STRANGER, NOW)
    assert before.wait_seconds > 0  # so the sign-in makes no check
    later = NOW + timedelta(seconds=before.wait_seconds + 1)
    with session_scope() as s:
        result = accounts.sign_in(s, "dep", None, later, client=STRANGER)  # the throttle read again, at `later`
    assert result == accounts.SignInResult(None, check_again=True)
    assert events(session, "dep") == ["failed"] * 3


def test_an_unknown_username_costs_a_check_and_signs_nobody_in(session):
    unknown = checked("nobody", PASSWORD)
    assert unknown == accounts.CheckedPassword(None, False)
    with session_scope() as s:
        assert accounts.sign_in(s, "nobody", unknown).reason == "auth.wrong_credentials"
    assert events(session, "nobody") == ["failed"]
