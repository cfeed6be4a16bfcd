"""Satisfaction answers at the same moment: from threads and processes, twice per deputy, and racing
the round's closing. Nothing is lost, nothing doubled; every answer lands before the closing or is refused."""

import multiprocessing
import os
import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core.actors import Actor
from db.core.errors import Refused
from db.core.session import read_scope, reset_engines, session_scope
from db.survey import results as survey_results
from db.survey import rounds as survey_rounds
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyRating
from db.survey.rules import Level
from tests import factories, surveys
from tests.conftest import fresh
from tests.factories import actor_of

YEAR = 2026
VOTERS = 24


def deputy(deputy_id: int) -> Actor:
    return Actor(id=0, username=f"d{deputy_id}", display_name="", role="deputy", deputy_id=deputy_id)


def answers(project_ids: list[int]) -> dict[int, tuple[str, str]]:
    levels = Level.codes()
    return {p: (levels[i % len(levels)], f"意见{i}") for i, p in enumerate(project_ids)}


def submit_each(deputy_ids: list[int], round_id: int, project_ids: list[int]) -> list[str]:
    outcomes = []
    for deputy_id in deputy_ids:
        try:
            with session_scope() as s:
                surveys.submit(s, deputy(deputy_id), round_id, answers(project_ids))
            outcomes.append("submitted")
        except Refused as refused:
            outcomes.append(refused.reason)
    return outcomes


def submit_in_process(url: str, deputy_ids: list[int], round_id: int, project_ids: list[int], out) -> None:  # type: ignore[no-untyped-def]
    os.environ["DATABASE_URL"] = url
    reset_engines()
    out.put(submit_each(deputy_ids, round_id, project_ids))


@pytest.fixture
def survey(session):
    """An open round of three projects and 24 voters in one delegation."""
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    project_ids = [factories.project(session, lead, year_number=YEAR, number=n).id for n in (1, 2, 3)]
    delegation = factories.division(session)
    deputy_ids = [factories.deputy(session, division_row=delegation).id for _ in range(VOTERS)]
    with session_scope() as s:
        round_id = survey_rounds.create_round(s, office, YEAR, "midyear")
        surveys.advance(s, office, round_id)
    return SimpleNamespace(office=office, round_id=round_id, project_ids=project_ids, deputy_ids=deputy_ids)


def stored(session):
    """Participations and sealed answer sets (one each)."""
    fresh(session)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (SurveyParticipation, SealedAnswers))


def twice_each(deputy_ids: list[int], groups: int) -> list[list[int]]:
    """Groups of deputies, each deputy in two of them: every deputy answers twice at once."""
    size = len(deputy_ids) * 2 // groups
    halves = [deputy_ids[i : i + size] for i in range(0, len(deputy_ids), size)]
    return [group for half in halves for group in (half, half)]


