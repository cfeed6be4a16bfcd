"""Satisfaction surveys (满意度测评): deputies rate a year's projects in secret; closing grades them.

Secrecy as for the vote (db.secret_ballot): a participation row (deputy, round) apart from one
rating row per project (random id, project, level, comment — no deputy, no time, no link to the
deputy's other ratings). Counts are sealed until the round closes; closing rewrites the ratings,
computes the results once (`SurveyResult`) and opens a rectification item for every project the
round's threshold flags (综合满意率 below its rate, or graded 不满意), owned by its lead department.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.orm import Session

from db.core import audit, clock
from db.core.actors import Actor, Role, require_office
from db.core.errors import Forbidden, Refused, found
from db.oversight import rectification
from db.oversight.rules import Source
from db.projects.models import Project
from db.secret_ballot import rows as secret_ballot
from db.survey import rules
from db.survey.models import SurveyParticipation, SurveyRating, SurveyResult, SurveyRound, survey_project, survey_voter
from db.survey.rules import Level, SatisfactionCount, Stage, SurveyState, VoterBody
from db.system.models import Department, Deputy, Division, Year

COMMENT_MAX = 500
RATED_LEVELS = (Level.SATISFIED, Level.BASICALLY_SATISFIED, Level.DISSATISFIED)


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


@dataclass(frozen=True)
class ResultLine:
    project_id: int
    number: int
    title: str
    department_id: int
    department: str
    count: SatisfactionCount
    grade: str | None
    flagged: bool
    rectification_item_id: int | None


@dataclass(frozen=True)
class SurveyResults:
    survey: SurveyView
    responses: Responses
    lines: tuple[ResultLine, ...]


@dataclass(frozen=True)
class Comment:
    project: str
    level: str
    text: str


@dataclass(frozen=True)
class TrendPoint:
    """One closed round's figure for a project or a department (its projects' ratings pooled)."""

    year: int
    stage: str
    label: str  # project title or department name
    overall_rate: float | None
    grade: str | None


@dataclass(frozen=True)
class DeputyScreen:
    """An open round as one deputy sees it."""

    survey: SurveyView
    status: str  # can_answer | answered | not_voter


# --- The office: rounds and their states -----------------------------------------------------------


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
    survey = _round(session, round_id, lock=True)
    if survey.state != SurveyState.DRAFT:
        raise Refused("survey.rules_frozen")
    before = _snapshot(session, survey)
    _set_rules(session, survey, voter_body, threshold)
    session.execute(survey_project.delete().where(survey_project.c.round_id == round_id))
    _set_projects(session, survey, project_ids)
    if _snapshot(session, survey) != before:
        audit.record(session, actor, "update", "survey_round", round_id, before, _snapshot(session, survey))


def advance(session: Session, actor: Actor, round_id: int, seen_state: str | None = None) -> str:
    """draft → open (the voters are frozen) → closed (results computed once, items opened).

    `seen_state` is the state the clerk's page showed: a click made on a stale page is refused.
    """
    require_office(actor)
    survey = _round(session, round_id, lock=True)
    if seen_state is not None and survey.state != seen_state:
        raise Refused("survey.state_changed")
    if survey.state not in rules.NEXT_STATE:
        raise Refused("survey.state_final")
    before, survey.state = survey.state, rules.NEXT_STATE[survey.state]
    if survey.state == SurveyState.OPEN:
        deputy_ids = session.scalars(select(Deputy.id).where(*_would_be_voters(survey))).all()
        if not deputy_ids:
            raise Refused("survey.no_voters")
        session.execute(insert(survey_voter), [{"round_id": round_id, "deputy_id": d} for d in deputy_ids])
    else:
        secret_ballot.rewrite_shuffled(session, SurveyRating, SurveyRating.round_id == round_id)
        survey.closed_on = clock.today()
        _freeze_results(session, survey)
    audit.record(session, actor, survey.state, "survey_round", round_id, {"state": before}, {"state": survey.state})
    return survey.state


def scrub_after_closing() -> None:
    """Clear the replaced rating rows from storage once the closing has committed (db.secret_ballot)."""
    secret_ballot.scrub(["survey_rating"])


def rounds(session: Session, year: int | None = None) -> list[SurveyView]:
    query = select(SurveyRound).order_by(SurveyRound.year.desc(), SurveyRound.id.desc())
    return [
        _view(session, r) for r in session.scalars(query if year is None else query.where(SurveyRound.year == year))
    ]


def round_view(session: Session, round_id: int) -> SurveyView:
    return _view(session, _round(session, round_id))


def responses(session: Session, round_id: int) -> Responses:
    """Answers received out of the voters (the would-be voters while a draft), by delegation."""
    survey = _round(session, round_id)
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


# --- The deputy: answering -------------------------------------------------------------------------


def deputy_screens(session: Session, actor: Actor) -> list[DeputyScreen]:
    """The open rounds, and for each whether this deputy may still answer it."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    open_rounds = session.scalars(
        select(SurveyRound).where(SurveyRound.state == SurveyState.OPEN).order_by(SurveyRound.id)
    )
    screens = []
    for survey in open_rounds:
        if session.get(SurveyParticipation, (survey.id, actor.deputy_id)) is not None:
            status = "answered"
        else:
            status = "can_answer" if _is_voter(session, survey.id, actor.deputy_id) else "not_voter"
        screens.append(DeputyScreen(_view(session, survey), status))
    return screens


