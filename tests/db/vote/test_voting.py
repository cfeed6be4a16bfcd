"""The secret ballot: every refusal, secrecy of the stored data, sealed counts, concurrency."""

import multiprocessing
import os
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select

from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, reset_engines, session_scope
from db.vote import voting
from db.vote.models import Ballot, BallotPick, Candidate, Participation, SealedBallot
from tests import ballots, factories
from tests.conftest import fresh
from tests.factories import actor_of


@pytest.fixture
def plenary(session):
    """An office clerk, three deputies (one inactive), four candidates and an open round of 2 places."""
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    candidates = [
        Candidate(
            year=2027, title=f"候选{i}", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(100)
        )
        for i in range(4)
    ]
    session.add_all(candidates)
    session.commit()
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in range(3)]
    outsider = factories.account(session, "deputy")
    outsider.deputy.active = False
    session.commit()
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=2)
        ballots.open_round(s, office, round_id)
    return round_id, office, deputies, actor_of(session, outsider.username), [c.id for c in candidates]


cast = ballots.cast


def counts(session):
    """Participations, sealed ballots, counted ballots, counted picks."""
    fresh(session)
    models = (Participation, SealedBallot, Ballot, BallotPick)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def close(office, round_id):
    with session_scope() as s:
        return ballots.close_round(s, office, round_id)


def test_a_ballot_is_stored_apart_from_who_cast_it_and_returns_a_receipt(session, plenary):
    round_id, _, (first, *_), _, ids = plenary
    receipt = cast(first, round_id, ids[:2])
    assert len(receipt) == 12
    assert counts(session) == (1, 1, 0, 0)  # sealed until the tellers open the count
    sealed_columns = {c["name"] for c in inspect(session.get_bind()).get_columns("sealed_ballot")}
    assert sealed_columns == {"id", "round_id", "box"}  # no deputy, no time
    assert voting.tracker_of(session.scalar(select(SealedBallot.box))) == receipt
    assert session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "cast")) == 0


@pytest.mark.parametrize(
    ("picks", "reason"),
    [
        (lambda ids: ids[:3], "vote.too_many_picks"),
        (lambda ids: [ids[0], ids[0]], "vote.duplicate_pick"),
        (lambda ids: [999_999], "vote.unknown_candidate"),
    ],
)
def test_a_bad_ballot_is_refused_and_nothing_is_written(session, plenary, picks, reason):
    round_id, _, (first, *_), _, ids = plenary
    with pytest.raises(Refused) as refused:
        cast(first, round_id, picks(ids))
    assert refused.value.reason == reason
    assert counts(session) == (0, 0, 0, 0)


def test_a_second_ballot_an_outsider_and_a_closed_round_are_refused(session, plenary):
    round_id, office, (first, second, _), outsider, ids = plenary
    cast(first, round_id, [])  # an empty ballot counts as cast
    with pytest.raises(Refused, match="vote.already_cast"):
        cast(first, round_id, ids[:1])
    with pytest.raises(Refused, match="vote.not_in_electorate"):
        cast(outsider, round_id, ids[:1])
    with pytest.raises(Forbidden):
        cast(office, round_id, ids[:1])
    close(office, round_id)
    with pytest.raises(Refused, match="vote.round_not_open"):
        cast(second, round_id, ids[:1])
    assert counts(session) == (1, 0, 1, 0)


def test_counts_stay_sealed_until_the_round_closes(session, plenary):
    round_id, office, (first, second, third), _, ids = plenary
    for deputy in (first, second, third):
        cast(deputy, round_id, ids[:2])
    with pytest.raises(Refused, match="vote.sealed"), read_scope() as s:
        voting.results(s, round_id)
    close(office, round_id)
    with read_scope() as s:
        result = voting.results(s, round_id)
    assert (result.electorate, result.ballots) == (3, 3)  # the inactive deputy is not an elector
    assert [(line.votes, line.elected) for line in result.tally.lines] == [(3, True), (3, True), (0, False), (0, False)]


def cast_in_process(url: str, deputy_ids: list[int], round_id: int, picks: list[int], out) -> None:  # type: ignore[no-untyped-def]
    os.environ["DATABASE_URL"] = url
    reset_engines()
    from db.core.actors import Actor

    outcomes = []
    for deputy_id in deputy_ids:
        actor = Actor(id=0, username=f"p{deputy_id}", display_name="", role="deputy", deputy_id=deputy_id)
        try:
            ballots.cast(actor, round_id, picks)
            outcomes.append("cast")
        except Refused as refused:
            outcomes.append(refused.reason)
    out.put(outcomes)


