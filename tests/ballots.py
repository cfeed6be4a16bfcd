"""Test helpers for sealed voting rounds: open with tellers, cast as the page does, close with shares."""

from __future__ import annotations

from db.core.actors import Actor
from db.core.session import read_scope, session_scope
from db.vote import voting
from tests.tellers import TELLERS, Office

__all__ = ["TELLERS", "advance", "cast", "close_round", "handed_out", "open_demo_draft", "open_round"]

_office = Office(voting.advance, voting.rebuild_key, voting.round_view)
open_round = _office.open_round
close_round = _office.close_round
advance = _office.advance  # publishing below the floor: low_turnout_accepted=True
handed_out = _office.handed_out


def cast(actor: Actor, round_id: int, picks: list[int]) -> str:
    """As the ballot page does: sealed in a read-only transaction, written in a transaction of its own."""
    with read_scope() as s:
        sealed = voting.seal_ballot(s, actor, round_id, picks)
    with session_scope() as s:
        return voting.cast_sealed(s, actor, sealed)


def open_demo_draft(office: Actor, year: int) -> tuple[int, list[int]]:
    """The demo's draft round for `year`, opened under rules three ballots can meet: (round id, candidate ids)."""
    with read_scope() as s:
        (draft,) = voting.rounds(s, year)
    with session_scope() as s:
        voting.update_round(s, office, draft.id, 10, 10, "ballots_half")  # three ballots can elect
        open_round(s, office, draft.id)
    with read_scope() as s:
        return draft.id, [c.id for c in voting.round_candidates(s, draft.id)]
