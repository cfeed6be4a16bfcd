"""The hash policy: argon2id at OWASP's minimum for new hashes, bcrypt ones still verify and are replaced,
unknown usernames cost the same hash, and no more hashes run at once than there are cores."""

import subprocess
import sys
import threading
import time

import argon2
import bcrypt
import pytest
from argon2 import PasswordHasher

from db.system import passwords
from tests.conftest import PROJECT
from tests.factories import FAST_HASHER, PASSWORD

OLD_BCRYPT = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()  # as streamlit-authenticator made them


class CountingHasher(PasswordHasher):
    """The tests' cheap hasher, noting the parameters of every hash it verifies."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified: list[argon2.Parameters] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 (the library's name)
        self.verified.append(argon2.extract_parameters(str(hash)))
        return super().verify(hash, password)


def test_without_a_setting_new_passwords_are_hashed_with_argon2id_at_owasps_minimum():
    # the plenary's burst of sign-ins is sized on it (README: Sign-in and security); a fresh
    # interpreter, since the tests put a cheaper hasher in place
    code = "from db.system import passwords; print(passwords.hash_password('correct-horse-7'))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    made = done.stdout.strip()
    assert made.startswith("$argon2id$"), done.stderr
    used = argon2.extract_parameters(made)
    assert (used.type, used.memory_cost, used.time_cost, used.parallelism) == (argon2.Type.ID, 19 * 1024, 2, 1)
    assert (used.salt_len, used.hash_len) >= (16, 32)


def test_a_bcrypt_hash_made_before_still_verifies_and_is_due_for_an_argon2id_one():
    assert passwords.verify_password(PASSWORD, OLD_BCRYPT)
    assert passwords.needs_new_hash(OLD_BCRYPT)
    new = passwords.upgraded_hash(PASSWORD, OLD_BCRYPT)
    assert new is not None and new.startswith("$argon2id$")
    assert passwords.verify_password(PASSWORD, new)
    assert not passwords.needs_new_hash(new)
    assert passwords.upgraded_hash(PASSWORD, new) is None


def test_an_argon2_hash_of_other_parameters_is_due_for_a_new_one(monkeypatch):
    weaker = FAST_HASHER.hash(PASSWORD)
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=64, parallelism=1))
    assert passwords.verify_password(PASSWORD, weaker)
    assert passwords.needs_new_hash(weaker)


@pytest.mark.parametrize("stored", [OLD_BCRYPT, FAST_HASHER.hash(PASSWORD)], ids=["bcrypt", "argon2id"])
def test_a_wrong_password_fails_against_either_kind_of_hash(stored):
    assert not passwords.verify_password("wrong-password", stored)
    assert not passwords.verify_password(PASSWORD + "x", stored)
    assert not passwords.verify_password("", stored)


def test_a_stored_value_that_is_no_hash_verifies_nothing():
    for stored in ("plain-text", "$2b$04$short", "$argon2id$v=19$m=8,t=1,p=1$bad"):
        assert not passwords.verify_password(PASSWORD, stored)
        assert passwords.needs_new_hash(stored)


def test_an_unknown_account_costs_one_argon2id_check_with_the_same_parameters_as_a_known_one(monkeypatch):
    hasher = CountingHasher()
    monkeypatch.setattr(passwords, "HASHER", hasher)
    known = hasher.hash(PASSWORD)
    hasher.verified.clear()
    assert not passwords.verify_password("wrong-password", known)
    assert not passwords.verify_password("wrong-password", None)
    assert not passwords.verify_password(PASSWORD, None)
    assert hasher.verified == [argon2.extract_parameters(known)] * 3


def test_a_password_longer_than_bcrypt_reads_keeps_its_bcrypt_hash():
    # bcrypt matched its first 72 bytes only: that is not the password that was set
    exactly = "p" * 72
    stored = bcrypt.hashpw(exactly.encode(), bcrypt.gensalt(4)).decode()
    assert passwords.verify_password(exactly + "more", stored)
    assert passwords.upgraded_hash(exactly + "more", stored) is None
    assert passwords.upgraded_hash(exactly, stored) is not None


def test_no_more_hashes_run_at_once_than_the_machine_has_cores_and_in_as_many_threads_only(monkeypatch):
    running, most, lock, hashed_in = 0, 0, threading.Lock(), set()

    class SlowHasher(PasswordHasher):
        def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
                hashed_in.add(threading.get_ident())  # each thread that hashes keeps 19 MiB afterwards
            time.sleep(0.02)
            with lock:
                running -= 1
            return FAST_HASHER.hash(password)

    monkeypatch.setattr(passwords, "HASHER", SlowHasher())
    limit = passwords.HASHES_AT_ONCE
    threads = [threading.Thread(target=passwords.hash_password, args=(PASSWORD,)) for _ in range(4 * limit + 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert 1 <= most <= limit
    assert len(hashed_in) <= limit
