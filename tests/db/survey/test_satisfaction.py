"""Satisfaction surveys (满意度测评): managing rounds, secret answers and every refusal, sealed counts,
what closing freezes and opens, who answered, the deputy's screens, comments and the trends."""

from dataclasses import astuple, fields
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, inspect, select, text, update

from db.core import clock
from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.oversight.models import RectificationItem
from db.oversight.rules import RectificationState
from db.projects.models import Project
from db.survey import answering as survey_answering
from db.survey import results as survey_results
from db.survey import rounds as survey_rounds
from db.survey import rules as survey_rules
from db.survey.models import (
    SealedAnswers,
    SurveyParticipation,
    SurveyRating,
    SurveyResult,
    SurveyRound,
    survey_project,
    survey_voter,
)
from db.survey.rounds import Threshold
from db.survey.rules import Level, Stage
from db.system.models import Deputy
from tests import factories, surveys
from tests.conftest import fresh
from tests.factories import actor_of
from tests.tellers import TELLERS

YEAR = 2026
TODAY = date(2026, 11, 27)
DEFAULTS = Threshold()
S, B, D, A = Level.SATISFIED, Level.BASICALLY_SATISFIED, Level.DISSATISFIED, Level.ABSTAIN


def deputy_actor(session, division, *, standing_committee=False, active=True):
    row = factories.deputy(session, division_row=division)
    row.standing_committee, row.active = standing_committee, active
    session.commit()
    return actor_of(session, factories.account(session, "deputy", deputy=row).username)


