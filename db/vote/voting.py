"""The plenary's secret ballot: rounds, casting, and a tally sealed until the tellers open it.

Secrecy (db.secret_ballot): opening a round creates its key pair and splits the private key
among the tellers (db.secret_ballot.tellers); only the public key and the share checks are
stored. A ballot is sealed to the public key before its write transaction opens
(`seal_ballot`), and stored as a sealed box beside the participation row (`cast_sealed`):
without the tellers' shares it says nothing. Closing takes the key the tellers rebuilt, opens
every sealed ballot, checks it against the round's rules, and writes anonymous ballots with
fresh random ids in random order; the sealed rows are deleted. The receipt is the ballot's
tracker code: it proves the ballot was counted, not what it held. Casting writes no audit row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from db.core import audit, settings
from db.core.actors import Actor, Role, require_office
from db.core.errors import Forbidden, Refused, found
from db.projects.models import Indicator, Project
from db.secret_ballot import counting, sealing, tellers
from db.secret_ballot import rows as secret_ballot
from db.secret_ballot.sealing import PrivateKey
from db.secret_ballot.tellers import RoundKeyRecord
from db.system.models import Deputy, Year
from db.vote import rules
from db.vote.candidates import CandidateView, lock_year
from db.vote.candidates import listing as candidate_listing
from db.vote.candidates import view as candidate_view
from db.vote.models import (
    Ballot,
    BallotPick,
    BallotTracker,
    Candidate,
    Participation,
    SealedBallot,
    VotingRound,
    round_candidate,
    round_elector,
)
from db.vote.rules import RoundState, Tally, ThresholdRule


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
class SealedCast:
    """A ballot sealed before its write transaction: the box to store and its tracker (the receipt)."""

    round_id: int
    box: bytes
    tracker: str


@dataclass(frozen=True)
class PublishedBallots:
    """What anyone signed in may download after publication: the anonymous ballots and the trackers.

    `ballots` are (id, valid, candidate ids) in stored (random) order; `trackers` sorted. Nothing
    links a tracker to a ballot.
    """

    ballots: tuple[tuple[str, bool, tuple[int, ...]], ...]
    trackers: tuple[str, ...]


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


@dataclass(frozen=True)
class BallotScreen:
    """What a deputy's ballot page shows, read at once: the round, its candidates, and why (not)."""

    round: RoundView | None
    candidates: tuple[CandidateView, ...]
    status: str  # no_round | can_vote | cast | not_elector | over


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
    voting_round = _round(session, round_id, lock=True)
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
    return [_view(r) for r in session.scalars(query if year is None else query.where(VotingRound.year == year))]


def round_view(session: Session, round_id: int) -> RoundView:
    return _view(_round(session, round_id))


def round_candidates(session: Session, round_id: int) -> list[CandidateView]:
    """The candidates on the ballot: frozen when the round opened; the year's list while a draft."""
    voting_round = _round(session, round_id)
    query = candidate_listing()
    if voting_round.state == RoundState.DRAFT:
        query = query.where(Candidate.year == voting_round.year)
    else:
        query = query.join(round_candidate).where(round_candidate.c.round_id == round_id)
    return [candidate_view(c) for c in session.scalars(query)]


def turnout(session: Session, round_id: int) -> Turnout:
    """Ballots cast and the electorate (active deputies while a draft). Never counts per candidate."""
    voting_round = _round(session, round_id)
    cast = session.scalar(select(func.count()).where(Participation.round_id == round_id)) or 0
    if voting_round.state == RoundState.DRAFT:
        electorate = session.scalar(select(func.count(Deputy.id)).where(Deputy.active.is_(True))) or 0
    else:
        electorate = session.scalar(select(func.count()).where(round_elector.c.round_id == round_id)) or 0
    return Turnout(cast, electorate)


