"""Look-back reviews (回头看): a past year's project checked again, four aspects rated.

Each aspect rated 较差 opens a rectification item owned by the project's lead department, so
the problem is tracked in the one ledger until it is verified fixed. The cross-year scorecard
puts what was promised beside what was delivered, the look-back and the items it opened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from db.core import audit, clock
from db.core import rules as core_rules
from db.core.actors import Actor, require_office
from db.core.errors import Refused, found
from db.oversight import rectification
from db.oversight.models import LookbackReview, RectificationItem, ReviewRating
from db.oversight.rules import AspectRating, RectificationState, ReviewAspect
from db.projects import progress
from db.projects.models import Project
from db.projects.progress import IndicatorState

GOOD, FAIR, POOR = AspectRating
REVIEWERS_MAX, NOTES_MAX, CONCLUSION_MAX = 200, 1000, 4000
CLOSED_STATES = (RectificationState.VERIFIED, RectificationState.REJECTED)


@dataclass(frozen=True)
class RatingView:
    aspect: str
    rating: str
    notes: str
    item_id: int | None
    item_state: str | None


@dataclass(frozen=True)
class ReviewView:
    id: int
    project_id: int
    project: str  # "2025 · 3. 新建和改扩建公办幼儿园"
    year: int
    reviewed_on: date
    reviewers: str
    conclusion: str
    created_at: datetime
    ratings: tuple[RatingView, ...]  # in checklist order

    @property
    def worst(self) -> str:
        return worst_of([r.rating for r in self.ratings])


@dataclass(frozen=True)
class ScoreRow:
    """One past project on the cross-year scorecard."""

    project_id: int
    year: int
    number: int
    title: str
    lead_department: str
    targets: tuple[IndicatorState, ...]  # promised target beside the delivered value
    completion: float  # 0–1
    planned_end: date
    completed_in: date | None  # the month completion first reached 100 %, None if it never did
    budget: float
    funds_spent: float
    review_rating: str | None  # the worst rating of the latest look-back, None if not reviewed
    reviewed_on: date | None
    items_open: int
    items_closed: int
    continued_as: str | None = None  # next year's project continuing this one (续建), if any

    @property
    def on_time(self) -> bool:
        return self.completed_in is not None and self.completed_in <= self.planned_end.replace(day=1)


def worst_of(ratings: list[str]) -> str:
    return max(ratings, key=AspectRating.codes().index) if ratings else GOOD


def record_review(
    session: Session,
    actor: Actor,
    project_id: int,
    reviewed_on: date,
    reviewers: str,
    ratings: Mapping[str, tuple[str, str]],
    conclusion: str,
    deadline: date,
) -> int:
    """Record a look-back; each 较差 opens a rectification item due by `deadline`. Returns the review's id."""
    require_office(actor)
    project = found(session.get(Project, project_id))
    _check(project, reviewed_on, reviewers, ratings, conclusion, deadline)
    review = LookbackReview(
        project_id=project.id,
        reviewed_on=reviewed_on,
        reviewers=reviewers.strip(),
        conclusion=conclusion.strip(),
        created_by=actor.id,
        created_at=clock.utcnow(),
        ratings=[ReviewRating(aspect=a, rating=ratings[a][0], notes=ratings[a][1].strip()) for a in ReviewAspect],
    )
    session.add(review)
    session.flush()
    for rating in review.ratings:
        if rating.rating == POOR:
            rating.rectification_item_id = rectification.open_item(
                session,
                actor,
                project.id,
                rating.notes,
                deadline,
                source_kind="review",
                source_id=review.id,
                problem_key="rectification.problem_review",
                problem_params={"aspect": rating.aspect},
            )
    session.flush()
    audit.record(session, actor, "create", "lookback_review", review.id, after=_snapshot(review))
    return review.id


