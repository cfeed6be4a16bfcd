"""Sealed rounds: the tellers' shares open the count, receipts prove inclusion only, the list recounts."""

import multiprocessing
import os
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.core.errors import Refused
from db.core.session import read_scope, reset_engines, session_scope
from db.secret_ballot import sealing
from db.vote import rules, voting
from db.vote.models import Ballot, Candidate, SealedBallot, VotingRound
from tests import ballots, factories
from tests.conftest import fresh
from tests.factories import actor_of


@pytest.fixture
def sealed(session):
    """An open 2-of-3 round of 2 places, four candidates, three deputies; (round, office, deputies, ids, codes)."""
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    session.add_all(
        [
            Candidate(
                year=2027, title=f"候选{i}", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(1)
            )
            for i in range(4)
        ]
    )
    session.commit()
    ids = list(session.scalars(select(Candidate.id).order_by(Candidate.id)))
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in range(3)]
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=2)
        codes = ballots.open_round(s, office, round_id)
    return round_id, office, deputies, ids, codes


def close_with(office, round_id, codes):
    with session_scope() as s:
        return ballots.close_round(s, office, round_id, codes)


def test_opening_stores_only_the_public_key_and_share_checks(session, sealed):
    round_id, office, *_, codes = sealed
    with read_scope() as s:
        record = voting.key_record(s, round_id)
    assert record is not None and record.threshold == 2 and record.tellers == ballots.TELLERS
    stored = fresh(session).scalar(select(VotingRound.key_record))
    assert not any(code.replace("-", "")[1:27] in stored for code in codes)


def test_a_draft_round_cannot_open_without_its_tellers_key(session):
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=1)
    with pytest.raises(Refused, match="vote.tellers_needed"), session_scope() as s:
        voting.advance(s, office, round_id)


def test_a_one_of_one_demo_key_is_refused_outside_demo_mode(session, monkeypatch):
    from db.secret_ballot import tellers

    monkeypatch.delenv("MINSHENG_DEMO", raising=False)
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=1)
    record, _ = tellers.split_key(1, ["演示"], demo=True)
    with pytest.raises(Refused, match="tellers.threshold_too_low"), session_scope() as s:
        voting.advance(s, office, round_id, key=record)


def test_any_two_of_three_shares_count_the_round_so_a_lost_share_does_not_stop_it(session, sealed):
    round_id, office, deputies, ids, codes = sealed
    for deputy in deputies:
        ballots.cast(deputy, round_id, ids[:2])
    assert close_with(office, round_id, [codes[2], codes[0]]) == "closed"  # teller 2's share is lost
    with read_scope() as s:
        assert voting.results(s, round_id).tally.lines[0].votes == 3


def test_one_share_of_a_two_of_three_round_cannot_count_it_and_nothing_is_written(session, sealed):
    round_id, office, deputies, ids, codes = sealed
    ballots.cast(deputies[0], round_id, ids[:1])
    with pytest.raises(Refused, match="tellers.too_few_shares"), session_scope() as s:
        ballots.close_round(s, office, round_id, [codes[1]])
    assert fresh(session).scalar(select(VotingRound.state)) == "open"
    assert len(fresh(session).scalars(select(SealedBallot.id)).all()) == 1


def test_a_wrong_or_repeated_share_is_refused_and_names_its_teller(session, sealed):
    from db.secret_ballot import share_codes

    round_id, office, _, _, codes = sealed
    number, share = share_codes.decode(codes[1])
    wrong = share_codes.encode(number, bytes(b ^ 1 for b in share))
    with pytest.raises(Refused) as refused, session_scope() as s:
        ballots.close_round(s, office, round_id, [codes[0], wrong])
    assert refused.value.reason == "tellers.share_wrong" and refused.value.params["teller"] == ballots.TELLERS[1]
    with pytest.raises(Refused) as refused, session_scope() as s:
        ballots.close_round(s, office, round_id, [codes[0], codes[0]])
    assert refused.value.reason == "tellers.share_repeated" and refused.value.params["teller"] == ballots.TELLERS[0]


def test_another_rounds_key_cannot_close_this_round(session, sealed):
    round_id, office, *_ = sealed
    with pytest.raises(Refused, match="tellers.key_mismatch"), session_scope() as s:
        voting.advance(s, office, round_id, private_key=sealing.private_key_from_seed(bytes(16)))
    with pytest.raises(Refused, match="vote.shares_needed"), session_scope() as s:
        voting.advance(s, office, round_id)