def submit(session: Session, actor: Actor, round_id: int, answers: dict[int, tuple[str, str]]) -> None:
    """Record that the deputy answered and, apart from it, one rating per project of the round.

    `answers` maps every project of the round to (level, comment); 弃权 is a level, so a
    project left out is refused rather than silently counted as an abstention.
    """
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    # FOR KEY SHARE: answers do not wait for each other, but closing (FOR UPDATE) waits for those
    # in flight, and an answer after it sees the round closed (as for the vote).
    survey = found(
        session.scalar(select(SurveyRound).where(SurveyRound.id == round_id).with_for_update(key_share=True))
    )
    if survey.state != SurveyState.OPEN:
        raise Refused("survey.not_open")
    if not _is_voter(session, round_id, actor.deputy_id):
        raise Refused("survey.not_voter")
    if session.get(SurveyParticipation, (round_id, actor.deputy_id)) is not None:
        raise Refused("survey.already_answered")  # whatever this second answer holds
    projects = set(_round_project_ids(session, round_id))
    if set(answers) - projects:
        raise Refused("survey.project_not_in_round")
    if projects - set(answers):
        raise Refused("survey.level_missing", count=len(projects - set(answers)))
    for level, comment in answers.values():
        if level not in Level:
            raise Refused("survey.level_unknown")
        if len(comment.strip()) > COMMENT_MAX:
            raise Refused("survey.comment_too_long", max=COMMENT_MAX)
    secret_ballot.take_part(
        session, SurveyParticipation(round_id=round_id, deputy_id=actor.deputy_id), "survey.already_answered"
    )
    rows = [
        {
            "id": secret_ballot.new_id(),
            "round_id": round_id,
            "project_id": project,
            "level": level,
            "comment": comment.strip(),
        }
        for project, (level, comment) in answers.items()
    ]
    secret_ballot.shuffle(rows)  # not even the order of the deputy's answers is kept
    session.execute(insert(SurveyRating), rows)


# --- Results: sealed until closed ------------------------------------------------------------------


def results(session: Session, round_id: int) -> SurveyResults:
    """Counts, rates, grades and flags, as frozen when the round closed; refused before that."""
    survey = _round(session, round_id)
    if survey.state != SurveyState.CLOSED:
        raise Refused("survey.sealed")  # not on any page, export or cache: the service refuses
    query = (
        select(SurveyResult, Project.number, Project.title, Department.id, Department.name)
        .join(Project, Project.id == SurveyResult.project_id)
        .join(Department, Department.id == Project.lead_department_id)
        .where(SurveyResult.round_id == round_id)
        .order_by(Project.number)
    )
    lines = tuple(
        ResultLine(
            r.project_id,
            number,
            title,
            department_id,
            department,
            _count(r),
            r.grade,
            r.flagged,
            r.rectification_item_id,
        )
        for r, number, title, department_id, department in session.execute(query)
    )
    return SurveyResults(_view(session, survey), responses(session, round_id), lines)


def comments(session: Session, actor: Actor, round_id: int) -> list[Comment]:
    """The comments of a closed round, without any author, in random order: leaders and the office only."""
    if not (actor.role == Role.LEADER or actor.is_office_staff):
        raise Forbidden()
    if _round(session, round_id).state != SurveyState.CLOSED:
        raise Refused("survey.sealed")
    query = (
        select(Project.number, Project.title, SurveyRating.level, SurveyRating.comment)
        .join(Project, Project.id == SurveyRating.project_id)
        .where(SurveyRating.round_id == round_id, SurveyRating.comment != "")
    )
    found_comments = [
        Comment(f"{number}. {title}", level, text) for number, title, level, text in session.execute(query)
    ]
    secret_ballot.shuffle(found_comments)
    return found_comments


def project_trend(session: Session, project_ids: list[int]) -> list[TrendPoint]:
    """The projects' 综合满意率 and grade in every closed round, oldest first.

    A project continued in another year (续建) is one line across the years: the rounds of the
    projects it continues or is continued by are labelled with the chosen project's title.
    """
    points = []
    for project_id in project_ids:
        title = found(session.get(Project, project_id)).title
        query = (
            select(SurveyRound.year, SurveyRound.stage, SurveyResult)
            .join(SurveyResult, SurveyResult.round_id == SurveyRound.id)
            .where(SurveyResult.project_id.in_(_lineage(session, project_id)))
        )
        points += [
            TrendPoint(year, stage, title, _count(r).overall_rate, r.grade) for year, stage, r in session.execute(query)
        ]
    return sorted(points, key=_chronological)


