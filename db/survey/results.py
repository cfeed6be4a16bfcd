"""Satisfaction survey results: counts, grades and comments, sealed until the round is closed; trends across rounds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.actors import Actor, Role
from db.core.errors import Forbidden, Refused, found
from db.projects.models import Project
from db.secret_ballot import rows as secret_ballot
from db.survey import rules
from db.survey.models import SurveyRating, SurveyResult, SurveyRound
from db.survey.rounds import Responses, SurveyView, count_of, get_round, responses, view_of
from db.survey.rules import SatisfactionCount, Stage, SurveyState
from db.system.models import Department


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
    invalid: int = 0  # answer sets the count found unopenable or against the round's rules


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


def results(session: Session, round_id: int) -> SurveyResults:
    """Counts, rates, grades and flags, as frozen when the round closed; refused before that."""
    survey = get_round(session, round_id)
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
            count_of(r),
            r.grade,
            r.flagged,
            r.rectification_item_id,
        )
        for r, number, title, department_id, department in session.execute(query)
    )
    return SurveyResults(view_of(session, survey), responses(session, round_id), lines, survey.invalid_answers)


def comments(session: Session, actor: Actor, round_id: int) -> list[Comment]:
    """The comments of a closed round, without any author, in random order: leaders and the office only."""
    if not (actor.role == Role.LEADER or actor.is_office_staff):
        raise Forbidden()
    if get_round(session, round_id).state != SurveyState.CLOSED:
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
            TrendPoint(year, stage, title, count_of(r).overall_rate, r.grade)
            for year, stage, r in session.execute(query)
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
    return {r.project_id: (r.grade, count_of(r).overall_rate) for r in session.scalars(query)}


def _lineage(session: Session, project_id: int) -> set[int]:
    """The project and every project it continues or is continued by (续建), in any year."""
    lineage, frontier = {project_id}, {project_id}
    while frontier:
        earlier = select(Project.carried_from_id).where(Project.id.in_(frontier), Project.carried_from_id.is_not(None))
        later = select(Project.id).where(Project.carried_from_id.in_(frontier))
        frontier = {i for i in (*session.scalars(earlier), *session.scalars(later)) if i is not None} - lineage
        lineage |= frontier
    return lineage


def _chronological(point: TrendPoint) -> tuple[int, int, str]:
    return point.year, Stage.codes().index(point.stage), point.label
