"""The security log and the sign-in throttle it feeds: per account and client address, growing delays.

Every query here is a few indexed reads, so the sign-in's write transaction stays short; the
throttle is asked once before the password hash (a throttled attempt costs no hash) and again
inside the transaction that logs the attempt (attempts racing in parallel are still counted) —
on SQLite only if an event it reads has been logged since (`changed_since`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.core import settings
from db.core.actors import Actor, require_role
from db.core.clock import utcnow
from db.system import rules
from db.system.models import SecurityEvent
from db.system.rules import Attempts, SecurityEventKind

PAGE_SIZE = 500
USERNAME_LENGTH = 32
CLIENT_LENGTH = 64
_COUNTED = (SecurityEventKind.FAILED, SecurityEventKind.THROTTLED)


def typed_username(username: str) -> str:
    """The username as the log and the throttle key it: trimmed, lower case, at most 32 characters."""
    return (username or "").strip().lower()[:USERNAME_LENGTH]


def record(
    session: Session,
    kind: SecurityEventKind,
    username: str,
    client: str,
    *,
    account_id: int | None = None,
    wait_seconds: int | None = None,
    now: datetime | None = None,
) -> None:
    session.add(
        SecurityEvent(
            at=now or utcnow(),
            kind=kind,
            username=typed_username(username),
            account_id=account_id,
            client=(client or "")[:CLIENT_LENGTH],
            wait_seconds=wait_seconds,
        )
    )


def last_event_id(session: Session) -> int:
    """The newest event's id (0 for none), read with seconds_to_wait() in one snapshot for changed_since()."""
    return session.scalar(select(func.max(SecurityEvent.id))) or 0


def changed_since(session: Session, username: str, client: str, seen_id: int) -> bool:
    """Whether an event that seconds_to_wait() reads for this username and client came after `seen_id`.

    It reads every event of the username, and of the client only failures and throttles: another
    account signing in from the same address (the whole hall behind one router) changes nothing.
    One primary-key range read of the few newest rows, for the six reads seconds_to_wait() makes;
    exact only where ids are committed in their order (SQLite's single writer).
    """
    username, client = typed_username(username), (client or "")[:CLIENT_LENGTH]
    newer = session.scalar(
        select(SecurityEvent.id)
        .where(
            SecurityEvent.id > seen_id,
            or_(
                SecurityEvent.username == username,
                and_(SecurityEvent.client == client, SecurityEvent.kind.in_(_COUNTED)),
            ),
        )
        .limit(1)
    )
    return newer is not None


def seconds_to_wait(session: Session, username: str, client: str, now: datetime | None = None) -> int:
    """How long this client must wait before it may try this username again (0: now).

    Known and unknown usernames go through the same queries, so the answer tells nothing.
    """
    now = now or utcnow()
    username, client = typed_username(username), (client or "")[:CLIENT_LENGTH]
    since = now - rules.THROTTLE_WINDOW
    cleared = SecurityEvent.kind.in_((SecurityEventKind.SIGNED_IN, SecurityEventKind.UNLOCKED))
    last_cleared_here = session.scalar(
        select(func.max(SecurityEvent.at)).where(
            SecurityEvent.username == username,
            SecurityEvent.at >= since,
            cleared,
            (SecurityEvent.client == client) | (SecurityEvent.kind == SecurityEventKind.UNLOCKED),
        )
    )
    last_cleared = session.scalar(
        select(func.max(SecurityEvent.at)).where(SecurityEvent.username == username, SecurityEvent.at >= since, cleared)
    )
    pair = _attempts(
        session, since, last_cleared_here, SecurityEvent.username == username, SecurityEvent.client == client
    )
    account = _attempts(session, since, last_cleared, SecurityEvent.username == username)
    from_client = _attempts(session, since, None, SecurityEvent.client == client)
    known = session.scalar(
        select(func.count())
        .select_from(SecurityEvent)
        .where(
            SecurityEvent.username == username,
            SecurityEvent.client == client,
            SecurityEvent.kind == SecurityEventKind.SIGNED_IN,
            SecurityEvent.at >= now - rules.KNOWN_CLIENT_FOR,
        )
    )
    shared = rules.is_shared_address(client, settings.load().shared_networks)
    return rules.seconds_to_wait(pair, from_client, account, known_client=bool(known), now=now, shared=shared)


def _attempts(session: Session, since: datetime, cleared: datetime | None, *where: object) -> Attempts:
    start = max(since, cleared) if cleared else since
    count, last = session.execute(
        select(func.count(), func.max(SecurityEvent.at)).where(
            SecurityEvent.kind.in_(_COUNTED),
            SecurityEvent.at > start if cleared else SecurityEvent.at >= start,
            *where,  # type: ignore[arg-type]
        )
    ).one()
    return Attempts(int(count or 0), last)


def throttled_usernames(session: Session, now: datetime | None = None) -> set[str]:
    """Accounts some client must wait for now (a client of theirs, or every client they do not know)."""
    now = now or utcnow()
    events = session.execute(
        select(SecurityEvent.username, SecurityEvent.client, SecurityEvent.kind, SecurityEvent.at)
        .where(SecurityEvent.at >= now - rules.THROTTLE_WINDOW)
        .order_by(SecurityEvent.at, SecurityEvent.id)
    )
    by_account: dict[str, Attempts] = {}
    by_pair: dict[tuple[str, str], Attempts] = {}
    for username, client, kind, at in events:
        if kind in _COUNTED:
            by_account[username] = Attempts(by_account.get(username, Attempts(0, None)).count + 1, at)
            by_pair[username, client] = Attempts(by_pair.get((username, client), Attempts(0, None)).count + 1, at)
        elif kind == SecurityEventKind.SIGNED_IN:
            by_account.pop(username, None)
            by_pair.pop((username, client), None)
        elif kind == SecurityEventKind.UNLOCKED:
            by_account.pop(username, None)
            by_pair = {key: a for key, a in by_pair.items() if key[0] != username}
    waiting = {u for u, a in by_account.items() if rules.wait_left(rules.ACCOUNT, a, now).total_seconds() > 0}
    return waiting | {u for (u, _), a in by_pair.items() if rules.wait_left(rules.PAIR, a, now).total_seconds() > 0}


@dataclass(frozen=True)
class SecurityRow:
    at: datetime
    kind: str
    username: str
    known_account: bool
    client: str
    wait_seconds: int | None


@dataclass(frozen=True)
class SecurityFilter:
    username: str | None = None
    client: str | None = None
    kind: str | None = None


def browse(session: Session, actor: Actor, where: SecurityFilter) -> list[SecurityRow]:
    """Newest first, at most PAGE_SIZE rows. Administrators only."""
    require_role(actor, "admin")
    query = select(SecurityEvent).order_by(SecurityEvent.id.desc()).limit(PAGE_SIZE)
    if where.username:
        query = query.where(SecurityEvent.username == typed_username(where.username))
    if where.client:
        query = query.where(SecurityEvent.client == where.client.strip())
    if where.kind:
        query = query.where(SecurityEvent.kind == where.kind)
    return [
        SecurityRow(e.at, e.kind, e.username, e.account_id is not None, e.client, e.wait_seconds)
        for e in session.scalars(query)
    ]


def filter_choices(session: Session, actor: Actor) -> tuple[list[str], list[str]]:
    """The usernames and client addresses that appear in the log, for the filter menus."""
    require_role(actor, "admin")
    usernames = session.scalars(select(SecurityEvent.username).distinct().order_by(SecurityEvent.username))
    clients = session.scalars(select(SecurityEvent.client).distinct().order_by(SecurityEvent.client))
    return list(usernames), list(clients)
