"""The sign-in as a plenary morning meets it: no lock held for the hash, a throttle strangers cannot turn
against the owner, unknown usernames answered like known ones, every attempt in the security log."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import argon2
import bcrypt
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from db.core.errors import Forbidden
from db.core.session import read_scope, session_scope
from db.system import accounts, passwords, security
from db.system.models import Account
from tests import ballots, factories
from tests.conftest import fresh
from tests.db.vote.test_voting import plenary  # noqa: F401  (a fixture: an open round and its deputies)
from tests.factories import FAST_HASHER, PASSWORD, actor_of

NOW = datetime(2026, 3, 1, 9, 0)
S = timedelta(seconds=1)
STRANGER, OWNER_PHONE, NEW_LAPTOP = "203.0.113.9", "198.51.100.7", "192.0.2.44"


def attempt(username: str, password: str, client: str, now: datetime = NOW) -> accounts.SignInResult:
    return factories.sign_in(username, password, now, client)


def answers(username: str, client: str, times: int) -> list[tuple[str | None, int]]:
    return [(r.reason, r.seconds) for r in (attempt(username, f"wrong-{i}", client) for i in range(times))]


def test_a_strangers_wrong_passwords_slow_the_stranger_but_not_the_owner_on_their_own_device(session):
    factories.account(session, "deputy", username="dep")
    assert attempt("dep", PASSWORD, OWNER_PHONE, NOW - timedelta(days=2)).actor is not None  # the owner's phone

    assert answers("dep", STRANGER, 12)[:5] == [("auth.wrong_credentials", 0)] * 3 + [
        ("auth.throttled", 5),
        ("auth.throttled", 10),
    ]
    assert attempt("dep", PASSWORD, STRANGER, NOW + S).reason == "auth.throttled"  # the right password, unchecked
    # Twelve attempts against one account: a device it never signed in from waits too …
    assert attempt("dep", PASSWORD, NEW_LAPTOP, NOW + S).reason == "auth.throttled"
    # … but not the owner's phone.
    assert attempt("dep", PASSWORD, OWNER_PHONE, NOW + S).actor is not None


def test_the_delay_grows_with_each_attempt_and_runs_from_the_last_one(session):
    factories.account(session, "deputy", username="dep")
    answers("dep", STRANGER, 3)
    assert attempt("dep", "wrong", STRANGER, NOW + 4 * S).seconds == 1  # 5 s after the 3rd
    assert attempt("dep", "wrong", STRANGER, NOW + 13 * S).seconds == 1  # 10 s after the 4th (throttled too)
    assert attempt("dep", "wrong", STRANGER, NOW + 33 * S).reason == "auth.wrong_credentials"  # 20 s after the 5th
    assert attempt("dep", "wrong", STRANGER, NOW + 34 * S).seconds == 39  # 40 s after the 6th
    assert attempt("dep", PASSWORD, STRANGER, NOW + 34 * S + timedelta(minutes=15)).actor is not None


def test_one_client_trying_many_usernames_is_slowed_down(session):
    for i in range(20):
        attempt(f"guess{i}", "wrong", STRANGER)
    factories.account(session, "deputy", username="dep")
    assert attempt("dep", PASSWORD, STRANGER).reason == "auth.throttled"
    assert attempt("dep", PASSWORD, OWNER_PHONE).actor is not None


def test_known_and_unknown_usernames_get_the_same_answers_and_the_same_hash_work(session, monkeypatch):
    factories.account(session, "deputy", username="dep")
    assert answers("dep", STRANGER, 6) == answers("nobody", STRANGER, 6)

    costs: list[argon2.Parameters] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 (the library's name)
            costs.append(argon2.extract_parameters(str(hash)))
            return FAST_HASHER.verify(hash, password)

    monkeypatch.setattr(passwords, "HASHER", Counting(time_cost=1, memory_cost=8, parallelism=1))
    known = attempt("dep", "wrong", OWNER_PHONE)
    unknown = attempt("nobody", "wrong", OWNER_PHONE)
    assert known == unknown == accounts.SignInResult(None, "auth.wrong_credentials")
    assert costs == [argon2.extract_parameters(stored_hash(session))] * 2  # a dummy hash of the same parameters


def test_failures_logged_between_the_throttles_first_read_and_the_sign_in_still_count(session):
    factories.account(session, "deputy", username="dep")
    answers("dep", STRANGER, 2)
    with read_scope() as s:
        before = accounts.before_sign_in(s, "dep", STRANGER, NOW)
    assert before.wait_seconds == 0
    attempt("dep", "wrong-3", STRANGER)  # in parallel, the third failure is logged first
    checked = accounts.check_password(before.password_hash, "wrong-4")
    with session_scope() as s:
        late = accounts.sign_in(s, "dep", checked, NOW, client=STRANGER, before=before)
    assert (late.reason, late.seconds) == ("auth.throttled", 5)


def test_a_client_guessing_other_usernames_meanwhile_still_counts(session):
    factories.account(session, "deputy", username="dep")
    with read_scope() as s:
        before = accounts.before_sign_in(s, "dep", STRANGER, NOW)
    for i in range(20):  # twenty failures from the client: any username of theirs must now wait
        attempt(f"guess{i}", "wrong", STRANGER)
    checked = accounts.check_password(before.password_hash, PASSWORD)
    with session_scope() as s:
        late = accounts.sign_in(s, "dep", checked, NOW, client=STRANGER, before=before)
    assert late.reason == "auth.throttled"


def test_failures_on_the_account_from_other_clients_meanwhile_still_count(session):
    factories.account(session, "deputy", username="dep")
    for i in range(9):
        attempt("dep", "wrong", f"203.0.113.{i + 100}")
    with read_scope() as s:
        before = accounts.before_sign_in(s, "dep", NEW_LAPTOP, NOW)
    assert before.wait_seconds == 0
    attempt("dep", "wrong", "203.0.113.200")  # the tenth: a device the account never used must now wait
    checked = accounts.check_password(before.password_hash, PASSWORD)
    with session_scope() as s:
        late = accounts.sign_in(s, "dep", checked, NOW, client=NEW_LAPTOP, before=before)
    assert late.reason == "auth.throttled"


def test_on_sqlite_a_sign_in_with_nothing_logged_meanwhile_reads_the_throttle_once(session, monkeypatch):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL reads it again: ids may be committed out of order there")
    factories.account(session, "deputy", username="dep")
    factories.account(session, "deputy", username="other")
    with read_scope() as s:
        before = accounts.before_sign_in(s, "dep", OWNER_PHONE, NOW)
    assert attempt("other", PASSWORD, OWNER_PHONE).actor is not None  # the hall's router: one address
    checked = accounts.check_password(before.password_hash, PASSWORD)

    def not_again(*_args):
        raise AssertionError("the throttle was read again in the write transaction")

    monkeypatch.setattr(security, "seconds_to_wait", not_again)
    with session_scope() as s:
        assert accounts.sign_in(s, "dep", checked, NOW, client=OWNER_PHONE, before=before).actor


def test_every_sign_in_failure_and_throttle_is_in_the_security_log_for_the_admin(session):
    admin = actor_of(session, factories.account(session, "admin", username="root").username)
    factories.account(session, "deputy", username="dep")
    attempt("dep", PASSWORD, OWNER_PHONE)
    answers("dep", STRANGER, 4)
    attempt("nobody", "wrong", STRANGER)
    with read_scope() as s:
        by_stranger = security.browse(s, admin, security.SecurityFilter(client=STRANGER))
        of_dep = security.browse(s, admin, security.SecurityFilter(username="dep"))
        usernames, clients = security.filter_choices(s, admin)
    assert [(r.username, r.kind, r.known_account) for r in by_stranger] == [
        ("nobody", "failed", False),
        ("dep", "throttled", True),
        *[("dep", "failed", True)] * 3,
    ]
    assert by_stranger[1].wait_seconds == 5
    assert [r.client for r in of_dep] == [STRANGER] * 4 + [OWNER_PHONE]
    assert (usernames, clients) == (["dep", "nobody"], [OWNER_PHONE, STRANGER])
    with read_scope() as s, pytest.raises(Forbidden):
        security.browse(s, actor_of(session, "dep"), security.SecurityFilter())


def test_a_bcrypt_hash_is_replaced_by_argon2id_at_the_next_successful_sign_in(session):
    factories.account(session, "deputy", username="dep")
    with session_scope() as s:  # as accounts made before argon2id (and streamlit-authenticator) hashed
        s.scalar(select(Account).where(Account.username == "dep")).password_hash = bcrypt.hashpw(
            PASSWORD.encode(), bcrypt.gensalt(4)
        ).decode()
    attempt("dep", "wrong", OWNER_PHONE)
    assert stored_hash(session).startswith("$2b$04$")  # a wrong password changes nothing
    assert attempt("dep", PASSWORD, OWNER_PHONE).actor is not None
    assert stored_hash(session).startswith("$argon2id$")
    assert not passwords.needs_new_hash(stored_hash(session))
    assert passwords.verify_password(PASSWORD, stored_hash(session))
    assert attempt("dep", "wrong", OWNER_PHONE, NOW + S).actor is None
    assert attempt("dep", PASSWORD, OWNER_PHONE, NOW + S).actor is not None


def test_an_argon2_hash_of_weaker_parameters_is_replaced_at_the_next_successful_sign_in(session, monkeypatch):
    factories.account(session, "deputy", username="dep")  # the tests' cheapest parameters
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert attempt("dep", PASSWORD, OWNER_PHONE).actor is not None
    assert argon2.extract_parameters(stored_hash(session)).time_cost == 2
    assert attempt("dep", PASSWORD, OWNER_PHONE, NOW + S).actor is not None


def stored_hash(session) -> str:
    return fresh(session).scalar(select(Account.password_hash).where(Account.username == "dep"))


def test_a_ballot_cast_while_a_sign_in_checks_its_password_does_not_wait_for_it(session, plenary, monkeypatch):  # noqa: F811
    round_id, _office, deputies, _outsider, candidate_ids = plenary
    factories.account(session, "leader", username="lee")
    hashing, cast_done = threading.Event(), threading.Event()

    class Slow(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 (the library's name)
            hashing.set()  # the hash has begun, and lasts until the ballot is cast (or 10 s)
            cast_done.wait(timeout=10)
            return FAST_HASHER.verify(hash, password)

    monkeypatch.setattr(passwords, "HASHER", Slow(time_cost=1, memory_cost=8, parallelism=1))
    results: list[accounts.SignInResult] = []
    signing_in = threading.Thread(target=lambda: results.append(attempt("lee", PASSWORD, OWNER_PHONE)))
    signing_in.start()
    try:
        assert hashing.wait(timeout=10)
        started = time.monotonic()
        assert ballots.cast(deputies[0], round_id, candidate_ids[:2])
        cast_seconds = time.monotonic() - started
    finally:
        cast_done.set()
        signing_in.join(timeout=20)
    assert cast_seconds < 2  # not behind the sign-in (before: the whole hash, here up to 10 s)
    assert results and results[0].actor is not None
