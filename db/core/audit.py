"""The audit log: one appended row per change made by a person. There is no update or delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.core.actors import Actor, require_role
from db.core.clock import start_of_local_day, utcnow
from db.core.models import AuditEntry, DataVersion

PAGE_SIZE = 500


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit row and bump the data version in the caller's transaction."""
    session.add(
        AuditEntry(
            at=utcnow(),
            actor_id=actor.id if actor else None,
            actor_username=actor.username if actor else "system",
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )
    bump_data_version(session)


def bump_data_version(session: Session) -> None:
    session.execute(update(DataVersion).where(DataVersion.id == 1).values(value=DataVersion.value + 1))


def data_version(session: Session) -> int:
    return session.scalar(select(DataVersion.value).where(DataVersion.id == 1)) or 0


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
