"""A round moved on by the office: opened with its tellers' key, closed and counted, published as projects.

Secrecy (db.secret_ballot): opening a round stores its public key and the share checks of the
tellers its private key was split among (db.secret_ballot.tellers); ballots are sealed to it
while the round is open (db.vote.casting). Closing takes the key the tellers rebuilt, opens
every sealed ballot, checks it against the round's rules, and writes anonymous ballots with
fresh random ids in random order; the sealed rows are deleted. Publishing makes the elected
candidates the year's projects.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.core import audit
from db.core.actors import Actor
from db.core.errors import Refused
from db.projects.models import Indicator, Project
from db.secret_ballot import rows as secret_ballot
from db.secret_ballot.sealing import PrivateKey
from db.secret_ballot.tellers import RoundKeyRecord
from db.system.models import Deputy
from db.vote import rules
from db.vote.candidates import lock_year
from db.vote.casting import tracker_of
from db.vote.models import Ballot, BallotPick, BallotTracker, Candidate, VotingRound, round_candidate, round_elector
from db.vote.results import results
from db.vote.rounds import SEALED, candidate_ids, turnout
from db.vote.rules import RoundState

# The tellers' key, and the scrub after a closing, as the survey's (db.secret_ballot.sealed_rounds).
key_record = SEALED.key_record
rebuild_key = SEALED.rebuild_key
scrub_after_closing = SEALED.scrub_after_closing
scrub_pending_rounds = SEALED.scrub_pending_rounds
mark_scrubbed = SEALED.mark_scrubbed


def advance(
    session: Session,
    actor: Actor,
    round_id: int,
    seen_state: str | None = None,
    *,
    key: RoundKeyRecord | None = None,
    private_key: PrivateKey | None = None,
    low_turnout_accepted: bool = False,
) -> str:
    """draft → open → closed → published; opening freezes the candidates and the electorate.

    Opening keeps the round's `key` (split among the tellers before this transaction: their
    shares were shown to them); closing counts with the `private_key` their shares rebuilt
    (`rebuild_key`, also before), as the survey does (db.secret_ballot.sealed_rounds).
    `seen_state` is the state the clerk's page showed: if a colleague moved the round on
    meanwhile, the click is refused rather than taking the next step (closing a round just
    opened, publishing a count nobody checked).
    Publishing a round whose turnout did not pass its floor needs `low_turnout_accepted`: the clerk
    confirmed it a second time, naming the turnout.
    """
    voting_round = SEALED.lock_for_next_step(session, actor, round_id, seen_state)
    if voting_round.state in (RoundState.DRAFT, RoundState.CLOSED):
        has_projects = select(Project.id).where(Project.year == voting_round.year).limit(1)
        if session.scalar(has_projects) is not None:
            raise Refused("vote.year_has_projects", year=voting_round.year)
    if voting_round.state == RoundState.CLOSED and not low_turnout_accepted:
        shortfall = turnout(session, round_id)
        if not shortfall.reaches(voting_round.turnout_floor):
            raise Refused(
                "vote.publish_below_floor",
                cast=shortfall.cast,
                electorate=shortfall.electorate,
                share=round(shortfall.share * 100, 1),
                floor=voting_round.turnout_floor,
            )
    before, voting_round.state = voting_round.state, rules.NEXT_STATE[voting_round.state]
    details: dict[str, object] = {"state": voting_round.state}
    if voting_round.state == RoundState.CLOSED:
        details.update(_count(session, voting_round, private_key))
    if voting_round.state == RoundState.PUBLISHED:
        _make_projects(session, actor, voting_round)
    if voting_round.state == RoundState.OPEN:
        details.update(SEALED.store_key(voting_round, key))
        lock_year(session, voting_round.year)  # no candidate saved meanwhile escapes the frozen list
        candidates = session.scalars(select(Candidate.id).where(Candidate.year == voting_round.year)).all()
        if not candidates:
            raise Refused("vote.no_candidates")
        session.execute(insert(round_candidate), [{"round_id": round_id, "candidate_id": c} for c in candidates])
        electors = session.scalars(select(Deputy.id).where(Deputy.active.is_(True))).all()
        if not electors:
            raise Refused("vote.no_electorate")
        session.execute(insert(round_elector), [{"round_id": round_id, "deputy_id": d} for d in electors])
    audit.record(session, actor, voting_round.state, "voting_round", round_id, {"state": before}, details)
    return voting_round.state


def _count(session: Session, voting_round: VotingRound, private_key: PrivateKey | None) -> dict[str, object]:
    """Open every sealed ballot with the rebuilt key and write them anonymous, in random order.

    Runs in the closing transaction, under the round's lock, so that no ballot cast meanwhile is
    left out. Opening a box takes tens of microseconds: 400 ballots cost milliseconds. A ballot
    that does not open or breaks the rules is written as invalid (counted as cast, with no picks).
    Nothing is written unless every step succeeds: it is one transaction.
    """
    allowed = candidate_ids(session, voting_round.id)
    sealed = SEALED.open_boxes(
        session, voting_round, private_key, lambda p: rules.valid_picks(p, voting_round.max_picks, allowed)
    )
    if sealed is None:  # opened before ballots were sealed: they are plaintext already
        secret_ballot.rewrite_shuffled(session, Ballot, Ballot.round_id == voting_round.id, [(BallotPick, "ballot_id")])
        return {}
    boxes, opened = sealed
    trackers = sorted(tracker_of(box) for box in boxes)
    ballots = [{"id": secret_ballot.new_id(), "round_id": voting_round.id, "valid": p is not None} for p in opened]
    if ballots:
        session.execute(insert(Ballot), ballots)
        picks = [
            {"ballot_id": ballot["id"], "candidate_id": c}
            for ballot, chosen in zip(ballots, opened, strict=True)
            for c in chosen or ()
        ]
        if picks:
            session.execute(insert(BallotPick), picks)
        session.execute(insert(BallotTracker), [{"round_id": voting_round.id, "tracker": code} for code in trackers])
    return {"ballots": len(ballots), "invalid": sum(1 for p in opened if p is None)}


def _make_projects(session: Session, actor: Actor, voting_round: VotingRound) -> None:
    """The elected candidates become the year's projects, numbered by votes (ties are not elected)."""
    result = results(session, voting_round.id)
    numbers = iter(range(1, voting_round.places + 1))  # the year has no projects yet: advance() checked
    year_start, year_end = date(voting_round.year, 1, 1), date(voting_round.year, 12, 31)
    for line in result.tally.lines:
        if not line.elected:
            continue
        candidate = session.get(Candidate, line.candidate_id)
        assert candidate is not None
        project = Project(
            year=voting_round.year,
            number=next(numbers),
            title=candidate.title,
            field=candidate.field,
            description=candidate.description,
            lead_department_id=candidate.lead_department_id,
            budget=candidate.estimated_budget,
            start_date=year_start,
            end_date=year_end,
            indicators=[
                Indicator(name=i.name, unit=i.unit, target=i.target, sort_order=i.sort_order)
                for i in candidate.indicators
            ],
        )
        session.add(project)
        session.flush()
        audit.record(
            session,
            actor,
            "create",
            "project",
            project.id,
            after={"title": project.title, "voting_round": voting_round.id},
        )
