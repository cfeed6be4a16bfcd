"""Demo votes (票决): a published round for every demo year, a draft round for next year. Invented data.

Each past round's candidates are that year's ten projects plus a few POOL templates that were not
elected; its ballots are drawn so that the tally (db.voting.results) elects exactly those ten.
Next year gets its Year row, a draft round and thirteen candidates, so that the office can open
the vote and deputies can cast ballots in the demo.

Ballots, picks, participations and electors run to tens of thousands of rows: they are written
with bulk inserts, since seeding happens at the app's first start-up.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from db.core.models import Base
from db.demo.pool.project_templates import DECIMAL_UNITS, POOL, Template
from db.demo.project_figures import nice
from db.projects.models import Project
from db.system.models import Department, Deputy, Year
from db.vote import rules
from db.vote.models import (
    Ballot,
    BallotPick,
    BallotTracker,
    Candidate,
    CandidateIndicator,
    Participation,
    VotingRound,
    round_candidate,
    round_elector,
)

PLACES = 10
THRESHOLD_RULE = "electorate_half"
TURNOUT = (0.92, 0.97)
NOT_ELECTED = (2, 5)  # candidates beyond the ten places (差额)
NEXT_YEAR_CANDIDATES = 13
DRAWS = 100  # attempts at ballots that elect the right ten; the first nearly always does


@dataclass(frozen=True)
class CandidatePlan:
    title: str
    field: str
    description: str
    lead_department_id: int
    budget: Decimal  # 万元
    targets: tuple[tuple[str, str, Decimal], ...]  # name, unit, target


def seed_votes(session: Session, today: date, next_session_name: str) -> None:
    """Published rounds for the years that have projects; a draft round for next year.

    Needs the deputies, departments and projects flushed. `next_session_name` names next year's
    plenary if its Year row has to be created.
    """
    electorate = list(session.scalars(select(Deputy.id).where(Deputy.active.is_(True)).order_by(Deputy.id)))
    departments = dict(session.execute(select(Department.code, Department.id)).all())
    by_year: dict[int, list[Project]] = {}
    for project in session.scalars(select(Project).where(Project.year <= today.year).order_by(Project.number)):
        by_year.setdefault(project.year, []).append(project)
    for year, projects in sorted(by_year.items()):
        rng = random.Random(f"minsheng-demo-vote-{year}")  # a year's vote does not depend on the others
        _seed_published_round(session, rng, year, projects, departments, electorate)
    this_year = {p.title for p in by_year.get(today.year, [])}
    _seed_next_year(session, today.year + 1, next_session_name, this_year, departments)


def _seed_published_round(
    session: Session,
    rng: random.Random,
    year: int,
    projects: Sequence[Project],
    departments: dict[str, int],
    electorate: list[int],
) -> None:
    titles = {p.title for p in projects}
    others = rng.sample([t for t in POOL if t.title not in titles], rng.randint(*NOT_ELECTED))
    plans = [_from_project(p) for p in projects] + [_from_template(rng, t, departments) for t in others]
    order = list(range(len(plans)))
    rng.shuffle(order)  # the ballot lists candidates in no telling order
    round_id = _insert_round(session, year, "published")
    ids = _insert_candidates(session, year, [plans[i] for i in order])
    candidate_of = dict(zip(order, ids, strict=True))  # plan index -> candidate id
    elected = [candidate_of[i] for i in range(len(projects))]
    _bulk(session, round_candidate, [{"round_id": round_id, "candidate_id": c} for c in ids])
    _bulk(session, round_elector, [{"round_id": round_id, "deputy_id": d} for d in electorate])
    voters = rng.sample(electorate, round(len(electorate) * rng.uniform(*TURNOUT)))
    _bulk(session, Participation, [{"round_id": round_id, "deputy_id": d} for d in voters])
    ballots = _draw_ballots(rng, elected, [c for c in ids if c not in elected], len(voters), len(electorate))
    _insert_ballots(session, rng, round_id, ballots)


def _seed_next_year(
    session: Session, year: int, session_name: str, this_year: set[str], departments: dict[str, int]
) -> None:
    """Next year's vote, not yet open: its candidates avoid this year's projects."""
    year_row = session.get(Year, year)
    if year_row is None:
        year_row = Year(year=year, session_name=session_name, places=PLACES, threshold_rule=THRESHOLD_RULE)
        session.add(year_row)
        session.flush()
    rng = random.Random(f"minsheng-demo-vote-{year}")
    templates = rng.sample([t for t in POOL if t.title not in this_year], NEXT_YEAR_CANDIDATES)
    _insert_round(session, year, "draft", year_row.places, year_row.threshold_rule)
    _insert_candidates(session, year, [_from_template(rng, t, departments) for t in templates])


def _from_project(project: Project) -> CandidatePlan:
    """An elected candidate, as it stood on the ballot: the project it became, before any edit."""
    return CandidatePlan(
        project.title,
        project.field,
        project.description,
        project.lead_department_id,
        project.budget,
        tuple((i.name, i.unit, i.target) for i in project.indicators),
    )


def _from_template(rng: random.Random, template: Template, departments: dict[str, int]) -> CandidatePlan:
    targets = tuple(
        (m.name, m.unit, _amount(rng.uniform(m.low, m.high), m.unit in DECIMAL_UNITS)) for m in template.measures
    )
    budget = _amount(rng.uniform(*template.budget), False)
    return CandidatePlan(
        template.title, template.field, template.description, departments[template.lead], budget, targets
    )


def _amount(x: float, decimal: bool) -> Decimal:
    return Decimal(f"{nice(x, decimal):.2f}")


def _insert_round(
    session: Session, year: int, state: str, places: int = PLACES, threshold_rule: str = THRESHOLD_RULE
) -> int:
    row = {"year": year, "state": state, "places": places, "max_picks": places, "threshold_rule": threshold_rule}
    round_id = session.scalar(insert(VotingRound).values(row).returning(VotingRound.id))
    assert round_id is not None
    return round_id


def _insert_candidates(session: Session, year: int, plans: Sequence[CandidatePlan]) -> list[int]:
    """Candidates in ballot order (sort_order) with their targets; returns their ids in that order."""
    rows = [
        {
            "year": year,
            "title": p.title,
            "field": p.field,
            "description": p.description,
            "lead_department_id": p.lead_department_id,
            "estimated_budget": p.budget,
            "sort_order": n,
        }
        for n, p in enumerate(plans)
    ]
    ids = list(session.scalars(insert(Candidate).returning(Candidate.id, sort_by_parameter_order=True), rows))
    targets = [
        {"candidate_id": candidate_id, "name": name, "unit": unit, "target": target, "sort_order": n}
        for candidate_id, plan in zip(ids, plans, strict=True)
        for n, (name, unit, target) in enumerate(plan.targets)
    ]
    session.execute(insert(CandidateIndicator), targets)
    return ids


def _draw_ballots(
    rng: random.Random, elected: list[int], others: list[int], turnout: int, electorate: int
) -> list[list[int]]:
    """Ballots whose tally elects exactly `elected`: each above half the electorate, the others not.

    Each deputy favours the candidates by a popularity drawn per round; with more candidates than
    places the unpopular ones are mostly left off. Nothing ties at the cut-off, since only ten pass.
    """
    threshold = rules.pass_threshold(THRESHOLD_RULE, electorate, turnout)
    for _ in range(DRAWS):
        popularity = {c: rng.uniform(3.0, 10.0) for c in elected} | {c: rng.uniform(0.3, 1.2) for c in others}
        ballots = [_fill(rng, popularity, size) for size in _ballot_sizes(rng, turnout)]
        votes = Counter(c for ballot in ballots for c in ballot)
        if all(votes[c] > threshold for c in elected) and all(votes[c] <= threshold for c in others):
            return ballots
    raise RuntimeError("no demo ballots elect the year's projects")  # a change to the numbers above broke it


def _ballot_sizes(rng: random.Random, count: int) -> list[int]:
    """Most deputies pick all ten; a few pick fewer, and one or two hand in a blank ballot."""
    sizes = [PLACES] * count
    blank, short = rng.randint(0, 2), rng.randint(4, 12)
    for n, i in enumerate(rng.sample(range(count), blank + short)):
        sizes[i] = 0 if n < blank else rng.randint(1, PLACES - 1)
    return sizes


def _fill(rng: random.Random, popularity: dict[int, float], size: int) -> list[int]:
    """`size` candidates drawn without replacement, each in proportion to its popularity.

    Efraimidis–Spirakis: keep the `size` largest keys u ** (1 / weight), u uniform in (0, 1).
    """
    keys = {c: rng.random() ** (1 / weight) for c, weight in popularity.items()}
    return sorted(keys, key=keys.__getitem__, reverse=True)[:size]


def _insert_ballots(session: Session, rng: random.Random, round_id: int, ballots: list[list[int]]) -> None:
    """Random ids as the count writes them, and as many tracker codes (receipts), tied to nothing."""
    rows: list[dict[str, Any]] = [{"id": f"{rng.getrandbits(128):032x}", "round_id": round_id} for _ in ballots]
    trackers = {f"{rng.getrandbits(48):012X}" for _ in ballots}
    picks = [
        {"ballot_id": row["id"], "candidate_id": c} for row, ballot in zip(rows, ballots, strict=True) for c in ballot
    ]
    _bulk(session, Ballot, sorted(rows, key=lambda row: row["id"]))
    _bulk(session, BallotPick, picks)
    _bulk(session, BallotTracker, [{"round_id": round_id, "tracker": code} for code in sorted(trackers)])


def _bulk(session: Session, target: type[Base] | Table, rows: list[dict[str, Any]]) -> None:
    """One executemany on the session's connection. Session.execute would take the ORM's bulk
    path, which doubled the time of these ~30,000 rows on PostgreSQL."""
    session.connection().execute(insert(target), rows)