def ballot_screen(
    session: Session, actor: Actor, candidates_of: Callable[[int], Sequence[CandidateView]] | None = None
) -> BallotScreen:
    """The open round and whether this deputy may vote in it; else the latest finished round.

    `candidates_of(round_id)` may serve the open round's candidates from a cache: they were
    frozen when it opened, so every deputy's ballot shows the same list.
    """
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    latest = select(VotingRound).order_by(VotingRound.year.desc(), VotingRound.id.desc()).limit(1)
    voting_round = session.scalar(latest.where(VotingRound.state == RoundState.OPEN))
    if voting_round is None:
        finished = session.scalar(latest.where(VotingRound.state.in_((RoundState.CLOSED, RoundState.PUBLISHED))))
        return BallotScreen(
            None if finished is None else _view(finished), (), "no_round" if finished is None else "over"
        )
    if session.get(Participation, (voting_round.id, actor.deputy_id)) is not None:
        return BallotScreen(_view(voting_round), (), "cast")
    if not _is_elector(session, voting_round.id, actor.deputy_id):
        return BallotScreen(_view(voting_round), (), "not_elector")
    candidates = candidates_of(voting_round.id) if candidates_of else round_candidates(session, voting_round.id)
    return BallotScreen(_view(voting_round), tuple(candidates), "can_vote")


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

    Opening takes the round's `key` (db.secret_ballot.tellers.split_key, made before this
    transaction, its shares shown to the tellers); closing takes the `private_key` the tellers'
    shares rebuilt (`rebuild_key`, also before), and counts. `seen_state` is the state the
    clerk's page showed: if a colleague moved the round on meanwhile, the click is refused
    rather than taking the next step (closing a round just opened, publishing a count nobody checked).
    Publishing a round whose turnout did not pass its floor needs `low_turnout_accepted`: the clerk
    confirmed it a second time, naming the turnout.
    """
    require_office(actor)
    voting_round = _round(session, round_id, lock=True)
    if seen_state is not None and voting_round.state != seen_state:
        raise Refused("vote.state_changed")
    if voting_round.state not in rules.NEXT_STATE:
        raise Refused("vote.state_final")
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
        if key is None:
            raise Refused("vote.tellers_needed")
        if key.demo and not settings.load().demo_mode:
            raise Refused("tellers.threshold_too_low", min=2)  # 1 of 1 is for demonstrations only
        voting_round.key_record = key.to_json()
        details.update(tellers=list(key.tellers), threshold=key.threshold, demo=key.demo)
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


def key_record(session: Session, round_id: int) -> RoundKeyRecord | None:
    """The round's stored key record (public key, tellers, share checks); None before it opened."""
    stored = _round(session, round_id).key_record
    return None if stored is None else RoundKeyRecord.from_json(stored)


def rebuild_key(session: Session, actor: Actor, round_id: int, codes: Sequence[str]) -> PrivateKey:
    """The round's private key from the tellers' codes, before the closing transaction (read-only).

    A wrong, repeated or unreadable code is refused and named (db.secret_ballot.tellers); the
    key lives in memory only, for the closing that follows.
    """
    require_office(actor)
    record = key_record(session, round_id)
    if record is None:
        raise Refused("vote.round_without_key")
    return tellers.rebuild_private_key(record, codes)


def _count(session: Session, voting_round: VotingRound, private_key: PrivateKey | None) -> dict[str, object]:
    """Open every sealed ballot with the rebuilt key and write them anonymous, in random order.

    Runs in the closing transaction, under the round's lock, so that no ballot cast meanwhile is
    left out. Opening a box takes tens of microseconds: 400 ballots cost milliseconds. A ballot
    that does not open or breaks the rules is written as invalid (counted as cast, with no picks).
    Nothing is written unless every step succeeds: it is one transaction.
    """
    voting_round.scrub_pending = True
    if voting_round.key_record is None:  # opened before ballots were sealed: they are plaintext already
        secret_ballot.rewrite_shuffled(session, Ballot, Ballot.round_id == voting_round.id, [(BallotPick, "ballot_id")])
        return {}
    private_key = counting.checked_key(voting_round.key_record, private_key, "vote.shares_needed")
    allowed = set(
        session.scalars(select(round_candidate.c.candidate_id).where(round_candidate.c.round_id == voting_round.id))
    )
    boxes = session.scalars(select(SealedBallot.box).where(SealedBallot.round_id == voting_round.id)).all()
    opened = counting.open_all(private_key, boxes, lambda p: rules.valid_picks(p, voting_round.max_picks, allowed))
    trackers = sorted(tracker_of(box) for box in boxes)
    session.execute(delete(SealedBallot).where(SealedBallot.round_id == voting_round.id))
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


def tracker_of(box: bytes) -> str:
    """A sealed ballot's tracker code (its receipt): 12 hex digits of the box's SHA-256, nothing of its picks."""
    return hashlib.sha256(box).hexdigest()[:12].upper()


def scrub_after_closing() -> bool:
    """Clear the replaced ballot rows from storage once the closing has committed (db.secret_ballot).

    True if done; False if a reader kept the old pages (SQLite): the office sees it pending and
    its page tries again on the next visit (`scrub_pending_rounds`, `mark_scrubbed`).
    """
    return secret_ballot.scrub(["ballot", "ballot_pick", "sealed_ballot", "ballot_tracker"])


