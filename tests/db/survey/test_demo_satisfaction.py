"""Demo satisfaction surveys: closed rounds with realistic results, this year's open round for d001."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from db.core import clock, migrate
from db.core.errors import Refused
from db.core.session import read_scope, session_scope
from db.demo.pool.reference import LEAD_DEPARTMENT_CODES
from db.oversight import rules as oversight_rules
from db.oversight.models import RectificationItem
from db.oversight.rules import RectificationState
from db.projects.models import Project
from db.survey import answering as survey_answering
from db.survey import results as survey_results
from db.survey import rounds as survey_rounds
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyRating, SurveyRound
from db.survey.rules import Level
from db.system.models import Department, Deputy
from tests import surveys
from tests.conftest import TODAY, fresh
from tests.factories import actor_of

THIS_YEAR, LAST_YEAR = TODAY.year, TODAY.year - 1
PAST_YEARS = range(TODAY.year - 5, TODAY.year)


def rounds_by_year_and_stage(session: Session) -> dict[tuple[int, str], survey_rounds.SurveyView]:
    return {(r.year, r.stage): r for r in survey_rounds.rounds(session)}


def the_round(session: Session, year: int, stage: str) -> survey_rounds.SurveyView:
    return rounds_by_year_and_stage(session)[(year, stage)]


def participations(session: Session, round_id: int) -> int:
    query = select(func.count()).select_from(SurveyParticipation).where(SurveyParticipation.round_id == round_id)
    return session.scalar(query) or 0


def test_past_years_have_closed_year_end_rounds_last_year_a_midyear_one_too_and_this_year_one_open(demo_session):
    rounds = rounds_by_year_and_stage(demo_session)
    expected = {(year, "yearend"): "closed" for year in PAST_YEARS} | {(LAST_YEAR, "midyear"): "closed"}
    assert {key: r.state for key, r in rounds.items()} == expected | {(THIS_YEAR, "midyear"): "open"}
    for (year, _), survey in rounds.items():
        projects = demo_session.scalars(select(Project.id).where(Project.year == year).order_by(Project.number))
        assert survey.project_ids == tuple(projects) and len(survey.project_ids) == 10
        assert survey.voter_body == "all" and survey.threshold == survey_rounds.Threshold()
    for (year, stage), survey in rounds.items():
        closed_on = demo_session.get(SurveyRound, survey.id).closed_on
        if survey.state == "open":
            assert closed_on is None
        else:
            assert closed_on.year == year and closed_on.month == (7 if stage == "midyear" else 12)
            assert closed_on < TODAY and closed_on.weekday() < 5


def test_last_years_year_end_grades_one_project_basically_satisfied_and_fails_one_with_its_item(demo_session):
    results = survey_results.results(demo_session, the_round(demo_session, LAST_YEAR, "yearend").id)
    grades = Counter(line.grade for line in results.lines)
    assert grades == {Level.SATISFIED: 8, Level.BASICALLY_SATISFIED: 1, Level.DISSATISFIED: 1}
    (failed,) = [line for line in results.lines if line.flagged]
    assert failed.grade == Level.DISSATISFIED and failed.count.overall_rate < 0.8
    assert all(
        line.count.overall_rate >= 0.8 and line.rectification_item_id is None
        for line in results.lines
        if line is not failed
    )
    item = demo_session.get(RectificationItem, failed.rectification_item_id)
    project = demo_session.get(Project, failed.project_id)
    assert (item.source_kind, item.source_id, item.project_id) == ("survey", results.survey.id, project.id)
    assert item.department_id == project.lead_department_id and item.created_by is None  # opened by the rule
    assert demo_session.get(Department, item.department_id).code in LEAD_DEPARTMENT_CODES  # a liaison works it
    assert item.problem_key == "rectification.problem_survey"
    assert {k: item.problem_params[k] for k in ("year", "stage", "rate", "grade")} == {
        "year": LAST_YEAR,
        "stage": "yearend",
        "rate": failed.count.overall_rate,
        "grade": "dissatisfied",
    }
    assert item.state in (
        RectificationState.OPEN,
        RectificationState.IN_PROGRESS,
        RectificationState.RECTIFIED,
    )  # still with the office
    assert not oversight_rules.is_overdue(item.state, item.deadline, TODAY)
    closed_on = demo_session.get(SurveyRound, results.survey.id).closed_on
    assert clock.local(item.created_at).date() == closed_on
    assert item.deadline == closed_on + timedelta(days=results.survey.threshold.deadline_days)


def test_the_failed_project_was_already_only_basically_satisfied_at_midyear(demo_session):
    year_end = survey_results.results(demo_session, the_round(demo_session, LAST_YEAR, "yearend").id)
    failed = next(line.project_id for line in year_end.lines if line.flagged)
    trend = survey_results.project_trend(demo_session, [failed])
    assert [(p.year, p.stage, p.grade) for p in trend if p.year == LAST_YEAR] == [
        (LAST_YEAR, "midyear", Level.BASICALLY_SATISFIED),
        (LAST_YEAR, "yearend", Level.DISSATISFIED),
    ]


def test_earlier_years_are_mostly_satisfied_and_their_flagged_projects_items_were_verified(demo_session):
    flagged = 0
    for year in PAST_YEARS:
        if year == LAST_YEAR:
            continue
        lines = survey_results.results(demo_session, the_round(demo_session, year, "yearend").id).lines
        grades = Counter(line.grade for line in lines)
        assert grades[Level.SATISFIED] >= 9 and not grades[Level.DISSATISFIED]
        for line in lines:
            assert (line.rectification_item_id is not None) == line.flagged
            if line.flagged:
                flagged += 1
                item = demo_session.get(RectificationItem, line.rectification_item_id)
                assert item.state == RectificationState.VERIFIED and item.evidence and item.closed_at is not None
                assert [n.state_after for n in item.notes] == [
                    RectificationState.IN_PROGRESS,
                    RectificationState.RECTIFIED,
                    RectificationState.VERIFIED,
                ]
    assert flagged == 1


def test_between_85_and_95_percent_of_the_deputies_answered_every_closed_round(demo_session):
    deputies = demo_session.scalar(select(func.count(Deputy.id)).where(Deputy.active.is_(True)))
    for survey in survey_rounds.rounds(demo_session):
        if survey.state == "closed":
            responses = survey_rounds.responses(demo_session, survey.id)
            assert responses.voters == deputies and 0.85 <= responses.share <= 0.95
            assert all(d.responded <= d.voters for d in responses.by_delegation)


def test_every_answer_rates_every_project_of_its_round_and_closed_counts_add_up(demo_session):
    for survey in survey_rounds.rounds(demo_session):
        answered = participations(demo_session, survey.id)
        if survey.state == "open":  # one sealed answer set per participation, nothing readable
            boxes = demo_session.scalars(select(SealedAnswers.box).where(SealedAnswers.round_id == survey.id)).all()
            assert len(boxes) == answered and len({len(box) for box in boxes}) == 1
            continue
        per_project = Counter(
            demo_session.scalars(select(SurveyRating.project_id).where(SurveyRating.round_id == survey.id))
        )
        assert per_project == dict.fromkeys(survey.project_ids, answered)
        if survey.state == "closed":
            lines = survey_results.results(demo_session, survey.id).lines
            assert all(line.count.voters == answered for line in lines)


def test_this_years_open_round_awaits_the_demo_deputy_and_keeps_its_counts_sealed(demo_session):
    survey = the_round(demo_session, THIS_YEAR, "midyear")
    d001, d002 = actor_of(demo_session, "d001"), actor_of(demo_session, "d002")
    assert [(s.survey.id, s.status) for s in survey_answering.deputy_screens(demo_session, d001)] == [
        (survey.id, "can_answer")
    ]
    assert demo_session.get(SurveyParticipation, (survey.id, d001.deputy_id)) is None
    responses = survey_rounds.responses(demo_session, survey.id)
    assert 0.55 <= (responses.responded / (responses.voters - 1)) <= 0.65  # of the deputies but d001
    assert survey_answering.deputy_screens(demo_session, d002)[0].status in ("can_answer", "answered")
    with pytest.raises(Refused) as refused:
        survey_results.results(demo_session, survey.id)
    assert refused.value.reason == "survey.sealed"


def test_a_rating_row_holds_nothing_about_who_gave_it(demo_session):
    columns = {c["name"] for c in inspect(demo_session.get_bind()).get_columns("survey_rating")}
    assert columns == {"id", "round_id", "project_id", "level", "comment"}
    ids = demo_session.scalars(select(SurveyRating.id)).all()
    assert len(set(ids)) == len(ids) and all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_a_few_deputies_left_a_short_comment_in_chinese_more_of_them_when_not_satisfied(demo_session):
    office = actor_of(demo_session, "office")
    shares: dict[str, list[int]] = {level: [0, 0] for level in Level}
    for level, comment in demo_session.execute(select(SurveyRating.level, SurveyRating.comment)):
        shares[level][0] += bool(comment)
        shares[level][1] += 1
    rate = {level: commented / total for level, (commented, total) in shares.items() if total}
    assert rate[Level.SATISFIED] < rate[Level.BASICALLY_SATISFIED] < rate[Level.DISSATISFIED] < 0.2
    assert rate[Level.ABSTAIN] == 0
    for survey in survey_rounds.rounds(demo_session):
        if survey.state == "closed":
            comments = survey_results.comments(demo_session, office, survey.id)
            assert 10 <= len(comments) <= 80
            assert all(5 <= len(c.text) <= 40 and "\u4e00" <= c.text[0] <= "\u9fff" for c in comments)


def test_d001_answers_the_open_round_and_the_office_closes_it_with_everyones_answers(demo_session):
    survey = the_round(demo_session, THIS_YEAR, "midyear")
    office, d001 = actor_of(demo_session, "office"), actor_of(demo_session, "d001")
    before = participations(demo_session, survey.id)
    with session_scope() as s:
        surveys.submit(s, d001, survey.id, {p: (Level.SATISFIED, "") for p in survey.project_ids})
    with read_scope() as s:
        record = survey_rounds.key_record(s, survey.id)
    assert record is not None and record.demo and record.threshold == 1 and len(record.demo_shares) == 1
    with session_scope() as s:  # the office closes with the demo share its page shows
        assert surveys.close_round(s, office, survey.id, record.demo_shares, seen="open") == "closed"
    results = survey_results.results(fresh(demo_session), survey.id)
    assert results.responses.responded == before + 1
    assert all(line.count.voters == before + 1 and line.grade for line in results.lines)


def test_the_demo_surveys_come_out_the_same_every_time(engine, session, demo_session):
    def fingerprint(s: Session) -> list[tuple[object, ...]]:
        counts = [
            (r.year, r.stage, r.state, line.number, line.count, line.grade, line.flagged)
            for r in survey_rounds.rounds(s)
            if r.state == "closed"
            for line in survey_results.results(s, r.id).lines
        ]
        answers = s.execute(
            select(SurveyRating.round_id, SurveyRating.project_id, SurveyRating.level, SurveyRating.comment)
        )
        return sorted(counts) + sorted(Counter(answers).items())

    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    assert fingerprint(fresh(session)) == fingerprint(demo_session)
