"""Satisfaction survey rounds (满意度测评): the office creates, opens and closes them; closing counts.

Secrecy as for the vote (db.secret_ballot): opening a round creates its key pair and splits the
private key among the tellers; a deputy's answer set (levels and comments) is sealed to the
public key before its write transaction (db.survey.answering) and stored as a sealed box beside
the participation row. Closing takes the key the tellers rebuilt, opens every box, checks it,
and writes anonymous rating rows with fresh random ids in random order; the sealed rows are
deleted. The results are computed once, in the closing transaction (`SurveyResult`), and a
rectification item opened for every project the round's threshold flags (综合满意率 below its
rate, or graded 不满意), owned by its lead department.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.orm import Session

from db.core import audit, clock
from db.core.actors import Actor, require_office
from db.core.errors import Refused, found
from db.oversight import rectification
from db.oversight.rules import Source
from db.projects.models import Project
from db.secret_ballot import rows as secret_ballot
from db.secret_ballot.sealed_rounds import Refusals, SealedRounds
from db.secret_ballot.sealing import PrivateKey
from db.secret_ballot.tellers import RoundKeyRecord
from db.survey import rules
from db.survey.models import (
    SealedAnswers,
    SurveyParticipation,
    SurveyRating,
    SurveyResult,
    SurveyRound,
    survey_project,
    survey_voter,
)
from db.survey.rules import Level, SatisfactionCount, Stage, SurveyState, VoterBody
from db.system.models import Deputy, Division, Year

SEALED = SealedRounds(
    round=SurveyRound,
    electors=survey_voter,
    participation=SurveyParticipation,
    sealed=SealedAnswers,
    open_state=SurveyState.OPEN,
    next_state=rules.NEXT_STATE,
    refusals=Refusals(
        not_open="survey.not_open",
        without_key="survey.round_without_key",
        not_elector="survey.not_voter",
        already="survey.already_answered",
        tellers_needed="survey.tellers_needed",
        shares_needed="survey.shares_needed",
        state_changed="survey.state_changed",
        state_final="survey.state_final",
    ),
    scrubbed_tables=("survey_rating", "sealed_survey_answer"),
)
get_round = SEALED.get  # the round's row (locked FOR UPDATE with lock=True), or refused as gone
# The tellers' key, and the scrub after a closing, as the vote's (db.secret_ballot.sealed_rounds).
key_record = SEALED.key_record
rebuild_key = SEALED.rebuild_key
scrub_after_closing = SEALED.scrub_after_closing
scrub_pending_rounds = SEALED.scrub_pending_rounds
mark_scrubbed = SEALED.mark_scrubbed


@dataclass(frozen=True)
class Threshold:
    """When a closed round sends a project for rectification, and how long the department gets."""

    below_rate: float = rules.DEFAULT_RECTIFICATION_RATE
    when_dissatisfied: bool = True
    deadline_days: int = rectification.DEFAULT_DEADLINE.days


@dataclass(frozen=True)
class SurveyView:
    id: int
    year: int
    stage: str
    voter_body: str
    state: str
    threshold: Threshold
    project_ids: tuple[int, ...]


@dataclass(frozen=True)
class DelegationResponses:
    division: str
    responded: int
    voters: int


@dataclass(frozen=True)
class Responses:
    """Who has answered, by delegation — never what: no per-project count while open."""

    responded: int
    voters: int
    by_delegation: tuple[DelegationResponses, ...]

    @property
    def share(self) -> float:
        return self.responded / self.voters if self.voters else 0.0


def create_round(
    session: Session,
    actor: Actor,
    year: int,
    stage: str,
    project_ids: list[int] | None = None,
    voter_body: str = "all",
    threshold: Threshold = Threshold(),
) -> int:
    """A draft round of the year's projects (all of them unless chosen)."""
    require_office(actor)
    # Locked: two clerks creating the same round at once, the second waits, then is refused.
    found(session.scalar(select(Year).where(Year.year == year).with_for_update()))
    if stage not in Stage:
        raise Refused("survey.stage_unknown")
    stage_problem = rules.survey_stage_problem(stage, year, clock.today())
    if stage_problem:
        raise Refused(stage_problem, year=year)
    if session.scalar(select(SurveyRound.id).where(SurveyRound.year == year, SurveyRound.stage == stage)) is not None:
        raise Refused("survey.round_exists", year=year)
    survey = SurveyRound(year=year, stage=stage, state=SurveyState.DRAFT)
    session.add(survey)
    _set_rules(session, survey, voter_body, threshold)
    session.flush()
    chosen = project_ids if project_ids is not None else _year_project_ids(session, year)
    _set_projects(session, survey, chosen)
    audit.record(session, actor, "create", "survey_round", survey.id, after=_snapshot(session, survey))
    return survey.id