def test_many_deputies_answering_twice_at_once_from_several_threads_lose_and_double_nothing(session, survey):
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(group: list[int]) -> None:
        done = submit_each(group, survey.round_id, survey.project_ids)
        with lock:
            outcomes.extend(done)

    workers = [threading.Thread(target=work, args=(g,)) for g in twice_each(survey.deputy_ids, 6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert outcomes.count("submitted") == VOTERS and outcomes.count("survey.already_answered") == VOTERS
    assert len(outcomes) == 2 * VOTERS
    assert stored(session) == (VOTERS, VOTERS)
    fresh(session)
    assert set(session.scalars(select(SurveyParticipation.deputy_id))) == set(survey.deputy_ids)


def test_many_deputies_answering_twice_at_once_from_several_processes_lose_and_double_nothing(
    database_url, session, survey
):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    groups = twice_each(survey.deputy_ids, 4)
    workers = [
        context.Process(target=submit_in_process, args=(database_url, g, survey.round_id, survey.project_ids, queue))
        for g in groups
    ]
    for worker in workers:
        worker.start()
    outcomes = [item for _ in workers for item in queue.get(timeout=180)]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes.count("submitted") == VOTERS and outcomes.count("survey.already_answered") == VOTERS
    assert stored(session) == (VOTERS, VOTERS)
    with session_scope() as s:
        surveys.advance(s, survey.office, survey.round_id)
    with read_scope() as s:
        result = survey_results.results(s, survey.round_id)
    assert [line.count.voters for line in result.lines] == [VOTERS] * 3
    assert [
        (line.count.satisfied, line.count.basically_satisfied, line.count.dissatisfied) for line in result.lines
    ] == [(VOTERS, 0, 0), (0, VOTERS, 0), (0, 0, VOTERS)]


def test_an_answer_sent_while_the_round_is_being_closed_waits_and_is_refused(session, survey):
    outcome: list[str] = []

    def submit_now() -> None:
        outcome.extend(submit_each(survey.deputy_ids[:1], survey.round_id, survey.project_ids))

    with session_scope() as s:
        surveys.advance(s, survey.office, survey.round_id)  # closing, not yet committed: the round is locked
        answering = threading.Thread(target=submit_now)
        answering.start()
        answering.join(timeout=1)  # SQLite's busy wait or PostgreSQL's row lock holds the answer back
        assert outcome == []
    answering.join(timeout=30)
    assert outcome == ["survey.not_open"]
    assert stored(session) == (0, 0)


def test_a_closing_clicked_while_an_answer_is_being_saved_waits_and_counts_it(session, survey):
    outcome: list[str] = []

    def close_now() -> None:
        with session_scope() as s:
            outcome.append(surveys.advance(s, survey.office, survey.round_id))

    with session_scope() as s:
        surveys.submit(s, deputy(survey.deputy_ids[0]), survey.round_id, answers(survey.project_ids))
        closing = threading.Thread(target=close_now)
        closing.start()
        closing.join(timeout=1)  # the answer's transaction holds the closing back
        assert outcome == []
    closing.join(timeout=30)
    assert outcome == ["closed"]
    with read_scope() as s:
        result = survey_results.results(s, survey.round_id)
    assert result.responses.responded == 1
    assert [line.count.voters for line in result.lines] == [1, 1, 1]


def test_answers_racing_the_closing_are_either_counted_or_refused_never_lost(session, survey):
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(VOTERS + 1)

    def answer(deputy_id: int) -> None:
        start.wait()
        done = submit_each([deputy_id], survey.round_id, survey.project_ids)
        with lock:
            outcomes.extend(done)

    def close() -> None:
        start.wait()
        with session_scope() as s:
            surveys.advance(s, survey.office, survey.round_id)

    workers = [threading.Thread(target=answer, args=(d,)) for d in survey.deputy_ids]
    workers.insert(VOTERS // 3, threading.Thread(target=close))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    landed = outcomes.count("submitted")
    assert landed + outcomes.count("survey.not_open") == VOTERS
    assert stored(session) == (landed, 0)  # the sealed answer sets were opened and deleted by the closing
    assert fresh(session).scalar(select(func.count()).select_from(SurveyRating)) == landed * 3
    with read_scope() as s:
        result = survey_results.results(s, survey.round_id)
    assert result.responses.responded == landed
    assert [line.count.voters for line in result.lines] == [landed] * 3


def test_a_second_answer_sent_while_the_first_is_being_saved_waits_and_is_refused(session, survey):
    outcome: list[str] = []
    first = survey.deputy_ids[0]

    def submit_again() -> None:
        outcome.extend(submit_each([first], survey.round_id, survey.project_ids))

    with session_scope() as s:
        surveys.submit(s, deputy(first), survey.round_id, answers(survey.project_ids))
        again = threading.Thread(target=submit_again)
        again.start()
        again.join(timeout=1)  # PostgreSQL: the participation's key is taken; SQLite: the write lock
        assert outcome == []
    again.join(timeout=30)
    assert outcome == ["survey.already_answered"]
    assert stored(session) == (1, 1)


def test_two_clerks_creating_the_same_round_at_once_the_second_waits_and_is_refused(session, survey):
    outcome: list[str] = []

    def create_too() -> None:
        try:
            with session_scope() as s:
                survey_rounds.create_round(s, survey.office, YEAR, "yearend")
            outcome.append("created")
        except Refused as refused:
            outcome.append(refused.reason)

    with session_scope() as s:
        survey_rounds.create_round(s, survey.office, YEAR, "yearend")
        other = threading.Thread(target=create_too)
        other.start()
        other.join(timeout=1)
        assert outcome == []
    other.join(timeout=30)
    assert outcome == ["survey.round_exists"]
