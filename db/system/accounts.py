"""Accounts: sign-in with a database-kept throttle (db/system/security.py), session revocation, admin upkeep."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import audit
from db.core import rules as core_rules
from db.core.actors import Actor, Role, require_role
from db.core.clock import utcnow
from db.core.errors import Refused, found
from db.system import rules, security
from db.system.models import Account, Department, Deputy
from db.system.passwords import NewPassword, new_password, upgraded_hash, verify_password
from db.system.rules import SecurityEventKind

ENTITY = "account"


@dataclass(frozen=True)
class SignInResult:
    actor: Actor | None
    reason: str | None = None  # catalogue key when refused
    seconds: int = 0  # a throttled attempt: how long to wait before the next one
    # Nothing written: the password was not checked against the hash now stored (changed since, or a
    # throttle that has just ended). The caller checks it again, outside, and tries again.
    check_again: bool = False


@dataclass(frozen=True)
class CheckedPassword:
    """A password checked against an account's hash before the sign-in's transaction."""

    password_hash: str | None
    matches: bool
    upgraded_hash: str | None = None  # the right password hashed anew (argon2id, today's parameters), if it was not


@dataclass(frozen=True)
class BeforeSignIn:
    """What the sign-in reads before its password check: the stored hash, and the throttle."""

    password_hash: str | None
    wait_seconds: int
    last_event_id: int = 0  # the security log's newest event when the throttle was read


def before_sign_in(session: Session, username: str, client: str, now: datetime | None = None) -> BeforeSignIn:
    """Read outside the write transaction: a throttled attempt is answered without a hash."""
    stored = session.scalar(select(Account.password_hash).where(Account.username == security.typed_username(username)))
    seen = security.last_event_id(session)
    return BeforeSignIn(stored, security.seconds_to_wait(session, username, client, now), seen)


def password_hash_of(session: Session, username: str) -> str | None:
    """The account's stored hash (None if there is no such account), read for check_password() and
    check_password_change()."""
    return session.scalar(select(Account.password_hash).where(Account.username == security.typed_username(username)))


def check_password(password_hash: str | None, password: str) -> CheckedPassword:
    """argon2id (~24 ms of CPU; an older bcrypt hash ~68 ms), to run outside any transaction: inside
    sign_in() it would hold the account's row lock and a pooled connection (SQLite: the whole
    database's write lock) the whole time, and a burst of sign-ins would exhaust the pool
    (benchmarks/bench_proxy.py).

    An unknown username checks a dummy argon2id hash of today's parameters: the same time, the same
    answer. The right password of a bcrypt hash (or of argon2 at other parameters) is hashed again
    here with today's, for sign_in to store.
    """
    matches = verify_password(password, password_hash)
    upgraded = upgraded_hash(password, password_hash) if matches and password_hash else None
    return CheckedPassword(password_hash, matches, upgraded)


def sign_in(
    session: Session,
    username: str,
    checked: CheckedPassword | None,
    now: datetime | None = None,
    client: str = "",
    before: BeforeSignIn | None = None,
) -> SignInResult:
    """Log the attempt and sign in if `checked` says the password is right. Never raises on a wrong one:
    the attempt must be committed.

    `checked`: check_password()'s answer, made outside this transaction and trusted only if the hash
    is still the one checked; otherwise (or with none, when before_sign_in() said to wait) nothing is
    written and the result says to check again. The password is never verified here: inside this
    transaction it would hold the account's row (SQLite: the whole database's write lock).
    `before`: what before_sign_in() read; on SQLite its throttle answer holds if nothing it depends on
    was logged since (_throttle_now).
    A client that tried too often lately is refused unchecked (db/system/security.py), whether the
    username exists or not; known and unknown usernames get the same answers.
    """
    now = now or utcnow()
    username = security.typed_username(username)
    account = session.scalar(select(Account).where(Account.username == username).with_for_update())
    account_id = account.id if account else None
    wait = _throttle_now(session, username, client, now, before)
    if wait:
        security.record(
            session, SecurityEventKind.THROTTLED, username, client, account_id=account_id, wait_seconds=wait, now=now
        )
        return SignInResult(None, "auth.throttled", wait)
    if checked is None or checked.password_hash != (account.password_hash if account else None):
        return SignInResult(None, check_again=True)
    if not checked.matches or account is None:
        security.record(session, SecurityEventKind.FAILED, username, client, account_id=account_id, now=now)
        return SignInResult(None, "auth.wrong_credentials")
    if not account.active:
        security.record(session, SecurityEventKind.INACTIVE, username, client, account_id=account_id, now=now)
        return SignInResult(None, "auth.inactive")
    if checked.upgraded_hash:
        account.password_hash = checked.upgraded_hash
    account.failed_attempts, account.locked_until = 0, None  # the lockout before issue 14, cleared
    security.record(session, SecurityEventKind.SIGNED_IN, username, client, account_id=account_id, now=now)
    return SignInResult(as_actor(account))


def _throttle_now(session: Session, username: str, client: str, now: datetime, before: BeforeSignIn | None) -> int:
    """The throttle's answer inside the sign-in's write transaction.

    On SQLite this transaction holds the whole database's write lock, and 377 sign-ins at once
    queue for it: its six throttle reads, each giving up the GIL to hundreds of page runs and
    waiting to get it back, were most of the time it was held. SQLite has one writer at a time,
    so the events are committed in the order of their ids, and before_sign_in() read the throttle
    and the newest id in one snapshot: if no event it reads came after that id, its answer stands.
    On PostgreSQL ids may be committed out of order, and the lock is the account's row only:
    there, and whenever something changed, the throttle is read again.
    """
    if (
        before is not None
        and session.get_bind().dialect.name == "sqlite"
        and not security.changed_since(session, username, client, before.last_event_id)
    ):
        return before.wait_seconds
    return security.seconds_to_wait(session, username, client, now)


def current_actor(session: Session, username: str, issued_at: datetime) -> Actor | None:
    """The signed-in person, or None if the account is gone, inactive or the session revoked."""
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None or not account.active:
        return None
    if not rules.session_is_current(issued_at, account.sessions_valid_after):
        return None
    return as_actor(account)


def sign_out(session: Session, actor: Actor, now: datetime | None = None) -> None:
    """Revoke every session of the account, in every process and browser."""
    account = found(session.get(Account, actor.id))
    _revoke_sessions(account, now)
    audit.record(session, actor, "sign_out", ENTITY, account.id)


@dataclass(frozen=True)
class CheckedPasswordChange:
    """A change of one's own password, checked and hashed outside any transaction."""

    checked_against: str | None = field(repr=False)  # the stored hash the old password matched
    new: NewPassword


