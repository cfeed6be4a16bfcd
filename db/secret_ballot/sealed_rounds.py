"""A sealed round as the vote and the survey both run it: its steps, key, sealed write, count's start, scrub.

Each area describes its kind of round once (`SealedRounds`: its tables, its states and the reason
keys its refusals name) and runs these steps through it, so the plenary ballot and the survey's
answer set are sealed, written beside their participation row, opened and scrubbed the same way.
The steps keep their order of checks: the reasons a deputy or a clerk is given stay the ones
the area's own tests expect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from sqlalchemy import ColumnElement, FromClause, Select, Table, delete, select
from sqlalchemy.orm import Session

from db.core import settings
from db.core.actors import Actor, Role, require_office
from db.core.errors import Forbidden, Refused, found
from db.core.models import Base
from db.secret_ballot import counting, rows, sealing, tellers
from db.secret_ballot.sealing import PrivateKey
from db.secret_ballot.tellers import RoundKeyRecord

T = TypeVar("T")


class RoundRow(Protocol):
    """What every sealed round's row holds (db.vote.models.VotingRound, db.survey.models.SurveyRound)."""

    __table__: ClassVar[FromClause]
    id: int
    state: str
    key_record: str | None
    scrub_pending: bool


R = TypeVar("R", bound=RoundRow)


@dataclass(frozen=True)
class Refusals:
    """The reason keys one kind of round refuses with (the vote speaks of ballots, the survey of answers)."""

    not_open: str
    without_key: str
    not_elector: str
    already: str
    tellers_needed: str
    shares_needed: str
    state_changed: str
    state_final: str


