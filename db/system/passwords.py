"""Password hashes: argon2id at OWASP's minimum for new ones; bcrypt ones still verify, and are replaced.

argon2id at m=19 MiB, t=2, p=1 (OWASP's Password Storage Cheat Sheet, its first choice) costs ~24 ms
of CPU a check here, a third of bcrypt at cost 10 (~68 ms): a plenary's 377 sign-ins at once are
~9 CPU-seconds of hashing instead of ~26, on two cores (issue 14: p95 ≤ 15 s; benchmarks/bench_signin.py).
Hashes made before (bcrypt, streamlit-authenticator's format, any cost) keep signing in, and the
right password is hashed anew with argon2id at that sign-in (`upgraded_hash`).

Both libraries call C through CFFI, which lets go of the GIL for the call: a hash holds a core,
not the process's other threads (benchmarks/bench_plenary.py measures it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

import bcrypt
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from db.core.errors import Refused
from db.system.rules import PASSWORD_MAX_BYTES, password_problem

# OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane. Not settable: a deployment
# cannot go below it, and above it the plenary's burst no longer fits its target.
MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
HASHER = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID)

# At most one hash per core at a time, in each process, in a few threads kept for it. Every browser
# session runs its script in a thread of its own, so 377 people pressing "sign in" together would
# otherwise start 377 argon2 computations at once, each holding its 19 MiB until done (~7 GiB for a
# process that otherwise needs ~250 MiB), and sharing two cores they would all finish late
# together; queued here, the first comers are in first. The same few threads also keep memory
# down afterwards: once a 19 MiB block is freed, the allocator (glibc raises its mmap threshold)
# keeps the next ones in the arena of the thread that hashed, so hashing in every session's thread
# left ~19 MiB behind in each (a server with 20 sessions signed in grew from 258 to 536 MiB). Waiting
# for the result frees the GIL and holds no database connection (the check runs outside every
# transaction: db/system/accounts.py).
HASHES_AT_ONCE = len(os.sched_getaffinity(0)) or 1  # the cores this process may use (a container's, not the host's)
_HASHING = ThreadPoolExecutor(max_workers=HASHES_AT_ONCE, thread_name_prefix="password-hash")
T = TypeVar("T")


def _bounded(work: Callable[[], T]) -> T:
    return _HASHING.submit(work).result()


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise Refused(problem)
    return _hash(password)


@dataclass(frozen=True)
class NewPassword:
    """A new password, held to the rules and hashed before the transaction that stores it opens.

    argon2id takes ~24 ms of CPU: inside a write transaction it would hold the account's row, and on
    SQLite the whole database's write lock, while every other write (ballots included) queued.
    """

    hash: str = field(repr=False)


def new_password(password: str) -> NewPassword:
    """Raises Refused when the password breaks the rules (too short, too long, too simple)."""
    return NewPassword(hash_password(password))


def _hash(password: str) -> str:
    hasher = HASHER  # read once: the tests put a cheaper one here
    return _bounded(lambda: hasher.hash(password))


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A real hash with the current parameters, checked when the username is unknown, so that a
    wrong username costs the same time as a wrong password and does not reveal which accounts exist."""
    return _bounded(lambda: hasher.hash("not-a-password"))


def is_bcrypt(password_hash: str) -> bool:
    return password_hash.startswith(("$2a$", "$2b$", "$2y$"))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether the password is the hash's; an unknown account (None) checks a dummy argon2id hash."""
    hasher = HASHER
    stored = password_hash or _dummy_hash(hasher)
    if is_bcrypt(stored):
        # bcrypt reads the first 72 bytes only (hence rules.PASSWORD_MAX_BYTES for new passwords).
        typed = password.encode("utf-8")[:PASSWORD_MAX_BYTES]
        try:
            return _bounded(lambda: bcrypt.checkpw(typed, stored.encode()))
        except ValueError:  # not a well-formed bcrypt hash
            return False
    try:
        return _bounded(lambda: hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_new_hash(password_hash: str) -> bool:
    """True for a bcrypt hash, or an argon2 one made with other parameters than today's."""
    if is_bcrypt(password_hash):
        return True
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def upgraded_hash(password: str, password_hash: str) -> str | None:
    """A new argon2id hash of the password if the stored one is bcrypt or older parameters, else None.

    For the right password only, after it was checked: the hash of an account made before is
    replaced at its next successful sign-in. The password's own rules are not asked again (it was
    accepted when it was set), but one longer than bcrypt reads was only matched on its first 72
    bytes: that is not the password that was set, so the old hash stays.
    """
    if not needs_new_hash(password_hash) or len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        return None
    return _hash(password)