def check_password_change(stored_hash: str | None, old: str, new: str) -> CheckedPasswordChange:
    """The old password checked and the new one hashed (two argon2id runs), before the write opens."""
    if not verify_password(old, stored_hash):
        raise Refused("account.old_password_wrong")
    if old == new:
        raise Refused("account.password_unchanged")
    return CheckedPasswordChange(stored_hash, new_password(new))


def change_own_password(session: Session, actor: Actor, change: CheckedPasswordChange) -> None:
    account = found(session.get(Account, actor.id))
    if account.password_hash != change.checked_against:  # changed or reset since it was checked
        raise Refused("account.password_changed_meanwhile")
    account.password_hash = change.new.hash
    _revoke_sessions(account)
    audit.record(session, actor, "change_password", ENTITY, account.id)


@dataclass(frozen=True)
class AccountInput:
    display_name: str
    role: str
    department_id: int | None = None
    deputy_id: int | None = None


@dataclass(frozen=True)
class AccountView:
    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    department: str | None
    deputy_id: int | None
    deputy: str | None
    active: bool
    locked: bool


def list_accounts(session: Session, actor: Actor, now: datetime | None = None) -> list[AccountView]:
    require_role(actor, "admin")
    now = now or utcnow()
    accounts = session.scalars(select(Account).order_by(Account.role, Account.username))
    throttled = security.throttled_usernames(session, now)
    return [
        AccountView(
            a.id,
            a.username,
            a.display_name,
            a.role,
            a.department_id,
            a.department.name if a.department else None,
            a.deputy_id,
            f"{a.deputy.code} {a.deputy.name}" if a.deputy else None,
            a.active,
            a.username in throttled,
        )
        for a in accounts
    ]


def create_account(session: Session, actor: Actor, username: str, data: AccountInput, password: NewPassword) -> int:
    require_role(actor, "admin")
    username = (username or "").strip().lower()
    problem = rules.username_problem(username)
    if problem:
        raise Refused(problem)
    if session.scalar(select(func.count()).where(Account.username == username)):
        raise Refused("account.username_taken", username=username)
    _check(session, data, account_id=None)
    account = Account(username=username, password_hash=password.hash, **asdict(data))
    account.display_name = data.display_name.strip()
    session.add(account)
    session.flush()
    audit.record(session, actor, "create", ENTITY, account.id, after=_public(account))
    return account.id


