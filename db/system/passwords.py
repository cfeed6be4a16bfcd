"""bcrypt hashing, compatible with streamlit-authenticator's Hasher (same library, same format)."""

from __future__ import annotations

import os
from functools import cache

import bcrypt

from db.core.errors import Refused
from db.system.rules import password_problem

# OWASP's minimum work factor for bcrypt is 10 (~60 ms here), and the default: a plenary's 377
# sign-ins then cost ~23 CPU-seconds, which two cores clear within the morning's target (at 12,
# ~92 s, they cannot; benchmarks/bench_signin.py). The environment may raise it (MINSHENG_BCRYPT_ROUNDS),
# never lower it below the minimum; tests lower ROUNDS itself to stay fast.
MIN_ROUNDS = 10
ROUNDS = max(MIN_ROUNDS, int(os.environ.get("MINSHENG_BCRYPT_ROUNDS", "10")))


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise Refused(problem)
    return _hash(password)


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt(ROUNDS)).decode()


@cache
def _dummy_hash(rounds: int) -> str:
    """A real hash at the current work factor, checked when the username is unknown, so that a
    wrong username costs the same time as a wrong password and does not reveal which accounts exist."""
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:72], (password_hash or _dummy_hash(ROUNDS)).encode())
    except ValueError:
        return False


def rounds_of(password_hash: str) -> int:
    """The work factor a bcrypt hash was made with ($2b$12$… → 12); 0 if it is not bcrypt's."""
    parts = password_hash.split("$")
    return int(parts[2]) if len(parts) > 3 and parts[2].isdigit() else 0


def upgraded_hash(password: str, password_hash: str) -> str | None:
    """A new hash at the current work factor if the stored one is weaker, else None.

    For the right password only, after it was checked: the hash of an account made before the
    work factor rose is replaced at its next successful sign-in. The password's own rules are not
    asked again (it was accepted when it was set).
    """
    if rounds_of(password_hash) >= ROUNDS:
        return None
    return _hash(password)
