"""The audit log: one appended row per change made by a person. There is no update or delete.

The log is a hash chain, so that an edit made behind the application's back shows: each entry
stores the previous entry's hash (`prev_hash`) and `entry_hash`, a SHA-256 over its own content
and `prev_hash`. An entry whose content was changed no longer matches its hash; an entry removed
or slipped in breaks the link of the entry after it. `verify` walks the chain and says where it
breaks. Writers are serialised while they extend the chain (PostgreSQL: a transaction-scoped
advisory lock; SQLite: every writer already holds the database's write lock), so two processes
never both append after the same head.

A chain rewritten whole, from its first entry on, by someone who can write the database holds
together; it shows only against a hash kept somewhere else. So each committed transaction that
extended the chain writes its new head to the application's log ("audit head #id hash"), which
lives apart from the database, and `verify` checks any such anchors it is given
(`python -m db verify-audit --anchors-from app.log`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from db.core.actors import Actor, require_role
from db.core.clock import start_of_local_day, utcnow
from db.core.models import AuditEntry, DataVersion
from db.core.session import read_value

PAGE_SIZE = 500
HEADS = logging.getLogger("minsheng.audit")
# What _log_committed_head writes, at the end of the line and after its logger's name: a line
# that merely contains these words (a username someone typed, logged by a refused sign-in) is no anchor.
HEAD_LINE = re.compile(r"\bminsheng\.audit: audit head #(\d+) ([0-9a-f]{64})$")
CONFLICTING = ""  # an id logged with two different hashes: it matches no entry, so it is a break


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit row, chained to the one before, and bump the data version in the caller's transaction."""
    _lock_chain(session)
    before_json, after_json = _stored(before), _stored(after)
    # autoflush writes this transaction's earlier entries first, so the head is really the last one
    head = session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    prev = head or GENESIS
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_username=actor.username if actor else "system",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=before_json,
        after=after_json,
        prev_hash=prev,
    )
    entry.entry_hash = entry_hash(content_of(entry), prev)
    session.add(entry)
    session.flush()  # the next record() in this transaction must find this one as the head
    session.info["audit_head"] = (entry.id, entry.entry_hash)
    bump_data_version(session)


@event.listens_for(Session, "after_commit")
def _log_committed_head(session: Session) -> None:
    """The chain's new head, once it is committed (a rolled-back one would be an anchor to nothing).

    A savepoint's release fires this too, inside the transaction that goes on: only the outermost commit logs.
    """
    if session.in_nested_transaction():
        return
    head = session.info.pop("audit_head", None)
    if head is not None:
        HEADS.info("audit head #%d %s", *head)


@event.listens_for(Session, "after_rollback")
def _forget_uncommitted_head(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop("audit_head", None)


def anchors_in(lines: Iterable[str]) -> dict[int, str]:
    """The heads the application logged ("… minsheng.audit: audit head #id hash"), from its log's lines."""
    anchors: dict[int, str] = {}
    for line in lines:
        if found := HEAD_LINE.search(line.rstrip("\r\n")):
            entry_id, logged = int(found[1]), found[2]
            anchors[entry_id] = logged if anchors.get(entry_id, logged) == logged else CONFLICTING
    return anchors


GENESIS = "0" * 64  # the "previous hash" of the first entry
CHAIN_LOCK = 0x61756469  # "audi": the advisory lock key that serialises writers of the chain on PostgreSQL
MAX_BREAKS_LISTED = 100


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})


