"""The plenary's secret ballot: rounds, casting, and a tally sealed until the round closes.

Secrecy: "who voted" (participation: deputy and round) and "what was voted" (a ballot with a
random id, its picks and a receipt hash: no deputy, no time) are written in one transaction
and share nothing else. Casting writes no audit row, since its time would link the two.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import audit, rules
from db.actors import Actor, require_office
from db.errors import Forbidden, Refused, found
from db.models import (
    Ballot,
    BallotPick,
    Candidate,
    Deputy,
    Participation,
    Project,
    VotingRound,
    Year,
    round_candidate,
    round_elector,
)

NEXT_STATE = {"draft": "open", "open": "closed", "closed": "published"}


def create_round(session: Session, actor: Actor, year: int, places: int = 10, max_picks: int | None = None,
                 threshold_rule: str = "electorate_half") -> int:  # fmt: skip
    require_office(actor)
    found(session.get(Year, year))
    if not 1 <= places <= 50 or not 1 <= (max_picks or places) <= 50:
        raise Refused("vote.places_invalid")
    if threshold_rule not in ("electorate_half", "ballots_half"):
        raise Refused("vote.rule_unknown")
    voting_round = VotingRound(year=year, places=places, max_picks=max_picks or places, threshold_rule=threshold_rule)
    session.add(voting_round)
    session.flush()
    audit.record(session, actor, "create", "voting_round", voting_round.id, after={"year": year, "places": places})
    return voting_round.id


def advance(session: Session, actor: Actor, round_id: int) -> str:
    """draft → open → closed → published; opening freezes the candidates and the electorate."""
    require_office(actor)
    voting_round = _round(session, round_id, lock=True)
    if voting_round.state not in NEXT_STATE:
        raise Refused("vote.state_final")
    before, voting_round.state = voting_round.state, NEXT_STATE[voting_round.state]
    if voting_round.state == "published":
        _make_projects(session, voting_round)
    if voting_round.state == "open":
        candidates = session.scalars(select(Candidate.id).where(Candidate.year == voting_round.year)).all()
        if not candidates:
            raise Refused("vote.no_candidates")
        session.execute(insert(round_candidate), [{"round_id": round_id, "candidate_id": c} for c in candidates])
        electors = session.scalars(select(Deputy.id).where(Deputy.active.is_(True))).all()
        session.execute(insert(round_elector), [{"round_id": round_id, "deputy_id": d} for d in electors])
    audit.record(session, actor, voting_round.state, "voting_round", round_id, {"state": before},
                 {"state": voting_round.state})  # fmt: skip
    return voting_round.state


def cast_ballot(session: Session, actor: Actor, round_id: int, picks: list[int]) -> str:
    """Record that the deputy voted and, apart from it, the ballot; return the receipt code."""
    if actor.role != "deputy" or actor.deputy_id is None:
        raise Forbidden()
    voting_round = _round(session, round_id)
    if voting_round.state != "open":
        raise Refused("vote.round_not_open")
    elector = select(round_elector.c.deputy_id).where(
        round_elector.c.round_id == round_id, round_elector.c.deputy_id == actor.deputy_id
    )
    if session.scalar(elector) is None:
        raise Refused("vote.not_in_electorate")
    if len(set(picks)) != len(picks):
        raise Refused("vote.duplicate_pick")
    if len(picks) > voting_round.max_picks:
        raise Refused("vote.too_many_picks", max=voting_round.max_picks)
    allowed = set(session.scalars(select(round_candidate.c.candidate_id).where(round_candidate.c.round_id == round_id)))
    if not set(picks) <= allowed:
        raise Refused("vote.unknown_candidate")
    if session.get(Participation, (round_id, actor.deputy_id)) is not None:
        raise Refused("vote.already_cast")
    receipt = secrets.token_hex(6).upper()
    session.add(Participation(round_id=round_id, deputy_id=actor.deputy_id))
    try:
        session.flush()  # a second ballot of the same deputy at the same moment fails here
    except IntegrityError as error:
        raise Refused("vote.already_cast") from error
    ballot = Ballot(id=secrets.token_hex(16), round_id=round_id, receipt_hash=receipt_hash(receipt))
    session.add(ballot)
    session.add_all([BallotPick(ballot_id=ballot.id, candidate_id=c) for c in picks])
    session.flush()
    return receipt


def verify_receipt(session: Session, round_id: int, receipt: str) -> list[int] | None:
    """After publication: the candidate ids of the ballot with this receipt, or None if none.

    Says that the ballot is in the count and what it holds, never who cast it.
    """
    if _round(session, round_id).state != "published":
        raise Refused("vote.sealed")
    ballot_id = session.scalar(
        select(Ballot.id).where(Ballot.round_id == round_id, Ballot.receipt_hash == receipt_hash(receipt))
    )
    if ballot_id is None:
        return None
    return sorted(session.scalars(select(BallotPick.candidate_id).where(BallotPick.ballot_id == ballot_id)))


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.strip().upper().encode()).hexdigest()


@dataclass(frozen=True)
class RoundResult:
    electorate: int
    ballots: int
    tally: rules.Tally


def results(session: Session, round_id: int) -> RoundResult:
    """The tally — sealed (refused) until the round is closed."""
    voting_round = _round(session, round_id)
    if voting_round.state in ("draft", "open"):
        raise Refused("vote.sealed")  # not on any page, export or cache: the service refuses
    electorate = session.scalar(select(func.count()).where(round_elector.c.round_id == round_id)) or 0
    ballots = session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_id)) or 0
    candidates = session.scalars(select(round_candidate.c.candidate_id).where(round_candidate.c.round_id == round_id))
    votes = dict.fromkeys(candidates, 0)
    counted = (
        select(BallotPick.candidate_id, func.count())
        .join(Ballot, Ballot.id == BallotPick.ballot_id)
        .where(Ballot.round_id == round_id)
        .group_by(BallotPick.candidate_id)
    )
    votes.update({candidate: count for candidate, count in session.execute(counted)})
    threshold = rules.pass_threshold(voting_round.threshold_rule, electorate, ballots)
    return RoundResult(electorate, ballots, rules.tally(votes, voting_round.places, threshold))


def _make_projects(session: Session, voting_round: VotingRound) -> None:
    """The elected candidates become the year's projects, numbered by votes (ties are not elected)."""
    result = results(session, voting_round.id)
    taken = set(session.scalars(select(Project.number).where(Project.year == voting_round.year)))
    numbers = (n for n in range(1, 51) if n not in taken)
    year_start, year_end = date(voting_round.year, 1, 1), date(voting_round.year, 12, 31)
    for line in result.tally.lines:
        if not line.elected:
            continue
        candidate = session.get(Candidate, line.candidate_id)
        assert candidate is not None
        session.add(
            Project(
                year=voting_round.year, number=next(numbers), title=candidate.title, field=candidate.field,
                description=candidate.description, lead_department_id=candidate.lead_department_id,
                budget=candidate.estimated_budget, start_date=year_start, end_date=year_end,
            )
        )  # fmt: skip


def _round(session: Session, round_id: int, lock: bool = False) -> VotingRound:
    query = select(VotingRound).where(VotingRound.id == round_id)
    return found(session.scalar(query.with_for_update() if lock else query))
