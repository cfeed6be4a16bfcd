"""The figures of the documents to the Standing Committee, read from the same services as the pages.

One source: a year's progress comes from `progress.year_progress` and `dashboard.headline` (the
dashboard's), satisfaction from `survey_results.results` of closed rounds only (the results page's;
it refuses an open round, so sealed counts cannot reach a document), the look-back from
`lookback.scorecard` and `survey_results.year_end_grades` (the scorecard's). Only leaders and the
congress office generate documents: every read here checks the person first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.actors import Actor, Role
from db.core.errors import Forbidden, Refused, found
from db.oversight import lookback
from db.oversight.lookback import ReviewView, ScoreRow
from db.oversight.rules import Source
from db.projects import dashboard, progress
from db.projects.dashboard import Headline, Share
from db.projects.progress import ProjectProgress
from db.projects.rules import ScheduleStatus
from db.reports import ledger, rules
from db.reports.ledger import FindingOnDay, ItemOnDay
from db.survey import results as survey_results
from db.survey.models import SurveyRound
from db.survey.results import ResultLine, SurveyResults
from db.survey.rules import GRADES, SatisfactionCount, Stage, SurveyState
from db.system.models import Year

# Which closed round a year's document quotes: the year-end one when there is one.
STAGE_PREFERENCE = (Stage.YEAREND, Stage.MIDYEAR)


@dataclass(frozen=True)
class Rated:
    """A project's result in a closed round."""

    year: int
    stage: str
    grade: str | None
    count: SatisfactionCount
    flagged: bool


@dataclass(frozen=True)
class ProjectFigures:
    progress: ProjectProgress
    findings: tuple[FindingOnDay, ...]
    items: tuple[ItemOnDay, ...]  # from every source, as they stood on the day
    rated: Rated | None


@dataclass(frozen=True)
class YearFigures:
    year: int
    as_of: date
    session_name: str  # the plenary that voted the projects in; "" for a year not set up
    headline: Headline
    status_counts: dict[str, int]  # every status, in the leaders' order (lagging first)
    projects: tuple[ProjectFigures, ...]  # by number
    trend: tuple[Share, ...]
    due_month: date  # the month whose reports were due on the day
    survey_stage: str | None  # the closed round the grades come from, if any
    grade_counts: dict[str, int]  # projects per grade in that round

    @property
    def items(self) -> list[ItemOnDay]:
        return [item for p in self.projects for item in p.items]

    def unfinished_items(self) -> list[ItemOnDay]:
        return [item for item in self.items if not item.finished]

    def overdue_items(self) -> list[ItemOnDay]:
        return [item for item in self.items if ledger.overdue(item, self.as_of)]


@dataclass(frozen=True)
class SurveyFigures:
    results: SurveyResults
    session_name: str
    closed_on: date
    as_of: date
    items: dict[int, ItemOnDay]  # a flagged project's item, as it stood on the day
    grade_counts: dict[str, int]


@dataclass(frozen=True)
class LookbackFigures:
    year: int
    as_of: date
    session_name: str
    rows: tuple[ScoreRow, ...]  # the scorecard's
    grades: dict[int, tuple[str | None, float | None]]  # the scorecard's 年终 grade and rate
    reviews: dict[int, ReviewView]  # each project's latest look-back by the day
    items: dict[int, tuple[ItemOnDay, ...]]  # items the look-backs opened, as they stood on the day


def require_reader(actor: Actor) -> None:
    """Leaders and the congress office (and admins) generate documents; departments and deputies do not."""
    if not (actor.role == Role.LEADER or actor.is_office_staff):
        raise Forbidden()