@dataclass(frozen=True)
class SealedRounds(Generic[R]):
    """One kind of sealed round: its tables, the state it is open in, and its refusals."""

    round: type[R]
    electors: Table  # (round_id, deputy_id): who may take part, frozen when the round opened
    participation: type[Base]  # (round_id, deputy_id): who took part, and nothing about what
    sealed: type[Base]  # (id, round_id, box): a sealed box while the round is open
    open_state: str
    next_state: Mapping[str, str]  # the office's steps: draft → open → closed (→ published)
    refusals: Refusals
    scrubbed_tables: tuple[str, ...]  # the tables whose replaced rows the closing leaves in storage

    def get(self, session: Session, round_id: int, lock: bool = False) -> R:
        query = self._select().where(self._column("id") == round_id)
        return found(session.scalar(query.with_for_update() if lock else query))

    def _select(self) -> Select[R]:
        return cast("Select[R]", select(self.round))  # SQLAlchemy's typing does not follow type[R]

    def _column(self, name: str) -> ColumnElement[Any]:
        return self.round.__table__.c[name]

    def _sealed(self, name: str) -> ColumnElement[Any]:
        return cast(Table, self.sealed.__table__).c[name]

    def lock_for_next_step(self, session: Session, actor: Actor, round_id: int, seen_state: str | None) -> R:
        """The round, locked for the office's next step; refused if final, or if the clerk's page showed another state.

        A click made on a stale page (a colleague moved the round on meanwhile) is refused rather
        than taking the step after the one the clerk saw.
        """
        require_office(actor)
        round_ = self.get(session, round_id, lock=True)
        if seen_state is not None and round_.state != seen_state:
            raise Refused(self.refusals.state_changed)
        if round_.state not in self.next_state:
            raise Refused(self.refusals.state_final)
        return round_

    # -- the key: stored at opening, rebuilt from the tellers' codes before closing

    def store_key(self, round_: R, key: RoundKeyRecord | None, demo_mode: bool | None = None) -> dict[str, object]:
        """Keep the opening round's key record (public key and share checks); what the audit row says of it.

        A demo key (1 of 1) opens a round only in demo mode: `demo_mode` None reads it from the settings.
        """
        if key is None:
            raise Refused(self.refusals.tellers_needed)
        if key.demo and not (settings.load().demo_mode if demo_mode is None else demo_mode):
            raise Refused("tellers.threshold_too_low", min=2)  # 1 of 1 is for demonstrations only
        round_.key_record = key.to_json()
        return {"tellers": list(key.tellers), "threshold": key.threshold, "demo": key.demo}

    def key_record(self, session: Session, round_id: int) -> RoundKeyRecord | None:
        """The round's stored key record (public key, tellers, share checks); None before it opened."""
        stored = self.get(session, round_id).key_record
        return None if stored is None else RoundKeyRecord.from_json(stored)

    def rebuild_key(self, session: Session, actor: Actor, round_id: int, codes: Sequence[str]) -> PrivateKey:
        """The round's private key from the tellers' codes, before the closing transaction (read-only).

        A wrong, repeated or unreadable code is refused and named (db.secret_ballot.tellers); the
        key lives in memory only, for the closing that follows.
        """
        require_office(actor)
        record = self.key_record(session, round_id)
        if record is None:
            raise Refused(self.refusals.without_key)
        return tellers.rebuild_private_key(record, codes)

    # -- a deputy's part: sealed in a read-only step, then written beside the participation row

    def open_for_sealing(self, session: Session, actor: Actor, round_id: int) -> R:
        """The round a deputy's payload is about to be sealed for: open, and with a key (read-only)."""
        deputy_id(actor)
        round_ = self.get(session, round_id)
        if round_.state != self.open_state:
            raise Refused(self.refusals.not_open)
        if round_.key_record is None:
            raise Refused(self.refusals.without_key)
        return round_

    def seal(self, round_: R, payload: dict[str, Any] | list[Any], bucket: int = sealing.BALLOT_BUCKET) -> bytes:
        """The payload sealed to the round's public key (`open_for_sealing` checked it has one)."""
        assert round_.key_record is not None
        return sealing.seal(RoundKeyRecord.from_json(round_.key_record).public_key, payload, bucket)

    def record(self, session: Session, actor: Actor, round_id: int, box: bytes) -> None:
        """Record that the deputy took part and, beside it, the sealed box; a second time is refused."""
        deputy = deputy_id(actor)
        # FOR KEY SHARE on PostgreSQL: deputies do not wait for each other, but closing (FOR
        # UPDATE) waits for those in flight, and one after it sees the round closed. SQLite's
        # writers are serialised by BEGIN IMMEDIATE already.
        round_ = found(
            session.scalar(self._select().where(self._column("id") == round_id).with_for_update(key_share=True))
        )
        if round_.state != self.open_state:
            raise Refused(self.refusals.not_open)
        if not self.may_take_part(session, round_id, deputy):
            raise Refused(self.refusals.not_elector)
        if self.has_taken_part(session, round_id, deputy):
            raise Refused(self.refusals.already)  # whatever this second one holds
        rows.take_part(session, self.participation(round_id=round_id, deputy_id=deputy), self.refusals.already)
        session.add(self.sealed(id=rows.new_id(), round_id=round_id, box=box))
        session.flush()

    def may_take_part(self, session: Session, round_id: int, deputy: int) -> bool:
        """Among those frozen when the round opened (its electorate, its voters)."""
        among = select(self.electors.c.deputy_id).where(
            self.electors.c.round_id == round_id, self.electors.c.deputy_id == deputy
        )
        return session.scalar(among) is not None

    def has_taken_part(self, session: Session, round_id: int, deputy: int) -> bool:
        return session.get(self.participation, (round_id, deputy)) is not None

    # -- closing: every box opened with the rebuilt key, in the closing transaction

    def open_boxes(
        self, session: Session, round_: R, private_key: PrivateKey | None, valid: Callable[[object], T | None]
    ) -> tuple[list[bytes], list[T | None]] | None:
        """The closing round's boxes, and each one's payload as `valid` accepts it (None: invalid), shuffled.

        The sealed rows are deleted, and the round marked for the scrub (`scrub_after_closing`).
        None for a round opened before payloads were sealed: its rows are plaintext already, for
        the caller to rewrite shuffled (db.secret_ballot.rows.rewrite_shuffled).
        """
        round_.scrub_pending = True
        if round_.key_record is None:
            return None
        key = counting.checked_key(round_.key_record, private_key, self.refusals.shares_needed)
        boxes = list(session.scalars(select(self._sealed("box")).where(self._sealed("round_id") == round_.id)))
        opened = counting.open_all(key, boxes, valid)
        session.execute(delete(self.sealed).where(self._sealed("round_id") == round_.id))
        return boxes, opened

    # -- after the closing committed: the replaced rows cleared from storage

    def scrub_after_closing(self) -> bool:
        """Clear the replaced rows from storage once the closing has committed (db.secret_ballot.rows.scrub).

        True if done; False if a reader kept the old pages (SQLite): the office sees it pending and
        its page tries again on the next visit (`scrub_pending_rounds`, `mark_scrubbed`).
        """
        return rows.scrub(self.scrubbed_tables)

    def scrub_pending_rounds(self, session: Session) -> list[int]:
        """Rounds whose closing's replaced rows may still be in storage."""
        return list(session.scalars(select(self._column("id")).where(self._column("scrub_pending").is_(True))))

    def mark_scrubbed(self, session: Session, round_ids: Sequence[int]) -> None:
        """After a scrub that ran to the end: these rounds' old rows are gone (no person's change: no audit row)."""
        for round_ in session.scalars(self._select().where(self._column("id").in_(round_ids))):
            round_.scrub_pending = False


def deputy_id(actor: Actor) -> int:
    """The deputy taking part; anyone else is refused (the office never votes or answers for a deputy)."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    return actor.deputy_id