def update_round(
    session: Session, actor: Actor, round_id: int, project_ids: list[int], voter_body: str, threshold: Threshold
) -> None:
    """Change a draft's projects, voter body or threshold; once open they are what deputies answered."""
    require_office(actor)
    survey = get_round(session, round_id, lock=True)
    if survey.state != SurveyState.DRAFT:
        raise Refused("survey.rules_frozen")
    before = _snapshot(session, survey)
    _set_rules(session, survey, voter_body, threshold)
    session.execute(survey_project.delete().where(survey_project.c.round_id == round_id))
    _set_projects(session, survey, project_ids)
    if _snapshot(session, survey) != before:
        audit.record(session, actor, "update", "survey_round", round_id, before, _snapshot(session, survey))


def advance(
    session: Session,
    actor: Actor,
    round_id: int,
    seen_state: str | None = None,
    *,
    key: RoundKeyRecord | None = None,
    private_key: PrivateKey | None = None,
    demo_mode: bool | None = None,
) -> str:
    """draft → open (the voters are frozen) → closed (answers opened and counted, results frozen, items opened).

    Opening takes the round's `key` (db.secret_ballot.tellers.split_key, made before this
    transaction, its shares shown to the tellers); closing takes the `private_key` the tellers'
    shares rebuilt (`rebuild_key`, also before). `seen_state` is the state the clerk's page
    showed: a click made on a stale page is refused. A demo key (1 of 1) opens a round only in
    demo mode: `demo_mode` None reads it from the settings; the demo's generator says True.
    """
    survey = SEALED.lock_for_next_step(session, actor, round_id, seen_state)
    before, survey.state = survey.state, rules.NEXT_STATE[survey.state]
    details: dict[str, object] = {"state": survey.state}
    if survey.state == SurveyState.OPEN:
        details.update(SEALED.store_key(survey, key, demo_mode))
        deputy_ids = session.scalars(select(Deputy.id).where(*_would_be_voters(survey))).all()
        if not deputy_ids:
            raise Refused("survey.no_voters")
        session.execute(insert(survey_voter), [{"round_id": round_id, "deputy_id": d} for d in deputy_ids])
    else:
        details.update(_count_answers(session, survey, private_key))
        survey.closed_on = clock.today()
        _freeze_results(session, survey)
    audit.record(session, actor, survey.state, "survey_round", round_id, {"state": before}, details)
    return survey.state


def _count_answers(session: Session, survey: SurveyRound, private_key: PrivateKey | None) -> dict[str, object]:
    """Open every sealed answer set and write its ratings anonymous, each with a fresh id, in random order.

    In the closing transaction, under the round's lock: no answer given meanwhile is left out, and
    nothing is written unless every step succeeds. An answer set that does not open or breaks the
    round's rules is counted as invalid (`invalid_answers`) and rates nothing. The ratings of all
    answer sets are shuffled together: not even which ratings came from one deputy is kept.
    """
    projects = set(round_project_ids(session, survey.id))
    sealed = SEALED.open_boxes(session, survey, private_key, lambda payload: rules.valid_answers(payload, projects))
    if sealed is None:  # opened before answers were sealed: they are plaintext already
        secret_ballot.rewrite_shuffled(session, SurveyRating, SurveyRating.round_id == survey.id)
        return {}
    _, opened = sealed
    ratings = [
        {"id": secret_ballot.new_id(), "round_id": survey.id, "project_id": project, "level": level, "comment": text}
        for answers in opened
        for project, level, text in answers or ()
    ]
    secret_ballot.shuffle(ratings)
    if ratings:
        session.execute(insert(SurveyRating), ratings)
    survey.invalid_answers = sum(1 for answers in opened if answers is None)
    return {"answer_sets": len(opened), "invalid": survey.invalid_answers}


def rounds(session: Session, year: int | None = None) -> list[SurveyView]:
    query = select(SurveyRound).order_by(SurveyRound.year.desc(), SurveyRound.id.desc())
    return [
        view_of(session, r) for r in session.scalars(query if year is None else query.where(SurveyRound.year == year))
    ]


def round_view(session: Session, round_id: int) -> SurveyView:
    return view_of(session, get_round(session, round_id))


def responses(session: Session, round_id: int) -> Responses:
    """Answers received out of the voters (the would-be voters while a draft), by delegation."""
    survey = get_round(session, round_id)
    if survey.state == SurveyState.DRAFT:
        voters = select(Deputy.id.label("deputy_id"), Deputy.division_id).where(*_would_be_voters(survey))
    else:
        voters = (
            select(survey_voter.c.deputy_id, Deputy.division_id)
            .join(Deputy, Deputy.id == survey_voter.c.deputy_id)
            .where(survey_voter.c.round_id == round_id)
        )
    body = voters.subquery()
    answered = select(SurveyParticipation.deputy_id).where(SurveyParticipation.round_id == round_id).subquery()
    rows = session.execute(
        select(Division.name, func.count(body.c.deputy_id), func.count(answered.c.deputy_id))
        .join(body, body.c.division_id == Division.id)
        .outerjoin(answered, answered.c.deputy_id == body.c.deputy_id)
        .group_by(Division.id, Division.name, Division.sort_order)
        .order_by(Division.sort_order)
    )
    lines = tuple(DelegationResponses(name, responded, voters) for name, voters, responded in rows)
    return Responses(sum(d.responded for d in lines), sum(d.voters for d in lines), lines)