def update_account(session: Session, actor: Actor, account_id: int, data: AccountInput) -> None:
    require_role(actor, "admin")
    account = found(session.get(Account, account_id))
    if account_id == actor.id and data.role != account.role:
        raise Refused("account.cannot_demote_self")
    _check(session, data, account_id=account_id)
    before = _public(account)
    account.display_name = data.display_name.strip()
    account.role, account.department_id, account.deputy_id = (
        data.role,
        data.department_id,
        data.deputy_id,
    )
    if before["role"] != account.role:
        _revoke_sessions(account)  # a new role must not ride on an old sign-in
    audit.record(session, actor, "update", ENTITY, account_id, before, _public(account))


def set_active(session: Session, actor: Actor, account_id: int, active: bool) -> None:
    require_role(actor, "admin")
    account = found(session.get(Account, account_id))
    if account_id == actor.id and not active:
        raise Refused("account.cannot_deactivate_self")
    if account.active == active:
        return
    account.active = active
    if not active:
        _revoke_sessions(account)
    action = "reactivate" if active else "deactivate"
    audit.record(session, actor, action, ENTITY, account_id, {"active": not active}, {"active": active})


def reset_password(session: Session, actor: Actor, account_id: int, password: NewPassword) -> None:
    require_role(actor, "admin")
    account = found(session.get(Account, account_id))
    account.password_hash = password.hash
    account.failed_attempts, account.locked_until = 0, None
    security.record(session, SecurityEventKind.UNLOCKED, account.username, "", account_id=account.id)
    _revoke_sessions(account)
    audit.record(session, actor, "reset_password", ENTITY, account_id)


def unlock(session: Session, actor: Actor, account_id: int) -> None:
    require_role(actor, "admin")
    account = found(session.get(Account, account_id))
    account.failed_attempts, account.locked_until = 0, None
    security.record(session, SecurityEventKind.UNLOCKED, account.username, "", account_id=account.id)
    audit.record(session, actor, "unlock", ENTITY, account_id)


def create_admin(session: Session, username: str, display_name: str, password: NewPassword) -> int:
    """The first administrator of a production database (command line, no actor yet)."""
    username = (username or "").strip().lower()
    problem = rules.username_problem(username) or core_rules.text_problem(display_name, max_length=50)
    if problem:
        raise Refused(problem)
    if session.scalar(select(func.count()).where(Account.username == username)):
        raise Refused("account.username_taken", username=username)
    account = Account(
        username=username,
        display_name=display_name.strip(),
        role="admin",
        password_hash=password.hash,
    )
    session.add(account)
    session.flush()
    audit.record(session, None, "create", ENTITY, account.id, after=_public(account))
    return account.id


def _check(session: Session, data: AccountInput, account_id: int | None) -> None:
    problem = core_rules.text_problem(data.display_name, max_length=50)
    if problem:
        raise Refused(problem)
    if data.role not in Role:
        raise Refused("account.role_unknown")
    if data.department_id is not None:
        if data.role != Role.STAFF:
            raise Refused("account.department_only_for_staff")
        department = session.get(Department, data.department_id)
        if department is None or not department.active:
            raise Refused("account.department_unknown")
    if data.role == Role.DEPUTY and data.deputy_id is None:
        raise Refused("account.deputy_required")
    if data.deputy_id is not None:
        if data.role != Role.DEPUTY:
            raise Refused("account.deputy_only_for_deputies")
        if session.get(Deputy, data.deputy_id) is None:
            raise Refused("account.deputy_unknown")
        holder = session.scalar(select(Account.id).where(Account.deputy_id == data.deputy_id))
        if holder is not None and holder != account_id:
            raise Refused("account.deputy_taken")


def _revoke_sessions(account: Account, now: datetime | None = None) -> None:
    account.sessions_valid_after = now or utcnow()


def as_actor(account: Account) -> Actor:
    return Actor(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        department_id=account.department_id,
        deputy_id=account.deputy_id,
    )


def _public(account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "department_id": account.department_id,
        "deputy_id": account.deputy_id,
        "active": account.active,
    }
