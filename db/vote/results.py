"""A round's results once it is closed: the tally, and after publication every anonymous ballot and receipt.

Sealed until the round closes: the service refuses, so no page, export or cache can show a
count while deputies are still voting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core.errors import Refused
from db.vote import rules
from db.vote.models import Ballot, BallotPick, BallotTracker, round_candidate, round_elector
from db.vote.rounds import get_round
from db.vote.rules import RoundState, Tally


@dataclass(frozen=True)
class RoundResult:
    electorate: int
    ballots: int  # cast and counted, invalid ones included
    tally: Tally
    invalid: int = 0
    turnout_floor: int = rules.DEFAULT_TURNOUT_FLOOR

    @property
    def floor_reached(self) -> bool:
        """Whether more than the round's floor (percent of the electorate) voted; the results say so if not."""
        return rules.turnout_reached(self.ballots, self.electorate, self.turnout_floor)


@dataclass(frozen=True)
class PublishedBallots:
    """What anyone signed in may download after publication: the anonymous ballots and the trackers.

    `ballots` are (id, valid, candidate ids) in stored (random) order; `trackers` sorted. Nothing
    links a tracker to a ballot.
    """

    ballots: tuple[tuple[str, bool, tuple[int, ...]], ...]
    trackers: tuple[str, ...]


def results(session: Session, round_id: int) -> RoundResult:
    """The tally — sealed (refused) until the round is closed."""
    voting_round = get_round(session, round_id)
    if voting_round.state in (RoundState.DRAFT, RoundState.OPEN):
        raise Refused("vote.sealed")  # not on any page, export or cache: the service refuses
    electorate = session.scalar(select(func.count()).where(round_elector.c.round_id == round_id)) or 0
    ballots = session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_id)) or 0
    invalid = (
        session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_id, Ballot.valid.is_(False))) or 0
    )
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
    tally = rules.tally(votes, voting_round.places, threshold)
    return RoundResult(electorate, ballots, tally, invalid, voting_round.turnout_floor)


def verify_receipt(session: Session, round_id: int, receipt: str) -> bool:
    """After publication: whether the ballot with this receipt (tracker code) was counted.

    Proves inclusion only: nothing links a tracker to the anonymous ballot its box became, so a
    receipt shows no pick and cannot be sold.
    """
    if get_round(session, round_id).state != RoundState.PUBLISHED:
        raise Refused("vote.sealed")
    code = "".join(receipt.split()).replace("-", "").upper()
    tracker = select(BallotTracker.tracker).where(BallotTracker.round_id == round_id, BallotTracker.tracker == code)
    return session.scalar(tracker) is not None


def published_ballots(session: Session, round_id: int) -> PublishedBallots:
    """After publication: every anonymous ballot and every tracker, for anyone to download and recount."""
    if get_round(session, round_id).state != RoundState.PUBLISHED:
        raise Refused("vote.sealed")
    picks: dict[str, list[int]] = {}
    chosen = (
        select(BallotPick.ballot_id, BallotPick.candidate_id)
        .join(Ballot, Ballot.id == BallotPick.ballot_id)
        .where(Ballot.round_id == round_id)
    )
    for ballot_id, candidate_id in session.execute(chosen):
        picks.setdefault(ballot_id, []).append(candidate_id)
    stored = select(Ballot.id, Ballot.valid).where(Ballot.round_id == round_id).order_by(Ballot.id)
    ballots = tuple(
        (ballot_id, valid, tuple(sorted(picks.get(ballot_id, ())))) for ballot_id, valid in session.execute(stored)
    )
    trackers = select(BallotTracker.tracker).where(BallotTracker.round_id == round_id).order_by(BallotTracker.tracker)
    return PublishedBallots(ballots, tuple(session.scalars(trackers)))
