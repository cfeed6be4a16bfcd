"""The plenary's voting rounds as the office sets them up: rules, candidates, electorate, turnout.

A round is created as a draft under the year's settings and its rules may change until it opens
(db.vote.counting); its candidates and electorate are the year's while a draft and frozen once
open. `SEALED` names the round's tables for the secret ballot the vote shares with the survey
(db.secret_ballot.sealed_rounds).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import audit
from db.core.actors import Actor, require_office
from db.core.errors import Refused, found
from db.secret_ballot.sealed_rounds import Refusals, SealedRounds
from db.system.models import Deputy, Year
from db.vote import rules
from db.vote.candidates import CandidateView, lock_year
from db.vote.candidates import listing as candidate_listing
from db.vote.candidates import view as candidate_view
from db.vote.models import Candidate, Participation, SealedBallot, VotingRound, round_candidate, round_elector
from db.vote.rules import RoundState, ThresholdRule

SEALED = SealedRounds(
    round=VotingRound,
    electors=round_elector,
    participation=Participation,
    sealed=SealedBallot,
    open_state=RoundState.OPEN,
    next_state=rules.NEXT_STATE,
    refusals=Refusals(
        not_open="vote.round_not_open",
        without_key="vote.round_without_key",
        not_elector="vote.not_in_electorate",
        already="vote.already_cast",
        tellers_needed="vote.tellers_needed",
        shares_needed="vote.shares_needed",
        state_changed="vote.state_changed",
        state_final="vote.state_final",
    ),
    scrubbed_tables=("ballot", "ballot_pick", "sealed_ballot", "ballot_tracker"),
)
get_round = SEALED.get  # the round's row (locked FOR UPDATE with lock=True), or refused as gone


@dataclass(frozen=True)
class RoundView:
    id: int
    year: int
    state: str
    places: int
    max_picks: int
    threshold_rule: str
    turnout_floor: int = rules.DEFAULT_TURNOUT_FLOOR  # percent of the electorate to exceed


@dataclass(frozen=True)
class Turnout:
    cast: int
    electorate: int

    @property
    def share(self) -> float:
        """Ballots cast as a share (0–1) of the electorate."""
        return self.cast / self.electorate if self.electorate else 0.0

    def reaches(self, floor_percent: int) -> bool:
        return rules.turnout_reached(self.cast, self.electorate, floor_percent)


def create_round(
    session: Session,
    actor: Actor,
    year: int,
    places: int | None = None,
    max_picks: int | None = None,
    threshold_rule: str | None = None,
    turnout_floor: int = rules.DEFAULT_TURNOUT_FLOOR,
) -> int:
    """A draft round; places and the pass rule default to the year's settings, the floor to more than half."""
    require_office(actor)
    year_row = lock_year(session, year)  # two clerks creating at once: the second waits, then is refused
    if session.scalar(select(VotingRound.id).where(VotingRound.year == year).limit(1)) is not None:
        raise Refused("vote.year_has_round", year=year)
    voting_round = VotingRound(year=year, state=RoundState.DRAFT)
    _set_rules(
        voting_round,
        year_row.places if places is None else places,
        max_picks,
        threshold_rule or year_row.threshold_rule,
        year_row.places,
        turnout_floor,
    )
    session.add(voting_round)
    session.flush()
    audit.record(session, actor, "create", "voting_round", voting_round.id, after=_snapshot(voting_round))
    return voting_round.id


def update_round(
    session: Session,
    actor: Actor,
    round_id: int,
    places: int,
    max_picks: int,
    threshold_rule: str,
    turnout_floor: int | None = None,
) -> None:
    """Change a draft round's rules; once open they are what the deputies voted under."""
    require_office(actor)
    voting_round = get_round(session, round_id, lock=True)
    if voting_round.state != RoundState.DRAFT:
        raise Refused("vote.rules_frozen")
    before = _snapshot(voting_round)
    year_places = found(session.get(Year, voting_round.year)).places
    floor = voting_round.turnout_floor if turnout_floor is None else turnout_floor
    _set_rules(voting_round, places, max_picks, threshold_rule, year_places, floor)
    if _snapshot(voting_round) != before:
        audit.record(session, actor, "update", "voting_round", round_id, before, _snapshot(voting_round))


def _set_rules(
    voting_round: VotingRound,
    places: int,
    max_picks: int | None,
    threshold_rule: str,
    year_places: int,
    turnout_floor: int,
) -> None:
    """Places up to the year's number of projects; a ballot may pick at most as many as are elected."""
    picks = places if max_picks is None else max_picks  # 0 is refused, not taken for "default"
    if not 1 <= places <= 50 or not 1 <= picks <= 50:
        raise Refused("vote.places_invalid")
    if places > year_places:
        raise Refused("vote.places_over_year", places=year_places)
    if picks > places:
        raise Refused("vote.picks_over_places")
    if threshold_rule not in ThresholdRule:
        raise Refused("vote.rule_unknown")
    if turnout_floor not in rules.TURNOUT_FLOOR_RANGE:
        raise Refused("vote.turnout_floor_invalid")
    voting_round.places, voting_round.max_picks = places, picks
    voting_round.threshold_rule = threshold_rule
    voting_round.turnout_floor = turnout_floor


def rounds(session: Session, year: int | None = None) -> list[RoundView]:
    query = select(VotingRound).order_by(VotingRound.year.desc(), VotingRound.id.desc())
    return [view_of(r) for r in session.scalars(query if year is None else query.where(VotingRound.year == year))]


def round_view(session: Session, round_id: int) -> RoundView:
    return view_of(get_round(session, round_id))


def round_candidates(session: Session, round_id: int) -> list[CandidateView]:
    """The candidates on the ballot: frozen when the round opened; the year's list while a draft."""
    voting_round = get_round(session, round_id)
    query = candidate_listing()
    if voting_round.state == RoundState.DRAFT:
        query = query.where(Candidate.year == voting_round.year)
    else:
        query = query.join(round_candidate).where(round_candidate.c.round_id == round_id)
    return [candidate_view(c) for c in session.scalars(query)]


def candidate_ids(session: Session, round_id: int) -> set[int]:
    """The ids of the candidates frozen on an open (or closed) round's ballot."""
    return set(session.scalars(select(round_candidate.c.candidate_id).where(round_candidate.c.round_id == round_id)))


def turnout(session: Session, round_id: int) -> Turnout:
    """Ballots cast and the electorate (active deputies while a draft). Never counts per candidate."""
    voting_round = get_round(session, round_id)
    cast = session.scalar(select(func.count()).where(Participation.round_id == round_id)) or 0
    if voting_round.state == RoundState.DRAFT:
        electorate = session.scalar(select(func.count(Deputy.id)).where(Deputy.active.is_(True))) or 0
    else:
        electorate = session.scalar(select(func.count()).where(round_elector.c.round_id == round_id)) or 0
    return Turnout(cast, electorate)


def view_of(voting_round: VotingRound) -> RoundView:
    return RoundView(
        voting_round.id,
        voting_round.year,
        voting_round.state,
        voting_round.places,
        voting_round.max_picks,
        voting_round.threshold_rule,
        voting_round.turnout_floor,
    )


def _snapshot(voting_round: VotingRound) -> dict[str, object]:
    return {
        "year": voting_round.year,
        "places": voting_round.places,
        "max_picks": voting_round.max_picks,
        "threshold_rule": voting_round.threshold_rule,
        "turnout_floor": voting_round.turnout_floor,
    }