def year_figures(session: Session, actor: Actor, year: int, as_of: date) -> YearFigures:
    """A year's projects as they stood on `as_of` (reports of later months left out)."""
    require_reader(actor)
    listed = progress.year_progress(session, year, as_of, reported_through=as_of)
    ids = [p.id for p in listed]
    items = ledger.items_on(session, ids, as_of)
    findings = ledger.findings_on(session, ids, as_of, items)
    round_id, stage = _closed_round(session, year, as_of, STAGE_PREFERENCE)
    lines = {line.project_id: line for line in survey_results.results(session, round_id).lines} if round_id else {}
    return YearFigures(
        year=year,
        as_of=as_of,
        session_name=_session_name(session, year),
        headline=dashboard.headline(listed, as_of),
        status_counts=rules.counts_by((p.status for p in listed), ScheduleStatus.codes()),
        projects=tuple(
            ProjectFigures(
                p,
                tuple(findings.get(p.id, ())),
                tuple(items.get(p.id, ())),
                _rated(year, stage, lines[p.id]) if stage and p.id in lines else None,
            )
            for p in listed
        ),
        trend=tuple(dashboard.monthly_trend(listed, as_of)),
        due_month=dashboard.due_month(as_of),
        survey_stage=stage,
        grade_counts=rules.counts_by((line.grade for line in lines.values() if line.grade), GRADES),
    )


def closed_rounds(session: Session, actor: Actor, year: int) -> list[tuple[int, str]]:
    """The year's closed rounds as (id, stage), in the order of the year: what a notice can be about."""
    require_reader(actor)
    rows = session.execute(
        select(SurveyRound.id, SurveyRound.stage).where(
            SurveyRound.year == year, SurveyRound.state == SurveyState.CLOSED
        )
    )
    return sorted(list(rows), key=lambda row: Stage.codes().index(row[1]))


def survey_figures(session: Session, actor: Actor, round_id: int, as_of: date) -> SurveyFigures:
    """A closed round's results (refused for a round not closed: its counts are sealed)."""
    require_reader(actor)
    survey = found(session.get(SurveyRound, round_id))
    results = survey_results.results(session, round_id)
    closed_on = survey.closed_on or as_of
    day = max(as_of, closed_on)
    flagged = [line.project_id for line in results.lines if line.rectification_item_id]
    on_day = {item.id: item for listed in ledger.items_on(session, flagged, day).values() for item in listed}
    return SurveyFigures(
        results,
        _session_name(session, survey.year),
        closed_on,
        day,
        {
            line.project_id: on_day[line.rectification_item_id]
            for line in results.lines
            if line.rectification_item_id in on_day
        },
        rules.counts_by((line.grade for line in results.lines if line.grade), GRADES),
    )


def lookback_figures(session: Session, actor: Actor, year: int, as_of: date) -> LookbackFigures:
    """A past year's scorecard with its look-backs made by `as_of` and the items they opened."""
    require_reader(actor)
    if year >= as_of.year:
        raise Refused("reports.lookback_past_only", year=year)
    rows = lookback.scorecard(session, year, as_of)
    reviews = lookback.latest_by_project([r for r in lookback.reviews_of_year(session, year) if r.reviewed_on <= as_of])
    items = ledger.items_on(session, [r.project_id for r in rows], as_of)
    return LookbackFigures(
        year,
        as_of,
        _session_name(session, year),
        tuple(rows),
        survey_results.year_end_grades(session, year),
        reviews,
        {pid: tuple(i for i in listed if i.source_kind == Source.REVIEW) for pid, listed in items.items()},
    )


def _closed_round(
    session: Session, year: int, as_of: date, preference: tuple[str, ...]
) -> tuple[int | None, str | None]:
    rows = dict(
        session.execute(
            select(SurveyRound.stage, SurveyRound.id).where(
                SurveyRound.year == year,
                SurveyRound.state == SurveyState.CLOSED,
                SurveyRound.closed_on <= as_of,
            )
        ).all()
    )
    stage = next((s for s in preference if s in rows), None)
    return (rows[stage], stage) if stage else (None, None)


def _rated(year: int, stage: str, line: ResultLine) -> Rated:
    return Rated(year, stage, line.grade, line.count, line.flagged)


def _session_name(session: Session, year: int) -> str:
    return session.scalar(select(Year.session_name).where(Year.year == year)) or ""