def _stored(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """The values as the JSON column gives them back (keys as text, tuples as lists), so the hash
    made now is the hash verify() remakes from what it reads."""
    plain = _jsonable(values)
    return None if plain is None else json.loads(json.dumps(plain))


def content_of(entry: Any) -> list[Any]:
    """What an entry says, in a fixed order: an AuditEntry or a row with the same names."""
    return [
        entry.at.replace(tzinfo=None).isoformat(timespec="microseconds"),
        entry.actor_id,
        entry.actor_username,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.before,
        entry.after,
    ]


def entry_hash(content: list[Any], prev_hash: str) -> str:
    """SHA-256 over the previous entry's hash and this entry's content, written one canonical way."""
    body = json.dumps([prev_hash, *content], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    # "changed": content or hash altered; "link": an entry before it removed, added or relinked;
    # "anchor": the entry's hash is not the one logged for it when it was written, or it is gone
    kind: str


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    head_id: int | None
    head_hash: str | None  # note it elsewhere: a chain rewritten from its start on shows only against it
    breaks: list[ChainBreak] = field(default_factory=list)
    more_breaks: int = 0
    anchors: int = 0  # hashes kept elsewhere that were checked

    @property
    def whole(self) -> bool:
        return not self.breaks


def verify(session: Session, anchors: Mapping[int, str] | None = None) -> ChainCheck:
    """Walk the whole chain in order; every entry whose hash, link or anchor does not hold is a break."""
    # Plain rows, not ORM objects: the walk reads every entry, and objects cost several times more.
    rows = session.execute(select(AuditEntry.__table__).order_by(AuditEntry.id).execution_options(yield_per=2000))
    return check_chain(rows, anchors)


def check_chain(entries: Iterable[Any], anchors: Mapping[int, str] | None = None) -> ChainCheck:
    """The chain check over entries in id order (AuditEntry objects, or rows with the same names).

    `anchors`: hashes kept apart from the database, by entry id; each must be that entry's hash.
    """
    anchors = anchors or {}
    breaks: list[ChainBreak] = []
    extra = count = 0
    expected_prev = GENESIS
    head_id: int | None = None
    head_hash: str | None = None
    seen: set[int] = set()

    def found(entry_id: int, kind: str) -> None:
        nonlocal extra
        if len(breaks) < MAX_BREAKS_LISTED:
            breaks.append(ChainBreak(entry_id, kind))
        else:
            extra += 1

    for entry in entries:
        count += 1
        if entry.prev_hash != expected_prev:
            found(entry.id, "link")
        if entry.prev_hash is None or entry.entry_hash != entry_hash(content_of(entry), entry.prev_hash):
            found(entry.id, "changed")
        if entry.id in anchors:
            seen.add(entry.id)
            if entry.entry_hash != anchors[entry.id]:
                found(entry.id, "anchor")
        # Go on from what this entry stores: one edit is one break, not every entry after it.
        expected_prev = entry.entry_hash or ""
        head_id, head_hash = entry.id, entry.entry_hash
    for gone in sorted(set(anchors) - seen):
        found(gone, "anchor")
    return ChainCheck(count, head_id, head_hash, breaks, extra, len(anchors))


def verify_for(session: Session, actor: Actor) -> ChainCheck:
    """The chain check for the audit page. Leaders and admins only."""
    require_role(actor, "admin", "leader")
    return verify(session)


def bump_data_version(session: Session) -> None:
    session.execute(update(DataVersion).where(DataVersion.id == 1).values(value=DataVersion.value + 1))


def data_version(session: Session) -> int:
    return session.scalar(select(DataVersion.value).where(DataVersion.id == 1)) or 0


def data_version_now() -> int:
    """The data version on a connection of its own, outside any session: every script run reads it."""
    return read_value(f"SELECT value FROM {DataVersion.__tablename__} WHERE id = 1") or 0


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in values.items()}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    entity: str | None = None
    since: date | None = None
    until: date | None = None


def browse(session: Session, actor: Actor, where: AuditFilter) -> list[AuditRow]:
    """Newest first, at most PAGE_SIZE rows. Leaders and admins only."""
    require_role(actor, "admin", "leader")
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PAGE_SIZE)
    if where.actor:
        query = query.where(AuditEntry.actor_username == where.actor)
    if where.entity:
        query = query.where(AuditEntry.entity == where.entity)
    if where.since:
        query = query.where(AuditEntry.at >= start_of_local_day(where.since))
    if where.until:
        query = query.where(AuditEntry.at < start_of_local_day(where.until + timedelta(days=1)))
    return [
        AuditRow(e.at, e.actor_username, e.action, e.entity, e.entity_id, e.before, e.after)
        for e in session.scalars(query)
    ]


def filter_choices(session: Session) -> tuple[list[str], list[str]]:
    """The people and entities that appear in the log, for the filter menus."""
    actors = session.scalars(select(AuditEntry.actor_username).distinct().order_by(AuditEntry.actor_username))
    entities = session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity))
    return list(actors), list(entities)