def _freeze_results(session: Session, survey: SurveyRound) -> None:
    """Count once, store, and open an item for each project the threshold flags."""
    counts: dict[int, dict[str, int]] = {p: dict.fromkeys(Level, 0) for p in round_project_ids(session, survey.id)}
    tallied = (
        select(SurveyRating.project_id, SurveyRating.level, func.count())
        .where(SurveyRating.round_id == survey.id)
        .group_by(SurveyRating.project_id, SurveyRating.level)
    )
    for project_id, level, number in session.execute(tallied):
        counts[project_id][level] = number
    threshold = threshold_of(survey)
    deadline = clock.today() + timedelta(days=threshold.deadline_days)
    for project_id, by_level in counts.items():
        count = SatisfactionCount(*(by_level[level] for level in Level))
        causes = rules.flag_causes(
            count, below_rate=threshold.below_rate, when_dissatisfied=threshold.when_dissatisfied
        )
        grade = rules.satisfaction_grade(count)
        item_id = None
        if causes:
            item_id = rectification.open_item(
                session,
                None,
                project_id,
                "",
                deadline,
                source_kind=Source.SURVEY,
                source_id=survey.id,
                problem_key="rectification.problem_survey",
                problem_params=_problem_params(survey, count, grade, causes),
            )
        session.add(
            SurveyResult(
                round_id=survey.id,
                project_id=project_id,
                satisfied=count.satisfied,
                basically_satisfied=count.basically_satisfied,
                dissatisfied=count.dissatisfied,
                abstain=count.abstain,
                grade=grade,
                flagged=bool(causes),
                rectification_item_id=item_id,
            )
        )
    session.flush()


def _problem_params(
    survey: SurveyRound, count: SatisfactionCount, grade: str | None, causes: list[rules.FlagCause]
) -> dict[str, object]:
    """Why the project was flagged, in codes and figures: the round, its counts, rate and grade, the causes."""
    return {
        "year": survey.year,
        "stage": survey.stage,
        **asdict(count),
        "rate": count.overall_rate,
        "grade": grade,
        "causes": [str(cause) for cause in causes],
        "below_rate": threshold_of(survey).below_rate,
    }


def _set_rules(session: Session, survey: SurveyRound, voter_body: str, threshold: Threshold) -> None:
    if voter_body not in VoterBody:
        raise Refused("survey.body_unknown")
    if not 0 <= threshold.below_rate <= 1:
        raise Refused("survey.rate_invalid")
    if not 1 <= threshold.deadline_days <= 365:
        raise Refused("survey.deadline_invalid")
    survey.voter_body = voter_body
    survey.rectify_below = Decimal(str(round(threshold.below_rate, 3)))
    survey.rectify_when_dissatisfied = threshold.when_dissatisfied
    survey.deadline_days = threshold.deadline_days


def _set_projects(session: Session, survey: SurveyRound, project_ids: list[int]) -> None:
    """Projects of the round's year only; at least one."""
    chosen = set(project_ids)
    if not chosen:
        raise Refused("survey.no_projects")
    if chosen - set(_year_project_ids(session, survey.year)):
        raise Refused("survey.project_other_year", year=survey.year)
    session.execute(insert(survey_project), [{"round_id": survey.id, "project_id": p} for p in sorted(chosen)])


def _year_project_ids(session: Session, year: int) -> list[int]:
    return list(session.scalars(select(Project.id).where(Project.year == year).order_by(Project.number)))


def _would_be_voters(survey: SurveyRound) -> list[ColumnElement[bool]]:
    """Who answers a round opened now: the active deputies, or those of the standing committee."""
    conditions: list[ColumnElement[bool]] = [Deputy.active.is_(True)]
    if survey.voter_body == VoterBody.STANDING_COMMITTEE:
        conditions.append(Deputy.standing_committee.is_(True))
    return conditions


def threshold_of(survey: SurveyRound) -> Threshold:
    return Threshold(float(survey.rectify_below), survey.rectify_when_dissatisfied, survey.deadline_days)


def view_of(session: Session, survey: SurveyRound) -> SurveyView:
    return SurveyView(
        survey.id,
        survey.year,
        survey.stage,
        survey.voter_body,
        survey.state,
        threshold_of(survey),
        tuple(round_project_ids(session, survey.id)),
    )


def _snapshot(session: Session, survey: SurveyRound) -> dict[str, object]:
    return {
        "year": survey.year,
        "stage": survey.stage,
        "voter_body": survey.voter_body,
        "rectify_below": float(survey.rectify_below),
        "rectify_when_dissatisfied": survey.rectify_when_dissatisfied,
        "deadline_days": survey.deadline_days,
        "projects": round_project_ids(session, survey.id),
    }


def round_project_ids(session: Session, round_id: int) -> list[int]:
    query = (
        select(survey_project.c.project_id)
        .join(Project, Project.id == survey_project.c.project_id)
        .where(survey_project.c.round_id == round_id)
        .order_by(Project.number)
    )
    return list(session.scalars(query))


def count_of(result: SurveyResult) -> SatisfactionCount:
    return SatisfactionCount(result.satisfied, result.basically_satisfied, result.dissatisfied, result.abstain)
