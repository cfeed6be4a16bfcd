"""Accounts: usernames, passwords, the sign-in throttle, revocation of sessions."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.core.vocabulary import Vocabulary

LOCKOUT_DURATION = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 8
# bcrypt's limit (it read no further, cutting a longer password silently), kept with argon2id: the
# rule every existing password was set under, and a bound on what a sign-in makes the server hash.
PASSWORD_MAX_BYTES = 72
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


class SecurityEventKind(Vocabulary, labels="security_event"):
    """What the security log records of a sign-in attempt (or an administrator's unlock)."""

    SIGNED_IN = "signed_in"
    FAILED = "failed"  # a wrong password or an unknown username: one code, as the person is told
    THROTTLED = "throttled"  # refused unchecked: too many failed attempts lately
    INACTIVE = "inactive"  # the right password of a deactivated account
    UNLOCKED = "unlocked"  # an administrator cleared the account's throttle


@dataclass(frozen=True)
class Throttle:
    """Failed attempts of one key that pass freely, then a delay that doubles with each further one."""

    free: int
    first_delay: timedelta
    longest_delay: timedelta


# A stranger's attempts against an account slow down that stranger (this account from that client,
# and that client for every account) but not the owner on a device the account signed in from:
# the account-wide throttle applies only to clients it does not know.
THROTTLE_WINDOW = LOCKOUT_DURATION  # attempts older than this are forgotten
KNOWN_CLIENT_FOR = timedelta(days=30)
PAIR = Throttle(free=3, first_delay=timedelta(seconds=5), longest_delay=LOCKOUT_DURATION)
CLIENT = Throttle(free=20, first_delay=timedelta(seconds=5), longest_delay=LOCKOUT_DURATION)
ACCOUNT = Throttle(free=10, first_delay=timedelta(seconds=5), longest_delay=LOCKOUT_DURATION)
# One address for a whole hall (MINSHENG_SHARED_NETWORKS): 377 deputies' typos in a quarter of an
# hour must not slow every one of them; each account is still guarded by PAIR and ACCOUNT.
SHARED_CLIENT = Throttle(free=500, first_delay=timedelta(seconds=5), longest_delay=LOCKOUT_DURATION)


def is_shared_address(address: str, networks: tuple[str, ...]) -> bool:
    """Whether `address` lies in one of the configured shared networks (CIDR, e.g. 10.8.0.0/16)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(networks))


def _networks(written: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The networks that parse; a mistyped one in the settings is left out rather than refusing sign-ins."""
    parsed = []
    for text in written:
        try:
            parsed.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            continue
    return parsed


@dataclass(frozen=True)
class Attempts:
    """Recent failed (or throttled) attempts of one key, and when the last one was."""

    count: int
    last: datetime | None


def throttle_delay(throttle: Throttle, count: int) -> timedelta:
    """No delay for the first `free` attempts; then first_delay, doubling, up to longest_delay."""
    if count < throttle.free:
        return timedelta(0)
    doublings = min(count - throttle.free, 20)  # 2**20 first delays exceed any longest delay
    return min(throttle.longest_delay, throttle.first_delay * 2**doublings)


def wait_left(throttle: Throttle, attempts: Attempts, now: datetime) -> timedelta:
    if attempts.last is None:
        return timedelta(0)
    return max(timedelta(0), attempts.last + throttle_delay(throttle, attempts.count) - now)


def seconds_to_wait(
    pair: Attempts, client: Attempts, account: Attempts, *, known_client: bool, now: datetime, shared: bool = False
) -> int:
    """How long this client must wait before trying this username again (0: it may now)."""
    waits = [wait_left(PAIR, pair, now), wait_left(SHARED_CLIENT if shared else CLIENT, client, now)]
    if not known_client:
        waits.append(wait_left(ACCOUNT, account, now))
    return -(-int(max(waits).total_seconds() * 1000) // 1000)


def session_is_current(issued_at: datetime, valid_after: datetime | None) -> bool:
    """A sign-in (cookie) is current unless the account revoked sessions after it was issued."""
    return valid_after is None or issued_at > valid_after