def department_trend(session: Session, department_id: int) -> list[TrendPoint]:
    """A department's projects pooled per closed round: the 综合满意率 of all their ratings."""
    name = found(session.get(Department, department_id)).name
    query = (
        select(SurveyRound.year, SurveyRound.stage, SurveyResult)
        .join(SurveyResult, SurveyResult.round_id == SurveyRound.id)
        .join(Project, Project.id == SurveyResult.project_id)
        .where(Project.lead_department_id == department_id)
    )
    pooled: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for year, stage, r in session.execute(query):
        for i, n in enumerate((r.satisfied, r.basically_satisfied, r.dissatisfied, r.abstain)):
            pooled[(year, stage)][i] += n
    points = []
    for (year, stage), numbers in pooled.items():
        count = SatisfactionCount(*numbers)
        points.append(TrendPoint(year, stage, name, count.overall_rate, rules.satisfaction_grade(count)))
    return sorted(points, key=_chronological)


def year_end_grades(session: Session, year: int) -> dict[int, tuple[str | None, float | None]]:
    """Each project's final grade and 综合满意率 from the year's closed 年终 round (for the scorecard)."""
    query = (
        select(SurveyResult)
        .join(SurveyRound, SurveyRound.id == SurveyResult.round_id)
        .where(SurveyRound.year == year, SurveyRound.stage == Stage.YEAREND, SurveyRound.state == SurveyState.CLOSED)
    )
    return {r.project_id: (r.grade, _count(r).overall_rate) for r in session.scalars(query)}


# --- Inside --------------------------------------------------------------------------------------


def _freeze_results(session: Session, survey: SurveyRound) -> None:
    """Count once, store, and open an item for each project the threshold flags."""
    counts: dict[int, dict[str, int]] = {p: dict.fromkeys(Level, 0) for p in _round_project_ids(session, survey.id)}
    tallied = (
        select(SurveyRating.project_id, SurveyRating.level, func.count())
        .where(SurveyRating.round_id == survey.id)
        .group_by(SurveyRating.project_id, SurveyRating.level)
    )
    for project_id, level, number in session.execute(tallied):
        counts[project_id][level] = number
    threshold = _threshold(survey)
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
        "below_rate": _threshold(survey).below_rate,
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


def _round_project_ids(session: Session, round_id: int) -> list[int]:
    query = (
        select(survey_project.c.project_id)
        .join(Project, Project.id == survey_project.c.project_id)
        .where(survey_project.c.round_id == round_id)
        .order_by(Project.number)
    )
    return list(session.scalars(query))


def _lineage(session: Session, project_id: int) -> set[int]:
    """The project and every project it continues or is continued by (续建), in any year."""
    lineage, frontier = {project_id}, {project_id}
    while frontier:
        earlier = select(Project.carried_from_id).where(Project.id.in_(frontier), Project.carried_from_id.is_not(None))
        later = select(Project.id).where(Project.carried_from_id.in_(frontier))
        frontier = {i for i in (*session.scalars(earlier), *session.scalars(later)) if i is not None} - lineage
        lineage |= frontier
    return lineage


def _would_be_voters(survey: SurveyRound) -> list[ColumnElement[bool]]:
    """Who answers a round opened now: the active deputies, or those of the standing committee."""
    conditions: list[ColumnElement[bool]] = [Deputy.active.is_(True)]
    if survey.voter_body == VoterBody.STANDING_COMMITTEE:
        conditions.append(Deputy.standing_committee.is_(True))
    return conditions


def _is_voter(session: Session, round_id: int, deputy_id: int) -> bool:
    """In the voters frozen when the round opened."""
    voter = select(survey_voter.c.deputy_id).where(
        survey_voter.c.round_id == round_id, survey_voter.c.deputy_id == deputy_id
    )
    return session.scalar(voter) is not None


def _count(result: SurveyResult) -> SatisfactionCount:
    return SatisfactionCount(result.satisfied, result.basically_satisfied, result.dissatisfied, result.abstain)


def _threshold(survey: SurveyRound) -> Threshold:
    return Threshold(float(survey.rectify_below), survey.rectify_when_dissatisfied, survey.deadline_days)


def _chronological(point: TrendPoint) -> tuple[int, int, str]:
    return point.year, Stage.codes().index(point.stage), point.label


def _view(session: Session, survey: SurveyRound) -> SurveyView:
    return SurveyView(
        survey.id,
        survey.year,
        survey.stage,
        survey.voter_body,
        survey.state,
        _threshold(survey),
        tuple(_round_project_ids(session, survey.id)),
    )


def _snapshot(session: Session, survey: SurveyRound) -> dict[str, object]:
    return {
        "year": survey.year,
        "stage": survey.stage,
        "voter_body": survey.voter_body,
        "rectify_below": float(survey.rectify_below),
        "rectify_when_dissatisfied": survey.rectify_when_dissatisfied,
        "deadline_days": survey.deadline_days,
        "projects": _round_project_ids(session, survey.id),
    }


def _round(session: Session, round_id: int, lock: bool = False) -> SurveyRound:
    query = select(SurveyRound).where(SurveyRound.id == round_id)
    return found(session.scalar(query.with_for_update() if lock else query))
