"""A deputy's ballot: the screen it is cast from, the picks sealed, then recorded beside the participation.

The picks are checked and sealed to the round's public key in a read-only step (`seal_ballot`),
before the write transaction opens; the write (`cast_sealed`) stores the participation and,
beside it, only the sealed box (db.secret_ballot.sealed_rounds). The receipt is the box's
tracker code: it proves the ballot was counted, not what it held. Casting writes no audit row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.actors import Actor
from db.core.errors import Refused
from db.secret_ballot.sealed_rounds import deputy_id
from db.vote.candidates import CandidateView
from db.vote.models import VotingRound
from db.vote.rounds import SEALED, RoundView, candidate_ids, round_candidates, view_of
from db.vote.rules import RoundState


@dataclass(frozen=True)
class BallotScreen:
    """What a deputy's ballot page shows, read at once: the round, its candidates, and why (not)."""

    round: RoundView | None
    candidates: tuple[CandidateView, ...]
    status: str  # no_round | can_vote | cast | not_elector | over


@dataclass(frozen=True)
class SealedCast:
    """A ballot sealed before its write transaction: the box to store and its tracker (the receipt)."""

    round_id: int
    box: bytes
    tracker: str


def ballot_screen(
    session: Session, actor: Actor, candidates_of: Callable[[int], Sequence[CandidateView]] | None = None
) -> BallotScreen:
    """The open round and whether this deputy may vote in it; else the latest finished round.

    `candidates_of(round_id)` may serve the open round's candidates from a cache: they were
    frozen when it opened, so every deputy's ballot shows the same list.
    """
    deputy = deputy_id(actor)
    latest = select(VotingRound).order_by(VotingRound.year.desc(), VotingRound.id.desc()).limit(1)
    voting_round = session.scalar(latest.where(VotingRound.state == RoundState.OPEN))
    if voting_round is None:
        finished = session.scalar(latest.where(VotingRound.state.in_((RoundState.CLOSED, RoundState.PUBLISHED))))
        return BallotScreen(
            None if finished is None else view_of(finished), (), "no_round" if finished is None else "over"
        )
    if SEALED.has_taken_part(session, voting_round.id, deputy):
        return BallotScreen(view_of(voting_round), (), "cast")
    if not SEALED.may_take_part(session, voting_round.id, deputy):
        return BallotScreen(view_of(voting_round), (), "not_elector")
    candidates = candidates_of(voting_round.id) if candidates_of else round_candidates(session, voting_round.id)
    return BallotScreen(view_of(voting_round), tuple(candidates), "can_vote")


def seal_ballot(session: Session, actor: Actor, round_id: int, picks: list[int]) -> SealedCast:
    """Check the picks against the open round and seal them to its public key, before the write transaction.

    Read-only. The round's candidates and pick limit are frozen while it is open, so the check
    stands when `cast_sealed` writes; the count checks each ballot once more.
    """
    voting_round = SEALED.open_for_sealing(session, actor, round_id)
    if len(set(picks)) != len(picks):
        raise Refused("vote.duplicate_pick")
    if len(picks) > voting_round.max_picks:
        raise Refused("vote.too_many_picks", max=voting_round.max_picks)
    if not set(picks) <= candidate_ids(session, round_id):
        raise Refused("vote.unknown_candidate")
    box = SEALED.seal(voting_round, {"picks": [int(p) for p in picks]})
    return SealedCast(round_id, box, tracker_of(box))


def cast_sealed(session: Session, actor: Actor, sealed: SealedCast) -> str:
    """Record that the deputy voted and, beside it, the sealed ballot; return the receipt (its tracker)."""
    SEALED.record(session, actor, sealed.round_id, sealed.box)
    return sealed.tracker


def tracker_of(box: bytes) -> str:
    """A sealed ballot's tracker code (its receipt): 12 hex digits of the box's SHA-256, nothing of its picks."""
    return hashlib.sha256(box).hexdigest()[:12].upper()