def close_in_process(url: str, office_username: str, round_id: int, codes: list[str], out) -> None:  # type: ignore[no-untyped-def]
    """A new app process: it knows the database and the tellers' codes, nothing of the one that opened."""
    os.environ["DATABASE_URL"] = url
    reset_engines()
    with session_scope() as s:
        office = actor_of(s, office_username)
        out.put(ballots.close_round(s, office, round_id, codes))
    reset_engines()


def test_a_restart_between_opening_and_closing_loses_nothing(database_url, session, sealed):
    round_id, office, deputies, ids, codes = sealed
    ballots.cast(deputies[0], round_id, ids[:2])
    ballots.cast(deputies[1], round_id, ids[1:3])
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=close_in_process, args=(database_url, office.username, round_id, codes[1:], queue))
    worker.start()
    assert queue.get(timeout=120) == "closed"
    worker.join(timeout=60)
    with read_scope() as s:
        votes = {line.candidate_id: line.votes for line in voting.results(s, round_id).tally.lines}
    assert votes == {ids[0]: 1, ids[1]: 2, ids[2]: 1, ids[3]: 0}


def test_a_ballot_that_breaks_the_rules_or_does_not_open_is_counted_as_invalid_and_said_so(session, sealed):
    round_id, office, deputies, ids, codes = sealed
    ballots.cast(deputies[0], round_id, ids[:2])
    with read_scope() as s:
        public_key = voting.key_record(s, round_id).public_key
    with session_scope() as s:  # written by something other than the app: three picks, and a forged box
        s.add(SealedBallot(id="a" * 32, round_id=round_id, box=sealing.seal(public_key, {"picks": ids[:3]})))
        s.add(SealedBallot(id="b" * 32, round_id=round_id, box=bytes(sealing.sealed_length(sealing.BALLOT_BUCKET))))
    with session_scope() as s:
        ballots.close_round(s, office, round_id, codes[:2])
    with read_scope() as s:
        result = voting.results(s, round_id)
    assert (result.ballots, result.invalid) == (3, 2)
    assert {line.candidate_id: line.votes for line in result.tally.lines}[ids[0]] == 1


def test_after_publication_a_receipt_shows_no_pick_so_it_cannot_be_sold(session, sealed):
    round_id, office, deputies, ids, _ = sealed
    sold = ballots.cast(deputies[0], round_id, [ids[3]])  # the buyer asks for the receipt of this ballot
    ballots.cast(deputies[1], round_id, ids[:2])
    with session_scope() as s:
        ballots.close_round(s, office, round_id)
        voting.advance(s, office, round_id)
    with read_scope() as s:
        shown = voting.verify_receipt(s, round_id, sold)
        published = voting.published_ballots(s, round_id)
    assert shown is True  # counted: all the receipt can say
    assert sold in published.trackers
    assert all(sold not in ballot_id for ballot_id, _, _ in published.ballots)
    # Nothing in the list ties the tracker to a ballot: trackers sorted, ballots in their own random ids.
    assert published.trackers == tuple(sorted(published.trackers))
    assert {p for _, _, p in published.ballots} == {(ids[3],), tuple(ids[:2])}


def test_a_recount_of_the_published_ballot_list_equals_the_apps_tally(session, sealed):
    round_id, office, deputies, ids, _ = sealed
    for deputy, picks in zip(deputies, [ids[:2], ids[1:3], []], strict=True):
        ballots.cast(deputy, round_id, picks)
    with session_scope() as s:
        ballots.close_round(s, office, round_id)
        voting.advance(s, office, round_id)
    with read_scope() as s:
        published = voting.published_ballots(s, round_id)
        result = voting.results(s, round_id)
    recounted = rules.recount([(valid, picks) for _, valid, picks in published.ballots])
    assert {line.candidate_id: line.votes for line in result.tally.lines if line.votes} == recounted
    assert len(published.ballots) == result.ballots == len(published.trackers) == 3
    assert fresh(session).scalar(select(Ballot.id).where(Ballot.valid.is_(False))) is None


def test_the_published_list_and_receipts_stay_sealed_until_publication(session, sealed):
    round_id, office, deputies, ids, _ = sealed
    ballots.cast(deputies[0], round_id, ids[:1])
    with session_scope() as s:
        ballots.close_round(s, office, round_id)
    with pytest.raises(Refused, match="vote.sealed"), read_scope() as s:
        voting.published_ballots(s, round_id)
