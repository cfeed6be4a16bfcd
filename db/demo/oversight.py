"""Demo supervision, look-back reviews and rectification items (监督、回头看、整改): invented data.

Relative to `today`: the most recent September supervision week (监督周) that is over, with four
to six group visits, and a few inspections (视察) and unannounced visits (暗访) earlier that
year, each with deputies' findings (db.demo.supervision); look-back reviews (回头看) of most of
the projects of the two previous years, rated by aspect (db.demo.lookback); and the
rectification items the confirmed findings and the 较差 ratings opened, in every state, exactly
two of them overdue (db.demo.rectification).

Written directly with the ORM (the services check today's date and permissions, and audit);
every text comes from db.demo.pool. One random.Random per year, so a given `today` gives the
same demo.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.core import clock
from db.demo.lookback import reviews
from db.demo.rectification import PlannedItem, plan_states, write_items
from db.demo.supervision import activities
from db.projects.models import Project
from db.system.models import Account, Deputy


def seed_oversight(session: Session, today: date) -> None:
    """Activities, findings, look-back reviews and rectification items, relative to `today`.

    Needs the accounts, deputies and every year's projects flushed.
    """
    rng = random.Random(f"minsheng-demo-oversight-{today.year}")
    office = session.scalar(select(Account.id).where(Account.username == "office"))
    assert office is not None
    liaisons = dict(
        session.execute(
            select(Account.department_id, Account.id).where(
                Account.role == "staff", Account.username.like("dept\\_%", escape="\\")
            )
        ).all()
    )
    deputies = list(
        session.scalars(
            select(Deputy).where(Deputy.active.is_(True)).options(selectinload(Deputy.division)).order_by(Deputy.id)
        )
    )
    account_of = dict(
        session.execute(select(Account.deputy_id, Account.id).where(Account.deputy_id.is_not(None))).all()
    )
    deputies = [d for d in deputies if d.id in account_of]  # only deputies who can sign in and add findings
    week = supervision_week_days(today)
    projects = _projects(session, (week[0].year, today.year - 1, today.year - 2))
    end = clock.start_of_local_day(today)  # everything happened before today began

    items: list[PlannedItem] = []
    items += activities(session, rng, week, projects[week[0].year], deputies, account_of, office, end)
    items += reviews(session, rng, today, projects[today.year - 1] + projects[today.year - 2], office, end)
    plan_states(rng, items, today)
    write_items(session, rng, items, today, office, liaisons, end)


def supervision_week_days(today: date) -> list[date]:
    """Monday to Friday of the latest September supervision week that is over by `today`."""
    for year in (today.year, today.year - 1):
        monday = date(year, 9, 15)
        monday += timedelta(days=-monday.weekday() % 7)  # the first Monday on or after 15 September
        days = [monday + timedelta(days=n) for n in range(5)]
        if days[-1] < today:
            return days
    raise AssertionError("unreachable: last year's week is always over")


def _projects(session: Session, years: Sequence[int]) -> dict[int, list[Project]]:
    rows = session.scalars(
        select(Project)
        .where(Project.year.in_(set(years)))
        .options(selectinload(Project.divisions), selectinload(Project.lead_department))
        .order_by(Project.year, Project.number)
    )
    by_year: dict[int, list[Project]] = {year: [] for year in years}
    for project in rows:
        by_year[project.year].append(project)
    return by_year
