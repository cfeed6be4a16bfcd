"""The password is checked (bcrypt) before the sign-in's write transaction, never inside it: a burst of
sign-ins must not hold the account rows, pooled connections or SQLite's write lock for ~0.25 s each."""

from sqlalchemy import select

from db.core.session import read_scope, session_scope
from db.system import accounts, passwords
from db.system.models import Account, SecurityEvent
from tests import factories
from tests.conftest import fresh
from tests.factories import PASSWORD


def checked(username, password):
    with read_scope() as s:
        stored = accounts.password_hash_of(s, username)
    return accounts.check_password(stored, password)


def test_a_password_checked_beforehand_is_not_hashed_again_in_the_transaction(session, monkeypatch):
    factories.account(session, "leader", username="lee")
    right, wrong = checked(" LEE", PASSWORD), checked("lee", "wrong-password")
    assert (right.matches, wrong.matches) == (True, False)

    def no_bcrypt_here(*_args):
        raise AssertionError("bcrypt ran inside the write transaction")

    monkeypatch.setattr(accounts, "verify_password", no_bcrypt_here)
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", PASSWORD, checked=right).actor.username == "lee"
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", "wrong-password", checked=wrong).reason == "auth.wrong_credentials"
    fresh(session)
    kinds = session.scalars(
        select(SecurityEvent.kind).where(SecurityEvent.username == "lee").order_by(SecurityEvent.id)
    )
    assert list(kinds) == ["signed_in", "failed"]


def test_a_check_made_before_the_password_changed_is_not_trusted(session):
    factories.account(session, "leader", username="lee")
    old = checked("lee", PASSWORD)
    with session_scope() as s:
        s.scalar(select(Account).where(Account.username == "lee")).password_hash = passwords.hash_password(
            "a-new-password-7"
        )
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", PASSWORD, checked=old).reason == "auth.wrong_credentials"
    with session_scope() as s:
        assert accounts.sign_in(s, "lee", "a-new-password-7", checked=old).actor is not None


def test_an_unknown_username_costs_a_check_and_signs_nobody_in(session):
    unknown = checked("nobody", PASSWORD)
    assert unknown == accounts.CheckedPassword(None, False)
    with session_scope() as s:
        assert accounts.sign_in(s, "nobody", PASSWORD, checked=unknown).reason == "auth.wrong_credentials"