def _check(
    project: Project,
    reviewed_on: date,
    reviewers: str,
    ratings: Mapping[str, tuple[str, str]],
    conclusion: str,
    deadline: date,
) -> None:
    today = clock.today()
    if project.year >= today.year:
        raise Refused("lookback.year_not_past", year=project.year)
    if reviewed_on > today:
        raise Refused("lookback.date_future")
    if not reviewers.strip():
        raise Refused("lookback.reviewers_required")
    if set(ratings) != set(ReviewAspect):
        raise Refused("lookback.aspects_incomplete")
    for aspect, (rating, notes) in ratings.items():
        if rating not in AspectRating:
            raise Refused("lookback.rating_unknown")
        if rating == POOR and not notes.strip():
            raise Refused("lookback.poor_needs_notes", aspect=ReviewAspect(aspect))
    problem = core_rules.text_problem(reviewers, max_length=REVIEWERS_MAX)
    problem = problem or next(
        (
            p
            for _, notes in ratings.values()
            if (p := core_rules.text_problem(notes, max_length=NOTES_MAX, required=False))
        ),
        None,
    )
    problem = problem or core_rules.text_problem(conclusion, max_length=CONCLUSION_MAX, required=False)
    if problem:
        raise Refused(problem)
    if deadline < today:
        raise Refused("lookback.deadline_past")


def reviews_of_year(session: Session, year: int) -> list[ReviewView]:
    """The look-backs of that year's projects, by project number, newest review first."""
    return _reviews(session, Project.year == year)


def project_reviews(session: Session, project_id: int) -> list[ReviewView]:
    """One project's look-back history, newest first."""
    return _reviews(session, Project.id == project_id)


def latest_by_project(reviews: list[ReviewView]) -> dict[int, ReviewView]:
    """Each reviewed project's newest review."""
    latest: dict[int, ReviewView] = {}
    for review in reviews:  # newest first within a project
        latest.setdefault(review.project_id, review)
    return latest


def _reviews(session: Session, where: ColumnElement[bool]) -> list[ReviewView]:
    reviews = session.scalars(
        select(LookbackReview)
        .join(Project)
        .where(where)
        .order_by(Project.number, LookbackReview.reviewed_on.desc(), LookbackReview.id.desc())
        .options(selectinload(LookbackReview.ratings), selectinload(LookbackReview.project))
    ).all()
    item_ids = [r.rectification_item_id for review in reviews for r in review.ratings if r.rectification_item_id]
    states = dict(
        session.execute(
            select(RectificationItem.id, RectificationItem.state).where(RectificationItem.id.in_(item_ids))
        ).all()
    )
    return [_view(review, states) for review in reviews]


def _view(review: LookbackReview, states: dict[int, str]) -> ReviewView:
    project = review.project
    by_aspect = {r.aspect: r for r in review.ratings}
    ratings = tuple(
        RatingView(a, r.rating, r.notes, r.rectification_item_id, states.get(r.rectification_item_id or 0))
        for a in ReviewAspect
        if (r := by_aspect.get(a)) is not None
    )
    return ReviewView(
        review.id,
        project.id,
        f"{project.year} · {project.number}. {project.title}",
        project.year,
        review.reviewed_on,
        review.reviewers,
        review.conclusion,
        review.created_at,
        ratings,
    )


def scorecard(session: Session, year: int, today: date) -> list[ScoreRow]:
    """Each project of a past year: promised vs delivered, on time, funds, look-back, items."""
    if year >= today.year:
        return []
    latest = latest_by_project(reviews_of_year(session, year))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = session.execute(
        select(RectificationItem.project_id, RectificationItem.state, func.count())
        .join(Project)
        .where(Project.year == year)
        .group_by(RectificationItem.project_id, RectificationItem.state)
    )
    for project_id, state, number in rows:
        counts[project_id][1 if state in CLOSED_STATES else 0] += number
    projects = progress.year_progress(session, year, today)
    later = progress.continuations(session, [p.id for p in projects])
    return [
        replace(_score_row(p, latest.get(p.id), counts[p.id]), continued_as=later[p.id][1] if p.id in later else None)
        for p in projects
    ]


def _score_row(p: progress.ProjectProgress, review: ReviewView | None, counts: list[int]) -> ScoreRow:
    completed_in = next((m.month for m in p.months if m.completion >= 1.0), None)
    return ScoreRow(
        p.id,
        p.year,
        p.number,
        p.title,
        p.lead_department,
        p.indicators,
        p.completion,
        p.end_date,
        completed_in,
        p.budget,
        p.funds_spent,
        review.worst if review else None,
        review.reviewed_on if review else None,
        counts[0],
        counts[1],
    )


def _snapshot(review: LookbackReview) -> dict[str, object]:
    return {
        "project_id": review.project_id,
        "reviewed_on": review.reviewed_on,
        "reviewers": review.reviewers,
        "conclusion": review.conclusion,
        "ratings": {r.aspect: [r.rating, r.notes, r.rectification_item_id] for r in review.ratings},
    }
