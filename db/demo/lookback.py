"""Demo look-back reviews (回头看) of most of the two previous years' projects, rated by aspect.

A few reviews find one aspect 较差, more of them among the older year's projects; each opens a
rectification item.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from db.core import clock
from db.demo.pool import lookback as words
from db.demo.pool.reference import CITY_LEVEL, LIST_SEPARATOR
from db.demo.rectification import PlannedItem
from db.demo.timing import office_hours, weekday
from db.oversight.models import LookbackReview, ReviewRating
from db.oversight.rules import ReviewAspect
from db.projects.models import Project

REVIEWED_PER_YEAR = (6, 8)
POOR_RATINGS = (3, 5)  # across both years' reviews
FAIR_SHARE = 0.2


def reviews(
    session: Session, rng: random.Random, today: date, projects: list[Project], office: int, end: datetime
) -> list[PlannedItem]:
    """Most of the two previous years' projects looked back at this year; a few 较差 ratings open items."""
    first, last = date(today.year, 3, 1), today - timedelta(days=7)
    if (last - first).days < 30:  # early in the year: since New Year (a past year's project only)
        first = date(today.year, 1, 1)
        last = max(first, today - timedelta(days=1))
    chosen: list[Project] = []
    for year in sorted({p.year for p in projects}):
        of_year = [p for p in projects if p.year == year]
        chosen += sorted(
            rng.sample(of_year, min(len(of_year), rng.randint(*REVIEWED_PER_YEAR))), key=lambda p: p.number
        )
    # A few reviews find one aspect 较差: more of them among the older year's projects.
    count = rng.randint(*POOR_RATINGS)
    years = sorted({p.year for p in chosen})
    poor: set[tuple[int, str]] = set()
    for year, share in zip(years, (count - count // 2, count // 2), strict=False):
        numbers = [n for n, p in enumerate(chosen) if p.year == year]
        poor |= {(n, rng.choice(ReviewAspect.codes())) for n in rng.sample(numbers, min(share, len(numbers)))}

    reviews = []
    for n, project in enumerate(chosen):
        reviewed_on = weekday(first + timedelta(days=rng.randint(0, (last - first).days)))
        reviewed_on = min(reviewed_on, last)
        ratings = []
        for aspect in ReviewAspect:
            rating = "poor" if (n, aspect) in poor else "fair" if rng.random() < FAIR_SHARE else "good"
            ratings.append(
                ReviewRating(aspect=aspect, rating=rating, notes=rng.choice(words.REVIEW_NOTES[aspect][rating]))
            )
        division = rng.choice(project.divisions).name if project.divisions else CITY_LEVEL
        group = words.CITY_REVIEW_GROUP if division == CITY_LEVEL else words.REVIEW_GROUP.format(division=division)
        review = LookbackReview(
            project_id=project.id,
            reviewed_on=reviewed_on,
            reviewers=words.REVIEWERS.format(
                committee=words.COMMITTEE_OF_FIELD.get(project.field, words.DEFAULT_COMMITTEE), group=group
            ),
            conclusion=_conclusion(project, ratings),
            created_by=office,
            created_at=office_hours(
                rng,
                clock.start_of_local_day(reviewed_on) + timedelta(days=rng.randint(1, 4)),
                clock.start_of_local_day(reviewed_on),
                end,
            ),
            ratings=ratings,
        )
        review.project = project
        reviews.append(review)
    session.add_all(reviews)
    session.flush()
    return [
        PlannedItem(
            review.project,
            rating.notes,
            "review",
            review.created_at,
            rating,
            review,
            problem_key="rectification.problem_review",
            problem_params={"aspect": rating.aspect},
        )
        for review in reviews
        for rating in review.ratings
        if rating.rating == "poor"
    ]


def _conclusion(project: Project, ratings: list[ReviewRating]) -> str:
    fair = LIST_SEPARATOR.join(words.ASPECT_NAMES[r.aspect] for r in ratings if r.rating == "fair")
    poor = LIST_SEPARATOR.join(words.ASPECT_NAMES[r.aspect] for r in ratings if r.rating == "poor")
    if poor:
        return words.CONCLUSION_POOR.format(aspects=poor, department=project.lead_department.name)
    if fair:
        return words.CONCLUSION_FAIR.format(aspects=fair)
    return words.CONCLUSION_GOOD
