"""Accounts: usernames, passwords, the lockout, revocation of sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

LOCKOUT_ATTEMPTS = 5
LOCKOUT_DURATION = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_BYTES = 72  # bcrypt reads no further; a longer password would be silently cut
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,31}$")
DEPARTMENT_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9]{1,15}$")


def username_problem(username: str) -> str | None:
    if not username:
        return "input.required"
    if not USERNAME_PATTERN.match(username):
        return "account.username_invalid"
    return None


def password_problem(password: str) -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return "account.password_too_short"
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        return "account.password_too_long"
    if password.strip() == "" or len(set(password)) < 3:
        return "account.password_too_simple"
    return None


@dataclass(frozen=True)
class Lockout:
    failed_attempts: int
    locked_until: datetime | None


def after_failed_sign_in(failed_attempts: int, now: datetime) -> Lockout:
    """The fifth wrong password in a row locks the account for fifteen minutes."""
    failed = failed_attempts + 1
    if failed >= LOCKOUT_ATTEMPTS:
        return Lockout(failed_attempts=0, locked_until=now + LOCKOUT_DURATION)
    return Lockout(failed_attempts=failed, locked_until=None)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def minutes_left(locked_until: datetime, now: datetime) -> int:
    return max(1, -(-int((locked_until - now).total_seconds()) // 60))


def session_is_current(issued_at: datetime, valid_after: datetime | None) -> bool:
    """A sign-in (cookie) is current unless the account revoked sessions after it was issued."""
    return valid_after is None or issued_at > valid_after