def scrub_pending_rounds(session: Session) -> list[int]:
    """Rounds whose closing's replaced rows may still be in storage."""
    return list(session.scalars(select(VotingRound.id).where(VotingRound.scrub_pending.is_(True))))


def mark_scrubbed(session: Session, round_ids: Sequence[int]) -> None:
    """After a scrub that ran to the end: these rounds' old rows are gone (no person's change: no audit row)."""
    for voting_round in session.scalars(select(VotingRound).where(VotingRound.id.in_(round_ids))):
        voting_round.scrub_pending = False


def seal_ballot(session: Session, actor: Actor, round_id: int, picks: list[int]) -> SealedCast:
    """Check the picks against the open round and seal them to its public key, before the write transaction.

    Read-only. The round's candidates and pick limit are frozen while it is open, so the check
    stands when `cast_sealed` writes; the count checks each ballot once more.
    """
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    voting_round = _round(session, round_id)
    if voting_round.state != RoundState.OPEN:
        raise Refused("vote.round_not_open")
    if voting_round.key_record is None:
        raise Refused("vote.round_without_key")
    if len(set(picks)) != len(picks):
        raise Refused("vote.duplicate_pick")
    if len(picks) > voting_round.max_picks:
        raise Refused("vote.too_many_picks", max=voting_round.max_picks)
    allowed = set(session.scalars(select(round_candidate.c.candidate_id).where(round_candidate.c.round_id == round_id)))
    if not set(picks) <= allowed:
        raise Refused("vote.unknown_candidate")
    public_key = RoundKeyRecord.from_json(voting_round.key_record).public_key
    box = sealing.seal(public_key, {"picks": [int(p) for p in picks]})
    return SealedCast(round_id, box, tracker_of(box))


def cast_sealed(session: Session, actor: Actor, sealed: SealedCast) -> str:
    """Record that the deputy voted and, beside it, the sealed ballot; return the receipt (its tracker)."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    round_id = sealed.round_id
    # FOR KEY SHARE on PostgreSQL: casts do not wait for each other, but closing (FOR UPDATE)
    # waits for those in flight, and a cast after it sees the round closed. SQLite's writers
    # are serialised by BEGIN IMMEDIATE already.
    voting_round = found(
        session.scalar(select(VotingRound).where(VotingRound.id == round_id).with_for_update(key_share=True))
    )
    if voting_round.state != RoundState.OPEN:
        raise Refused("vote.round_not_open")
    if not _is_elector(session, round_id, actor.deputy_id):
        raise Refused("vote.not_in_electorate")
    if session.get(Participation, (round_id, actor.deputy_id)) is not None:
        raise Refused("vote.already_cast")
    secret_ballot.take_part(session, Participation(round_id=round_id, deputy_id=actor.deputy_id), "vote.already_cast")
    session.add(SealedBallot(id=secret_ballot.new_id(), round_id=round_id, box=sealed.box))
    session.flush()
    return sealed.tracker


def verify_receipt(session: Session, round_id: int, receipt: str) -> bool:
    """After publication: whether the ballot with this receipt (tracker code) was counted.

    Proves inclusion only: nothing links a tracker to the anonymous ballot its box became, so a
    receipt shows no pick and cannot be sold.
    """
    if _round(session, round_id).state != RoundState.PUBLISHED:
        raise Refused("vote.sealed")
    code = "".join(receipt.split()).replace("-", "").upper()
    tracker = select(BallotTracker.tracker).where(BallotTracker.round_id == round_id, BallotTracker.tracker == code)
    return session.scalar(tracker) is not None


def published_ballots(session: Session, round_id: int) -> PublishedBallots:
    """After publication: every anonymous ballot and every tracker, for anyone to download and recount."""
    if _round(session, round_id).state != RoundState.PUBLISHED:
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


def results(session: Session, round_id: int) -> RoundResult:
    """The tally — sealed (refused) until the round is closed."""
    voting_round = _round(session, round_id)
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


def _is_elector(session: Session, round_id: int, deputy_id: int) -> bool:
    """In the electorate frozen when the round opened."""
    elector = select(round_elector.c.deputy_id).where(
        round_elector.c.round_id == round_id, round_elector.c.deputy_id == deputy_id
    )
    return session.scalar(elector) is not None


def _view(voting_round: VotingRound) -> RoundView:
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


def _round(session: Session, round_id: int, lock: bool = False) -> VotingRound:
    query = select(VotingRound).where(VotingRound.id == round_id)
    return found(session.scalar(query.with_for_update() if lock else query))