def test_many_deputies_casting_at_once_from_several_processes_lose_and_double_nothing(database_url, session):
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    session.add_all(
        [
            Candidate(
                year=2027, title=f"候选{i}", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(1)
            )
            for i in range(3)
        ]
    )
    session.commit()
    deputies = [factories.deputy(session).id for _ in range(24)]
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=2)
        ballots.open_round(s, office, round_id)
    picks = list(session.scalars(select(Candidate.id).order_by(Candidate.id)))[:2]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    # Four processes; each deputy appears in two of them, so every deputy tries twice at once.
    groups = [deputies[:12], deputies[:12], deputies[12:], deputies[12:]]
    workers = [context.Process(target=cast_in_process, args=(database_url, g, round_id, picks, queue)) for g in groups]
    for worker in workers:
        worker.start()
    outcomes = [item for _ in workers for item in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes.count("cast") == 24 and outcomes.count("vote.already_cast") == 24
    fresh(session)
    assert counts(session) == (24, 24, 0, 0)
    close(office, round_id)
    assert counts(session) == (24, 0, 24, 48)


def test_publication_turns_the_elected_into_projects_and_a_receipt_shows_its_ballot_was_counted(session, plenary):
    from db.projects.models import Project

    round_id, office, (first, second, third), _, ids = plenary
    receipts = [
        cast(first, round_id, [ids[0], ids[1]]),
        cast(second, round_id, [ids[0], ids[1]]),
        cast(third, round_id, [ids[2]]),
    ]
    close(office, round_id)
    with pytest.raises(Refused, match="vote.sealed"), read_scope() as s:
        voting.verify_receipt(s, round_id, receipts[2])
    with session_scope() as s:
        assert voting.advance(s, office, round_id) == "published"
    with read_scope() as s:
        assert voting.verify_receipt(s, round_id, receipts[2].lower()) is True
        assert voting.verify_receipt(s, round_id, "NOT-A-RECEIPT") is False
    projects = fresh(session).scalars(select(Project).where(Project.year == 2027).order_by(Project.number)).all()
    assert [(p.number, p.title) for p in projects] == [(1, "候选0"), (2, "候选1")]
    with pytest.raises(Refused, match="vote.state_final"), session_scope() as s:
        voting.advance(s, office, round_id)


def test_closing_rewrites_the_ballots_so_nothing_stored_pairs_them_with_who_voted(session, plenary):
    from sqlalchemy import text

    round_id, office, deputies, _, ids = plenary
    picks = [ids[:1], ids[:2], ids[1:3]]  # at most two: the round has two places
    receipts = [cast(deputy, round_id, p) for deputy, p in zip(deputies, picks, strict=True)]
    postgres = session.get_bind().dialect.name == "postgresql"

    def stamps(table):  # PostgreSQL's id of the transaction that wrote each row
        return set(fresh(session).scalars(text(f"SELECT xmin::text FROM {table}"))) if postgres else set()

    cast_ids = set(fresh(session).scalars(select(SealedBallot.id)))
    assert stamps("sealed_ballot") == stamps("participation")  # while open, each box shares its voter's stamp
    close(office, round_id)
    assert counts(session) == (3, 0, 3, 5)
    assert not cast_ids & set(fresh(session).scalars(select(Ballot.id)))
    assert len(stamps("ballot")) <= 1 and not stamps("ballot") & stamps("participation")
    with session_scope() as s:
        voting.advance(s, office, round_id)
    with read_scope() as s:
        assert all(voting.verify_receipt(s, round_id, r) for r in receipts)
        published = voting.published_ballots(s, round_id)
    assert sorted(p for _, _, p in published.ballots) == sorted(tuple(sorted(p)) for p in picks)
    assert published.trackers == tuple(sorted(receipts))


def test_a_step_clicked_on_a_page_that_showed_an_older_state_is_refused(session, plenary):
    round_id, office, *_ = plenary  # open: a colleague opened it after this clerk's page showed the draft
    with pytest.raises(Refused, match="vote.state_changed"), session_scope() as s:
        voting.advance(s, office, round_id, seen_state="draft")
    with session_scope() as s:
        assert ballots.close_round(s, office, round_id, seen="open") == "closed"


def test_a_ballot_cast_while_the_round_is_being_closed_waits_and_is_refused(session, plenary):
    import threading

    round_id, office, (first, *_), _, ids = plenary
    outcome: list[str] = []

    def cast_now() -> None:
        try:
            cast(first, round_id, ids[:1])
            outcome.append("cast")
        except Refused as refused:
            outcome.append(refused.reason)

    with session_scope() as s:
        ballots.close_round(s, office, round_id)  # closing, not yet committed: the round row is locked
        caster = threading.Thread(target=cast_now)
        caster.start()
        caster.join(timeout=1)  # SQLite's busy wait or PostgreSQL's row lock holds the cast back
        assert outcome == []
    caster.join(timeout=30)
    assert outcome == ["vote.round_not_open"]
    assert counts(session) == (0, 0, 0, 0)
