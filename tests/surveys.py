"""Test helpers for sealed survey rounds: open with tellers, answer as the page does, close with shares."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from db.core.actors import Actor
from db.core.session import read_scope, session_scope
from db.secret_ballot import tellers
from db.survey import answering, rounds
from tests.ballots import TELLERS

_handed_out: dict[int, list[str]] = {}  # the codes each round's tellers were given, for `close_round`


def open_round(
    session: Session, office: Actor, round_id: int, seen_state: str | None = None, threshold: int = 2
) -> list[str]:
    """Open a draft round with three tellers (2 of 3 by default); their share codes, in teller order."""
    record, shares = tellers.split_key(threshold, TELLERS, demo=False)
    rounds.advance(session, office, round_id, seen_state, key=record)
    _handed_out[round_id] = [code for _, code in shares]
    return _handed_out[round_id]


def close_round(
    session: Session, office: Actor, round_id: int, codes: Sequence[str] | None = None, seen_state: str | None = None
) -> str:
    """Close with these tellers' codes (default: the first two handed out); the key is rebuilt first."""
    codes = _handed_out[round_id][:2] if codes is None else codes
    private_key = rounds.rebuild_key(session, office, round_id, codes)
    return rounds.advance(session, office, round_id, seen_state, private_key=private_key)


def advance(session: Session, actor: Actor, round_id: int, seen_state: str | None = None) -> str:
    """The round's next step as the office takes it: opening with tellers, closing with two of their codes."""
    state = rounds.round_view(session, round_id).state
    if state == "draft":
        open_round(session, actor, round_id, seen_state)
        return "open"
    if state == "open" and round_id in _handed_out:
        return close_round(session, actor, round_id, seen_state=seen_state)
    return rounds.advance(session, actor, round_id, seen_state)


def submit(session: Session, actor: Actor, round_id: int, answers: dict[int, tuple[str, str]]) -> None:
    """Seal and record in the caller's transaction (the page seals in a read-only one first: `answer`)."""
    answering.submit_sealed(session, actor, answering.seal_answers(session, actor, round_id, answers))


def answer(actor: Actor, round_id: int, answers: dict[int, tuple[str, str]]) -> None:
    """As the survey page does: sealed in a read-only transaction, written in a transaction of its own."""
    with read_scope() as s:
        sealed = answering.seal_answers(s, actor, round_id, answers)
    with session_scope() as s:
        answering.submit_sealed(s, actor, sealed)


def handed_out(round_id: int) -> list[str]:
    return _handed_out[round_id]
