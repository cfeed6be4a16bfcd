"""Test helpers for sealed survey rounds: open with tellers, answer as the page does, close with shares."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.core.actors import Actor
from db.core.session import read_scope, session_scope
from db.survey import answering, rounds
from tests.tellers import Office

_office = Office(rounds.advance, rounds.rebuild_key, rounds.round_view)
open_round = _office.open_round
close_round = _office.close_round
advance = _office.advance
handed_out = _office.handed_out


def submit(session: Session, actor: Actor, round_id: int, answers: dict[int, tuple[str, str]]) -> None:
    """Seal and record in the caller's transaction (the page seals in a read-only one first: `answer`)."""
    answering.submit_sealed(session, actor, answering.seal_answers(session, actor, round_id, answers))


def answer(actor: Actor, round_id: int, answers: dict[int, tuple[str, str]]) -> None:
    """As the survey page does: sealed in a read-only transaction, written in a transaction of its own."""
    with read_scope() as s:
        sealed = answering.seal_answers(s, actor, round_id, answers)
    with session_scope() as s:
        answering.submit_sealed(s, actor, sealed)
