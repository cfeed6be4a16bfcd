"""Test helpers for sealed rounds: open with tellers, cast as the page does, close with shares."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from db.core.actors import Actor
from db.core.session import read_scope, session_scope
from db.secret_ballot import tellers
from db.vote import voting

TELLERS = ("监票人甲", "监票人乙", "计票人丙")
_handed_out: dict[int, list[str]] = {}  # the codes each round's tellers were given, for `close_round`


def open_round(
    session: Session, office: Actor, round_id: int, seen: str | None = None, threshold: int = 2
) -> list[str]:
    """Open a draft round with three tellers (2 of 3 by default); their share codes, in teller order."""
    record, shares = tellers.split_key(threshold, TELLERS, demo=False)
    voting.advance(session, office, round_id, seen, key=record)
    _handed_out[round_id] = [code for _, code in shares]
    return _handed_out[round_id]


def cast(actor: Actor, round_id: int, picks: list[int]) -> str:
    """As the ballot page does: sealed in a read-only transaction, written in a transaction of its own."""
    with read_scope() as s:
        sealed = voting.seal_ballot(s, actor, round_id, picks)
    with session_scope() as s:
        return voting.cast_sealed(s, actor, sealed)


def close_round(
    session: Session, office: Actor, round_id: int, codes: Sequence[str] | None = None, seen: str | None = None
) -> str:
    """Close with these tellers' codes (default: the first two handed out); the key is rebuilt first."""
    codes = _handed_out[round_id][:2] if codes is None else codes
    private_key = voting.rebuild_key(session, office, round_id, codes)
    return voting.advance(session, office, round_id, seen, private_key=private_key)


def advance(
    session: Session, actor: Actor, round_id: int, seen: str | None = None, *, low_turnout_accepted: bool = False
) -> str:
    """The round's next step as the office takes it: opening with tellers, closing with two of their codes."""
    state = voting.round_view(session, round_id).state
    if state == "draft":
        open_round(session, actor, round_id, seen)
        return "open"
    if state == "open" and round_id in _handed_out:
        return close_round(session, actor, round_id, seen=seen)
    return voting.advance(session, actor, round_id, seen, low_turnout_accepted=low_turnout_accepted)


def handed_out(round_id: int) -> list[str]:
    """The codes the round's tellers were given when this test process opened it."""
    return _handed_out[round_id]
