"""bcrypt hashing, compatible with streamlit-authenticator's Hasher (same library, same format)."""

from __future__ import annotations

import os

import bcrypt

from db.core.errors import Refused
from db.system.rules import password_problem

# bcrypt's default work factor; tests lower it through the environment to stay fast.
ROUNDS = int(os.environ.get("MINSHENG_BCRYPT_ROUNDS", "12"))
# A real hash to compare against when the username is unknown, so that a wrong username
# costs the same time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt()).decode()


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise Refused(problem)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(ROUNDS)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:72], (password_hash or _DUMMY_HASH).encode())
    except ValueError:
        return False