@pytest.fixture
def stage(session, monkeypatch):
    """2026 with three projects (two departments) and one 2025 project; office staff; two delegations:
    north with three active deputies (the first on the standing committee), south with one active
    and one retired deputy."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    north, south = factories.division(session, "北区"), factories.division(session, "南区")
    north.sort_order, south.sort_order = 1, 2
    session.commit()
    office = actor_of(session, factories.account(session, "staff").username)
    leads = [factories.department(session), factories.department(session)]
    projects = [
        factories.project(session, leads[0], year_number=YEAR, number=1),
        factories.project(session, leads[1], year_number=YEAR, number=2),
        factories.project(session, leads[0], year_number=YEAR, number=3),
    ]
    last_year = factories.project(session, leads[0], year_number=YEAR - 1, number=1)
    deputies = [
        deputy_actor(session, north, standing_committee=True),
        deputy_actor(session, north),
        deputy_actor(session, north),
        deputy_actor(session, south),
    ]
    retired = deputy_actor(session, south, active=False)
    return SimpleNamespace(
        office=office,
        leads=leads,
        ids=[p.id for p in projects],
        projects=projects,
        last_year=last_year.id,
        deputies=deputies,
        retired=retired,
    )


# --- Calling the services, each in its own transaction -----------------------------------------


def create(actor, stage="midyear", year=YEAR, **options):
    with session_scope() as s:
        return survey_rounds.create_round(s, actor, year, stage, **options)


def update_round(actor, round_id, project_ids, voter_body="all", threshold=DEFAULTS):
    with session_scope() as s:
        survey_rounds.update_round(s, actor, round_id, project_ids, voter_body, threshold)


def advance(actor, round_id, seen_state=None):
    with session_scope() as s:
        return surveys.advance(s, actor, round_id, seen_state)


def opened(arranged, **options):
    round_id = create(arranged.office, **options)
    advance(arranged.office, round_id)
    return round_id


def submit(actor, round_id, answers):
    with session_scope() as s:
        surveys.submit(s, actor, round_id, answers)


def rate(ids, *levels, comment=""):
    """Answers: the i-th project at the i-th level."""
    return {project: (level, comment) for project, level in zip(ids, levels, strict=True)}


def view(round_id):
    with read_scope() as s:
        return survey_rounds.round_view(s, round_id)


def results(round_id):
    with read_scope() as s:
        return survey_results.results(s, round_id)


def responses(round_id):
    with read_scope() as s:
        return survey_rounds.responses(s, round_id)


def comments(actor, round_id):
    with read_scope() as s:
        return survey_results.comments(s, actor, round_id)


def screens(actor):
    with read_scope() as s:
        return [(screen.survey.id, screen.status) for screen in survey_answering.deputy_screens(s, actor)]


def counts(session):
    """Rounds, round projects, frozen voters, participations, ratings, sealed answer sets, results, items, audit rows."""
    fresh(session)
    tables = (
        SurveyRound,
        survey_project,
        survey_voter,
        SurveyParticipation,
        SurveyRating,
        SealedAnswers,
        SurveyResult,
        RectificationItem,
        AuditEntry,
    )
    return tuple(session.scalar(select(func.count()).select_from(t)) for t in tables)


def audit_rows(session, entity):
    fresh(session)
    return session.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()


def someone(session, role, stage):
    fresh(session)  # after a read, SQLite's arranging session must end its snapshot before writing
    if role == "department staff":
        return actor_of(session, factories.account(session, "staff", department_id=stage.leads[0].id).username)
    return actor_of(session, factories.account(session, role).username)


# --- Creating and changing a round ---------------------------------------------------------------


def test_a_new_round_takes_all_the_years_projects_all_deputies_and_the_default_threshold(session, stage):
    round_id = create(stage.office)
    assert view(round_id) == survey_rounds.SurveyView(
        round_id, YEAR, "midyear", "all", "draft", Threshold(0.8, True, 60), tuple(stage.ids)
    )
    (created,) = audit_rows(session, "survey_round")
    assert (created.action, created.entity_id, created.actor_username, created.before) == (
        "create",
        str(round_id),
        stage.office.username,
        None,
    )
    assert created.after == {
        "year": YEAR,
        "stage": "midyear",
        "voter_body": "all",
        "rectify_below": 0.8,
        "rectify_when_dissatisfied": True,
        "deadline_days": 60,
        "projects": stage.ids,
    }


def test_a_round_can_be_created_with_its_own_projects_voters_and_threshold(session, stage):
    chosen = Threshold(0.65, False, 30)
    round_id = create(
        stage.office,
        stage="yearend",
        project_ids=[stage.ids[2], stage.ids[0]],
        voter_body="standing_committee",
        threshold=chosen,
    )
    assert view(round_id) == survey_rounds.SurveyView(
        round_id, YEAR, "yearend", "standing_committee", "draft", chosen, (stage.ids[0], stage.ids[2])
    )


def test_one_round_per_year_and_stage(session, stage):
    create(stage.office)
    before = counts(session)
    with pytest.raises(Refused) as refused:
        create(stage.office, project_ids=stage.ids[:1])
    assert (refused.value.reason, refused.value.params) == ("survey.round_exists", {"year": YEAR})
    assert counts(session) == before
    create(stage.office, stage="yearend")  # another stage of the same year
    create(stage.office, year=YEAR - 1)  # the same stage of another year
    assert counts(session)[0] == 3


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"stage": "spring"}, "survey.stage_unknown"),
        ({"year": 2099}, "error.not_found"),
        ({"voter_body": "everyone"}, "survey.body_unknown"),
        ({"threshold": Threshold(below_rate=-0.01)}, "survey.rate_invalid"),
        ({"threshold": Threshold(below_rate=1.01)}, "survey.rate_invalid"),
        ({"threshold": Threshold(below_rate=float("nan"))}, "survey.rate_invalid"),
        ({"threshold": Threshold(deadline_days=0)}, "survey.deadline_invalid"),
        ({"threshold": Threshold(deadline_days=366)}, "survey.deadline_invalid"),
        ({"project_ids": []}, "survey.no_projects"),
        ({"project_ids": "last year"}, "survey.project_other_year"),
        ({"project_ids": [999_999]}, "survey.project_other_year"),
    ],
)
def test_a_round_with_bad_settings_is_refused_on_creation_and_nothing_is_written(session, stage, options, reason):
    if options.get("project_ids") == "last year":
        options["project_ids"] = [stage.ids[0], stage.last_year]
    before = counts(session)
    with pytest.raises(Refused) as refused:
        create(stage.office, **options)
    assert refused.value.reason == reason
    assert counts(session) == before


def test_the_thresholds_edges_are_accepted(session, stage):
    assert view(create(stage.office, threshold=Threshold(0.0, True, 1))).threshold == Threshold(0.0, True, 1)
    assert view(create(stage.office, "yearend", threshold=Threshold(1.0, False, 365))).threshold == Threshold(
        1.0, False, 365
    )


def test_a_drafts_projects_voters_and_threshold_can_change_and_the_change_is_audited(session, stage):
    round_id = create(stage.office)
    update_round(stage.office, round_id, stage.ids[1:], "standing_committee", Threshold(0.7, False, 45))
    assert view(round_id) == survey_rounds.SurveyView(
        round_id, YEAR, "midyear", "standing_committee", "draft", Threshold(0.7, False, 45), tuple(stage.ids[1:])
    )
    _, updated = audit_rows(session, "survey_round")
    assert (updated.action, updated.entity_id) == ("update", str(round_id))
    assert (updated.before["projects"], updated.before["voter_body"], updated.before["rectify_below"]) == (
        stage.ids,
        "all",
        0.8,
    )
    assert updated.after == {
        "year": YEAR,
        "stage": "midyear",
        "voter_body": "standing_committee",
        "rectify_below": 0.7,
        "rectify_when_dissatisfied": False,
        "deadline_days": 45,
        "projects": stage.ids[1:],
    }


def test_saving_a_draft_unchanged_writes_no_audit_row(session, stage):
    round_id = create(stage.office)
    before = counts(session)
    update_round(stage.office, round_id, list(reversed(stage.ids)))
    assert counts(session) == before


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"project_ids": []}, "survey.no_projects"),
        ({"project_ids": "last year"}, "survey.project_other_year"),
        ({"voter_body": ""}, "survey.body_unknown"),
        ({"threshold": Threshold(below_rate=2)}, "survey.rate_invalid"),
        ({"threshold": Threshold(deadline_days=-5)}, "survey.deadline_invalid"),
    ],
)
def test_bad_changes_to_a_draft_are_refused_and_it_stays_as_it_was(session, stage, change, reason):
    round_id = create(stage.office)
    before, shown = counts(session), view(round_id)
    arguments = {"project_ids": stage.ids[:1], "voter_body": "all", "threshold": Threshold()} | change
    if arguments["project_ids"] == "last year":
        arguments["project_ids"] = [stage.last_year]
    with pytest.raises(Refused) as refused:
        update_round(stage.office, round_id, **arguments)
    assert refused.value.reason == reason
    assert counts(session) == before
    assert view(round_id) == shown


def test_the_rounds_settings_are_frozen_once_it_opens(session, stage):
    round_id = create(stage.office)
    for state in ("open", "closed"):
        assert advance(stage.office, round_id) == state
        before, shown = counts(session), view(round_id)
        with pytest.raises(Refused, match="survey.rules_frozen"):
            update_round(stage.office, round_id, stage.ids[:1], "standing_committee", Threshold(0.5, False, 10))
        assert counts(session) == before
        assert view(round_id) == shown


def test_a_round_opens_then_closes_each_step_audited_and_closed_is_final(session, stage):
    round_id = create(stage.office)
    assert advance(stage.office, round_id, seen_state="draft") == "open"
    assert advance(stage.office, round_id, seen_state="open") == "closed"
    steps = [(a.action, a.before, a.after) for a in audit_rows(session, "survey_round")[1:]]
    assert steps == [
        ("open", {"state": "draft"}, {"state": "open", "tellers": list(TELLERS), "threshold": 2, "demo": False}),
        ("closed", {"state": "open"}, {"state": "closed", "answer_sets": 0, "invalid": 0}),
    ]
    before = counts(session)
    with pytest.raises(Refused, match="survey.state_final"):
        advance(stage.office, round_id)
    with pytest.raises(Refused, match="survey.state_changed"):
        advance(stage.office, round_id, seen_state="open")
    assert counts(session) == before
    assert fresh(session).get(SurveyRound, round_id).closed_on == TODAY


def test_a_step_clicked_on_a_page_that_showed_an_older_state_is_refused(session, stage):
    round_id = opened(stage)  # a colleague opened it after this clerk's page showed the draft
    before = counts(session)
    with pytest.raises(Refused) as refused:
        advance(stage.office, round_id, seen_state="draft")
    assert refused.value.reason == "survey.state_changed"
    assert counts(session) == before
    assert view(round_id).state == "open"


def test_opening_freezes_the_active_deputies_of_the_voter_body(session, stage):
    everyone, committee = opened(stage), opened(stage, stage="yearend", voter_body="standing_committee")
    fresh(session)
    frozen = {
        r: set(session.scalars(select(survey_voter.c.deputy_id).where(survey_voter.c.round_id == r)))
        for r in (everyone, committee)
    }
    assert frozen[everyone] == {d.deputy_id for d in stage.deputies}  # not the retired one
    assert frozen[committee] == {stage.deputies[0].deputy_id}


@pytest.mark.parametrize("voter_body", ["all", "standing_committee"])
def test_a_round_without_voters_cannot_open(session, stage, voter_body):
    round_id = create(stage.office, voter_body=voter_body)
    fresh(session)
    for deputy in session.scalars(select(Deputy)):
        deputy.active = voter_body == "standing_committee" and not deputy.standing_committee
    session.commit()
    before = counts(session)
    with pytest.raises(Refused, match="survey.no_voters"):
        advance(stage.office, round_id)
    assert counts(session) == before
    assert view(round_id).state == "draft"


@pytest.mark.parametrize("role", ["deputy", "leader", "department staff"])
def test_deputies_leaders_and_department_staff_may_not_manage_rounds(session, stage, role):
    outsider = someone(session, role, stage)
    round_id = create(stage.office)
    before = counts(session)
    with pytest.raises(Forbidden):
        create(outsider, stage="yearend")
    with pytest.raises(Forbidden):
        update_round(outsider, round_id, stage.ids[:1])
    with pytest.raises(Forbidden):
        advance(outsider, round_id)
    assert counts(session) == before
    assert view(round_id) == survey_rounds.SurveyView(
        round_id, YEAR, "midyear", "all", "draft", Threshold(), tuple(stage.ids)
    )


def test_an_admin_may_manage_rounds(session, stage):
    admin = someone(session, "admin", stage)
    round_id = create(admin)
    update_round(admin, round_id, stage.ids[:2])
    assert advance(admin, round_id) == "open"


def test_rounds_are_listed_newest_year_first_and_by_year(session, stage):
    ids = [create(stage.office, year=YEAR - 1, stage="yearend"), create(stage.office), create(stage.office, "yearend")]
    with read_scope() as s:
        assert [(r.year, r.stage) for r in survey_rounds.rounds(s)] == [
            (YEAR, "yearend"),
            (YEAR, "midyear"),
            (YEAR - 1, "yearend"),
        ]
        assert [r.id for r in survey_rounds.rounds(s, YEAR - 1)] == ids[:1]
        assert survey_rounds.rounds(s, 2030) == []


def test_an_unknown_round_is_not_found(session, stage):
    for call in (
        lambda: view(999_999),
        lambda: advance(stage.office, 999_999),
        lambda: submit(stage.deputies[0], 999_999, {}),
        lambda: responses(999_999),
    ):
        with pytest.raises(Refused, match="error.not_found"):
            call()


# --- Answering: stored apart, in one transaction, never audited ---------------------------------


def test_an_answer_is_stored_apart_from_who_gave_it_and_writes_no_audit_row(session, stage):
    round_id = opened(stage)
    before = counts(session)
    answers = {stage.ids[0]: (S, "  路面平整了  "), stage.ids[1]: (D, ""), stage.ids[2]: (A, "")}
    submit(stage.deputies[0], round_id, answers)
    after = counts(session)
    assert after[3:6] == (before[3] + 1, before[4], before[5] + 1)  # one participation, one sealed answer set
    assert after[-1] == before[-1]  # no audit row: its time would link the two
    assert session.scalars(select(SurveyParticipation)).one().deputy_id == stage.deputies[0].deputy_id
    database = inspect(session.get_bind())
    assert {c["name"] for c in database.get_columns("survey_participation")} == {"round_id", "deputy_id"}
    assert {c["name"] for c in database.get_columns("survey_rating")} == {
        "id",
        "round_id",
        "project_id",
        "level",
        "comment",
    }  # no deputy, no time
    assert [fk["referred_table"] for fk in database.get_foreign_keys("survey_rating")].count("deputy") == 0
    assert {c["name"] for c in database.get_columns("sealed_survey_answer")} == {"id", "round_id", "box"}
    advance(stage.office, round_id)  # opened by the tellers' shares, written as anonymous ratings
    ratings = fresh(session).scalars(select(SurveyRating)).all()
    assert {(r.round_id, r.project_id, r.level, r.comment) for r in ratings} == {
        (round_id, stage.ids[0], S, "路面平整了"),
        (round_id, stage.ids[1], D, ""),
        (round_id, stage.ids[2], A, ""),
    }
    assert len({r.id for r in ratings}) == 3 and all(len(r.id) == 32 and int(r.id, 16) >= 0 for r in ratings)


def test_every_project_may_be_abstained_on_explicitly(session, stage):
    round_id = opened(stage)
    submit(stage.deputies[1], round_id, rate(stage.ids, A, A, A))
    assert counts(session)[3:6] == (1, 0, 1)
    advance(stage.office, round_id)
    assert counts(session)[3:6] == (1, 3, 0)
    assert set(fresh(session).scalars(select(SurveyRating.level))) == {A}


def test_a_comment_of_the_longest_length_is_accepted_once_trimmed(session, stage):
    round_id = opened(stage)
    longest = "好" * survey_rules.COMMENT_MAX
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S, comment=f"\n {longest} \t"))
    advance(stage.office, round_id)
    assert set(fresh(session).scalars(select(SurveyRating.comment))) == {longest}


@pytest.mark.parametrize(
    ("answers", "reason", "params"),
    [
        (lambda ids, other: rate(ids, S, S, S) | {999_999: (S, "")}, "survey.project_not_in_round", {}),
        (lambda ids, other: rate([ids[0], other], S, S) | rate(ids[1:], S, S), "survey.project_not_in_round", {}),
        (lambda ids, other: rate(ids[:2], S, B), "survey.level_missing", {"count": 1}),
        (lambda ids, other: {}, "survey.level_missing", {"count": 3}),
        (lambda ids, other: rate(ids, S, "very_satisfied", B), "survey.level_unknown", {}),
        (lambda ids, other: rate(ids, S, "", B), "survey.level_unknown", {}),
        (lambda ids, other: rate(ids, S, S, S) | {ids[1]: (B, "长" * 501)}, "survey.comment_too_long", {"max": 500}),
    ],
    ids=["extra project", "other years project", "one missing", "none", "unknown level", "empty level", "long"],
)
def test_a_bad_answer_is_refused_with_its_reason_and_nothing_is_written(session, stage, answers, reason, params):
    round_id = opened(stage)
    before = counts(session)
    with pytest.raises(Refused) as refused:
        submit(stage.deputies[0], round_id, answers(stage.ids, stage.last_year))
    assert (refused.value.reason, refused.value.params) == (reason, params)
    assert counts(session) == before
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))  # the deputy may still answer


def test_a_second_submission_is_refused_and_the_first_stands(session, stage):
    round_id = opened(stage)
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    before = counts(session)
    with pytest.raises(Refused, match="survey.already_answered"):
        submit(stage.deputies[0], round_id, rate(stage.ids, D, D, D))
    assert counts(session) == before
    advance(stage.office, round_id)
    assert set(fresh(session).scalars(select(SurveyRating.level))) == {S}


def test_a_draft_or_closed_round_takes_no_answers(session, stage):
    round_id = create(stage.office)
    with pytest.raises(Refused, match="survey.not_open"):
        submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    advance(stage.office, round_id)
    advance(stage.office, round_id)
    before = counts(session)
    with pytest.raises(Refused, match="survey.not_open"):
        submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    assert counts(session) == before
    assert before[3:5] == (0, 0)


def test_only_the_voters_frozen_when_the_round_opened_may_answer(session, stage):
    committee = opened(stage, voter_body="standing_committee")
    everyone = opened(stage, stage="yearend")
    newcomer = deputy_actor(fresh(session), session.get(Deputy, stage.deputies[0].deputy_id).division)
    fresh(session).get(Deputy, stage.deputies[3].deputy_id).active = False  # retires after the round opened
    session.commit()
    before = counts(session)
    for outsider, round_id in [(stage.deputies[1], committee), (stage.retired, everyone), (newcomer, everyone)]:
        with pytest.raises(Refused) as refused:
            submit(outsider, round_id, rate(stage.ids, S, S, S))
        assert refused.value.reason == "survey.not_voter"
    assert counts(session) == before
    submit(stage.deputies[0], committee, rate(stage.ids, S, S, S))
    submit(stage.deputies[3], everyone, rate(stage.ids, S, S, S))  # a voter when it opened
    assert counts(session)[3] == 2


@pytest.mark.parametrize("role", ["staff", "admin", "leader", "department staff"])
def test_only_deputies_answer(session, stage, role):
    round_id = opened(stage)
    before = counts(session)
    with pytest.raises(Forbidden):
        submit(someone(session, role, stage), round_id, rate(stage.ids, S, S, S))
    assert counts(session) == before


# --- Sealed until closed ------------------------------------------------------------------------


def test_results_and_comments_stay_sealed_until_the_round_closes(session, stage):
    round_id = create(stage.office)
    leader = someone(session, "leader", stage)
    for step in ("draft", "open"):
        if step == "open":
            advance(stage.office, round_id)
            submit(stage.deputies[0], round_id, rate(stage.ids, S, D, B, comment="意见"))
        with pytest.raises(Refused, match="survey.sealed"):
            results(round_id)
        for reader in (leader, stage.office):
            with pytest.raises(Refused, match="survey.sealed"):
                comments(reader, round_id)
    assert fresh(session).scalar(select(func.count()).select_from(SurveyResult)) == 0
    advance(stage.office, round_id)
    assert [line.count.voters for line in results(round_id).lines] == [1, 1, 1]


# --- Closing: rewritten, frozen, items opened -----------------------------------------------------

# Four voters' answers to the three projects: 满意 at 100 %; 不满意 at 2/3 (abstentions count
# among the voters, not in the rate); 基本满意 at 75 %.
ANSWERS = [(S, S, S), (S, S, B), (S, D, B), (B, A, D)]
EXPECTED = [(3, 1, 0, 0), (2, 0, 1, 1), (1, 2, 1, 0)]


def answered_round(arranged, **options):
    round_id = opened(arranged, **options)
    for deputy, levels in zip(arranged.deputies, ANSWERS, strict=True):
        submit(deputy, round_id, rate(arranged.ids, *levels))
    return round_id


def test_closing_rewrites_the_ratings_so_nothing_stored_pairs_them_with_who_answered(session, stage):
    round_id = answered_round(stage)
    postgres = session.get_bind().dialect.name == "postgresql"

    def stamps(table):  # PostgreSQL's id of the transaction that wrote each row
        return set(fresh(session).scalars(text(f"SELECT xmin::text FROM {table}"))) if postgres else set()

    def stored():
        rows = fresh(session).execute(select(SurveyRating.project_id, SurveyRating.level, SurveyRating.comment))
        return sorted(tuple(row) for row in rows)

    sealed_ids = set(fresh(session).scalars(select(SealedAnswers.id)))
    assert stored() == []  # while open, only sealed boxes: nothing to read without the tellers
    assert stamps("sealed_survey_answer") == stamps("survey_participation")  # they pair by stamp, sealed
    if postgres:
        assert len(stamps("survey_participation")) == 4
    advance(stage.office, round_id)
    assert counts(session)[3:6] == (4, 12, 0)
    answered = sorted((p, level, "") for levels in ANSWERS for p, level in zip(stage.ids, levels, strict=True))
    assert stored() == answered
    assert not sealed_ids & set(fresh(session).scalars(select(SurveyRating.id)))  # every id is new
    assert len(stamps("survey_rating")) <= 1 and not stamps("survey_rating") & stamps("survey_participation")


def test_closing_freezes_each_projects_counts_grade_and_flag_and_opens_an_item_for_each_flagged(session, stage):
    round_id = answered_round(stage)
    audited = len(audit_rows(session, "rectification_item"))
    advance(stage.office, round_id)
    lines = results(round_id).lines
    assert [(line.project_id, line.number, line.title) for line in lines] == [
        (p.id, p.number, p.title) for p in stage.projects
    ]
    assert [line.department for line in lines] == [stage.leads[0].name, stage.leads[1].name, stage.leads[0].name]
    assert [astuple(line.count) for line in lines] == EXPECTED
    assert [line.grade for line in lines] == [S, D, B]
    assert [line.flagged for line in lines] == [False, True, True]
    for line in lines:
        assert line.grade == survey_rules.satisfaction_grade(line.count)
        assert line.flagged == survey_rules.needs_rectification(line.count)
    items = fresh(session).scalars(select(RectificationItem).order_by(RectificationItem.id)).all()
    assert [i.id for i in items] == [lines[1].rectification_item_id, lines[2].rectification_item_id]
    assert lines[0].rectification_item_id is None
    for item, project, lead in zip(items, stage.ids[1:], stage.leads[::-1], strict=True):
        assert (item.project_id, item.department_id, item.source_kind, item.source_id) == (
            project,
            lead.id,
            "survey",
            round_id,
        )
        assert (item.deadline, item.state, item.created_by) == (
            TODAY + timedelta(days=60),
            RectificationState.OPEN,
            None,
        )
        assert (item.problem, item.problem_key) == ("", "rectification.problem_survey")  # the rule's words only
        assert (item.problem_params["year"], item.problem_params["stage"]) == (YEAR, "midyear")
    first = items[0].problem_params
    assert (round(first["rate"], 3), first["grade"], first["dissatisfied"]) == (0.667, "dissatisfied", 1)
    created = audit_rows(session, "rectification_item")[audited:]
    assert [(a.action, a.entity_id, a.actor_username) for a in created] == [
        ("create", str(i.id), "system") for i in items
    ]
    stored = fresh(session).scalars(select(SurveyResult).order_by(SurveyResult.project_id)).all()
    assert [(r.round_id, r.project_id, r.flagged, r.rectification_item_id) for r in stored] == [
        (round_id, line.project_id, line.flagged, line.rectification_item_id) for line in lines
    ]


def test_results_are_computed_once_on_closing_and_not_again(session, stage):
    round_id = answered_round(stage)
    advance(stage.office, round_id)
    frozen = results(round_id)
    fresh(session).execute(update(SurveyRating).values(level=D))  # past the service: the stored answers change
    session.commit()
    assert results(round_id) == frozen
    assert fresh(session).scalar(select(func.count()).select_from(RectificationItem)) == 2


@pytest.mark.parametrize(
    ("threshold", "flagged"),
    [
        (Threshold(0.8, True, 60), [False, True, True]),
        (Threshold(0.8, False, 60), [False, True, True]),  # both under 80 %
        (Threshold(0.5, True, 60), [False, True, False]),  # graded 不满意
        (Threshold(0.5, False, 60), [False, False, False]),
        (Threshold(0.7, False, 60), [False, True, False]),  # 66.7 % < 70 % ≤ 75 %
        (Threshold(1.0, False, 60), [False, True, True]),
        (Threshold(0.0, False, 60), [False, False, False]),
    ],
)
def test_the_rounds_threshold_decides_which_projects_are_flagged(session, stage, threshold, flagged):
    round_id = answered_round(stage, threshold=threshold)
    advance(stage.office, round_id)
    lines = results(round_id).lines
    assert [line.flagged for line in lines] == flagged
    for line in lines:
        assert line.flagged == survey_rules.needs_rectification(
            line.count, below_rate=threshold.below_rate, when_dissatisfied=threshold.when_dissatisfied
        )
        assert (line.rectification_item_id is not None) == line.flagged
    items = fresh(session).scalars(select(RectificationItem.project_id)).all()
    assert sorted(items) == sorted(line.project_id for line in lines if line.flagged)


def test_the_items_deadline_follows_the_rounds_setting(session, stage):
    round_id = answered_round(stage, threshold=Threshold(0.8, True, 15))
    advance(stage.office, round_id)
    deadlines = set(
        fresh(session).scalars(select(RectificationItem.deadline).where(RectificationItem.source_id == round_id))
    )
    assert deadlines == {TODAY + timedelta(days=15)}


def test_a_round_nobody_answered_closes_with_no_grade_and_no_item(session, stage):
    round_id = opened(stage)
    advance(stage.office, round_id)
    result = results(round_id)
    assert [(line.count.voters, line.grade, line.flagged) for line in result.lines] == [(0, None, False)] * 3
    assert (result.responses.responded, result.responses.voters) == (0, 4)
    assert counts(session)[6:8] == (3, 0)


def test_a_project_everyone_abstained_on_is_graded_dissatisfied_and_flagged(session, stage):
    round_id = opened(stage, project_ids=stage.ids[:1])
    for deputy in stage.deputies[:2]:
        submit(deputy, round_id, rate(stage.ids[:1], A))
    advance(stage.office, round_id)
    (line,) = results(round_id).lines
    assert (line.count.abstain, line.count.overall_rate, line.grade, line.flagged) == (2, None, D, True)


# --- Who has answered, and the deputy's screens ------------------------------------------------


def delegations(round_id):
    shown = responses(round_id)
    return shown.responded, shown.voters, [(d.division, d.responded, d.voters) for d in shown.by_delegation]


def test_responses_count_by_delegation_would_be_voters_while_a_draft(session, stage):
    everyone = create(stage.office)
    committee = create(stage.office, "yearend", voter_body="standing_committee")
    assert delegations(everyone) == (0, 4, [("北区", 0, 3), ("南区", 0, 1)])  # not the retired deputy
    assert delegations(committee) == (0, 1, [("北区", 0, 1)])
    assert responses(everyone).share == 0.0


def test_responses_count_the_voters_frozen_on_opening_and_who_answered(session, stage):
    round_id = opened(stage)
    deputy_actor(fresh(session), session.get(Deputy, stage.deputies[3].deputy_id).division)  # joins after opening
    fresh(session).get(Deputy, stage.deputies[2].deputy_id).active = False
    session.commit()
    for deputy in stage.deputies[:2]:
        submit(deputy, round_id, rate(stage.ids, S, S, S))
    assert delegations(round_id) == (2, 4, [("北区", 2, 3), ("南区", 0, 1)])
    assert responses(round_id).share == 0.5
    advance(stage.office, round_id)
    assert delegations(round_id) == (2, 4, [("北区", 2, 3), ("南区", 0, 1)])
    assert results(round_id).responses == responses(round_id)


def test_responses_never_count_per_project(session, stage):
    assert [f.name for f in fields(survey_rounds.Responses)] == ["responded", "voters", "by_delegation"]
    assert [f.name for f in fields(survey_rounds.DelegationResponses)] == ["division", "responded", "voters"]


def test_a_deputy_sees_each_open_round_and_whether_they_may_answer_it(session, stage):
    chair, member, *_ = stage.deputies
    assert screens(chair) == []
    committee = create(stage.office, voter_body="standing_committee")
    assert screens(chair) == []  # a draft is not for deputies yet
    advance(stage.office, committee)
    everyone = opened(stage, stage="yearend")
    assert screens(chair) == [(committee, "can_answer"), (everyone, "can_answer")]
    assert screens(member) == [(committee, "not_voter"), (everyone, "can_answer")]
    assert screens(stage.retired) == [(committee, "not_voter"), (everyone, "not_voter")]
    submit(chair, committee, rate(stage.ids, S, S, S))
    assert screens(chair) == [(committee, "answered"), (everyone, "can_answer")]
    advance(stage.office, committee)
    assert screens(chair) == [(everyone, "can_answer")]  # a closed round is no longer shown
    with read_scope() as s:
        (screen,) = survey_answering.deputy_screens(s, chair)
    assert screen.survey == view(everyone)


@pytest.mark.parametrize("role", ["staff", "admin", "leader"])
def test_only_deputies_have_survey_screens(session, stage, role):
    with pytest.raises(Forbidden):
        screens(someone(session, role, stage))


# --- Comments ---------------------------------------------------------------------------------


def test_comments_show_every_non_empty_comment_without_its_author_to_leaders_and_the_office(session, stage):
    round_id = opened(stage)
    written = [("  太好了 ", "", "排水还要改"), ("", "", "   "), ("", "希望加快进度", "很好"), ("", "", "")]
    for deputy, levels, texts in zip(stage.deputies, ANSWERS, written, strict=True):
        submit(deputy, round_id, {p: (level, t) for p, level, t in zip(stage.ids, levels, texts, strict=True)})
    advance(stage.office, round_id)
    assert [f.name for f in fields(survey_results.Comment)] == ["project", "level", "text"]  # no author
    name = {p.id: f"{p.number}. {p.title}" for p in stage.projects}
    expected = sorted(
        [
            (name[stage.ids[0]], S, "太好了"),
            (name[stage.ids[2]], S, "排水还要改"),
            (name[stage.ids[1]], D, "希望加快进度"),
            (name[stage.ids[2]], B, "很好"),
        ]
    )
    for reader in (someone(session, "leader", stage), stage.office, someone(session, "admin", stage)):
        assert sorted((c.project, c.level, c.text) for c in comments(reader, round_id)) == expected


@pytest.mark.parametrize("role", ["deputy", "department staff"])
def test_deputies_and_department_staff_may_not_read_comments(session, stage, role):
    round_id = opened(stage)
    advance(stage.office, round_id)
    with pytest.raises(Forbidden):
        comments(someone(session, role, stage), round_id)
    with pytest.raises(Forbidden):  # not even a voter of the round
        comments(stage.deputies[0], round_id)


# --- Trends: closed rounds over two years -------------------------------------------------------


def test_trends_and_year_end_grades_follow_the_closed_rounds_of_two_years(session, stage):
    last_year = create(stage.office, year=YEAR - 1, stage="yearend")
    advance(stage.office, last_year)
    for deputy, level in zip(stage.deputies, (S, S, S, D), strict=True):
        submit(deputy, last_year, rate([stage.last_year], level))
    advance(stage.office, last_year)
    midyear = answered_round(stage)
    advance(stage.office, midyear)
    yearend = opened(stage, stage="yearend")
    for deputy, levels in zip(stage.deputies, [(S, S, S), (S, B, S), (B, B, D), (S, D, A)], strict=True):
        submit(deputy, yearend, rate(stage.ids, *levels))
    with read_scope() as s:
        assert survey_results.year_end_grades(s, YEAR) == {}  # the year-end round is still open
    advance(stage.office, yearend)
    first, second, third = stage.projects
    with read_scope() as s:
        trend = survey_results.project_trend(s, [stage.last_year, first.id, second.id])
        lead_trend = survey_results.department_trend(s, stage.leads[0].id)
        other_lead = survey_results.department_trend(s, stage.leads[1].id)
        grades = {year: survey_results.year_end_grades(s, year) for year in (YEAR - 2, YEAR - 1, YEAR)}
    last_title = fresh(session).get(Project, stage.last_year).title
    expected = [
        (YEAR - 1, "yearend", last_title, pytest.approx(0.75), S),
        (YEAR, "midyear", first.title, 1.0, S),
        (YEAR, "midyear", second.title, pytest.approx(2 / 3), D),
        (YEAR, "yearend", first.title, 1.0, S),
        (YEAR, "yearend", second.title, 0.75, B),
    ]
    assert [(p.year, p.stage, p.label, p.overall_rate, p.grade) for p in trend] == sorted(
        expected, key=lambda p: (p[0], Stage.codes().index(p[1]), p[2])
    )
    # The first department's projects pooled: last year's one project; this year the first and third.
    assert [(p.year, p.stage, p.label, p.overall_rate, p.grade) for p in lead_trend] == [
        (YEAR - 1, "yearend", stage.leads[0].name, pytest.approx(0.75), S),  # 3 满意 + 1 不满意
        (YEAR, "midyear", stage.leads[0].name, pytest.approx(7 / 8), B),  # 4 满意 3 基本满意 1 不满意
        (YEAR, "yearend", stage.leads[0].name, pytest.approx(6 / 7), S),  # 5 满意 1 基本 1 不满意 1 弃权
    ]
    assert [(p.year, p.stage, p.overall_rate, p.grade) for p in other_lead] == [
        (YEAR, "midyear", pytest.approx(2 / 3), D),
        (YEAR, "yearend", 0.75, B),
    ]
    assert grades[YEAR - 2] == {}
    assert grades[YEAR - 1] == {stage.last_year: (S, pytest.approx(0.75))}
    assert grades[YEAR] == {first.id: (S, 1.0), second.id: (B, 0.75), third.id: (D, pytest.approx(2 / 3))}
    with read_scope() as s:
        assert survey_results.project_trend(s, []) == []
        with pytest.raises(Refused, match="error.not_found"):
            survey_results.department_trend(s, 999_999)


def test_a_continued_project_is_one_line_across_the_years(session, stage):
    last_year = create(stage.office, year=YEAR - 1, stage="yearend")
    advance(stage.office, last_year)
    for deputy, level in zip(stage.deputies, (S, S, B, D), strict=True):
        submit(deputy, last_year, rate([stage.last_year], level))
    advance(stage.office, last_year)
    yearend = opened(stage, stage="yearend")
    for deputy in stage.deputies:
        submit(deputy, yearend, rate(stage.ids, S, S, S))
    advance(stage.office, yearend)
    first = stage.projects[0]
    fresh(session).get(Project, first.id).carried_from_id = stage.last_year  # 续建
    session.commit()
    with read_scope() as s:
        trend = survey_results.project_trend(s, [first.id])
    assert [(p.year, p.label, p.overall_rate) for p in trend] == [
        (YEAR - 1, first.title, pytest.approx(0.75)),
        (YEAR, first.title, 1.0),
    ]


@pytest.mark.parametrize(
    ("survey_stage", "year", "reason"),
    [("lookback", YEAR, "survey.lookback_past_only"), ("midyear", YEAR + 1, "survey.year_future")],
)
def test_a_look_back_is_of_an_earlier_year_and_no_round_is_of_a_year_not_begun(
    session, stage, survey_stage, year, reason
):
    factories.year(session, YEAR + 1)
    session.commit()
    before = counts(session)
    with pytest.raises(Refused, match=reason):
        create(stage.office, stage=survey_stage, year=year)
    assert counts(session) == before
    assert view(create(stage.office, stage="lookback", year=YEAR - 1)).stage == "lookback"


def test_a_second_answer_is_refused_as_such_whatever_it_holds(session, stage):
    round_id = opened(stage)
    submit(stage.deputies[0], round_id, rate(stage.ids, S, S, S))
    before = counts(session)
    with pytest.raises(Refused, match="survey.already_answered"):
        submit(stage.deputies[0], round_id, rate(stage.ids[:1], "not a level"))
    assert counts(session) == before


def test_a_flagged_projects_item_says_why_it_was_flagged(session, stage):
    round_id = opened(stage, threshold=Threshold(0.8, True, 60))
    for deputy, levels in zip(stage.deputies, [(S, S, A), (S, D, A), (S, D, A), (S, D, S)], strict=True):
        submit(deputy, round_id, rate(stage.ids, *levels))
    advance(stage.office, round_id)
    fresh(session)
    problems = {i.project_id: i.problem_params for i in session.scalars(select(RectificationItem))}
    # The second: graded 不满意 and 25 % satisfied; the third: 100 % satisfied but 1 of 4 voters, so 不满意.
    assert (problems[stage.ids[1]]["causes"], problems[stage.ids[1]]["below_rate"]) == (
        ["dissatisfied", "rate_below"],
        0.8,
    )
    assert (problems[stage.ids[2]]["causes"], problems[stage.ids[2]]["rate"]) == (["dissatisfied"], 1.0)
    assert stage.ids[0] not in problems
