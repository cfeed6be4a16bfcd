"""Demo data (invented, marked as such): seeded only into an empty database in demo mode."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import clock
from db.demo import names
from db.demo.micro_items import seed_micro_items
from db.demo.oversight import seed_oversight
from db.demo.pool.people import DEMO_PASSWORD, OFFICE_ACCOUNTS
from db.demo.pool.reference import (
    CHINESE_NUMERALS,
    DEPARTMENTS,
    DIVISIONS,
    FIRST_SESSION_YEAR,
    FIRST_TERM,
    LEAD_DEPARTMENT_CODES,
    SESSION_NAME,
    SESSIONS_A_TERM,
)
from db.demo.projects import seed_projects
from db.demo.satisfaction import seed_satisfaction
from db.demo.votes import seed_votes
from db.demo.wishes import seed_wishes
from db.system.models import Account, Department, Deputy, Division, Year
from db.system.passwords import hash_password

DEPUTY_COUNT = 377
STANDING_COMMITTEE_COUNT = 40
YEARS_OF_HISTORY = 5


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Account))


def seed(session: Session, today: date) -> None:
    """Fill an empty database. Deterministic, so every demo shows the same people."""
    rng = random.Random(2024)
    divisions = [Division(name=name, sort_order=i) for i, name in enumerate(DIVISIONS)]
    departments = {code: Department(name=name, code=code) for code, name in DEPARTMENTS}
    session.add_all([*divisions, *departments.values()])
    for year in range(today.year - YEARS_OF_HISTORY, today.year + 1):
        session.add(Year(year=year, session_name=session_name(year), places=10))
    deputies = _deputies(rng, divisions)
    session.add_all(deputies)
    session.flush()
    # One hash for every demo account: hashing 380 passwords would take minutes at start-up.
    shared_hash = hash_password(DEMO_PASSWORD)
    reporters = {
        code: Account(
            username=f"dept_{code}", display_name=departments[code].name, role="staff", department=departments[code]
        )
        for code in LEAD_DEPARTMENT_CODES
    }
    accounts = [
        *[Account(username=username, display_name=name, role=role) for username, name, role in OFFICE_ACCOUNTS],
        *reporters.values(),
        *[Account(username=deputy.code, display_name=deputy.name, role="deputy", deputy=deputy) for deputy in deputies],
    ]
    for account in accounts:
        account.password_hash = shared_hash
    session.add_all(accounts)
    session.flush()  # the progress reports need their reporters' ids
    seed_projects(session, today, departments, divisions, reporters)
    seed_votes(session, today, session_name(today.year + 1))
    with clock.as_of(today):  # these go through the services, which ask the clock for today
        seed_oversight(session, today)
        seed_satisfaction(session, today)
        seed_wishes(session, today)
        seed_micro_items(session, today)


def session_name(year: int) -> str:
    """The plenary session held early in `year`: 市十六届人大四次会议 in 2024."""
    index = year - FIRST_SESSION_YEAR
    term, sitting = FIRST_TERM + index // SESSIONS_A_TERM, index % SESSIONS_A_TERM + 1
    return SESSION_NAME.format(term=_chinese_number(term), sitting=_chinese_number(sitting))


def _deputies(rng: random.Random, divisions: list[Division]) -> list[Deputy]:
    weights = [d.sort_order == 0 and 3 or 6 for d in divisions]
    people = names.generate(rng, DEPUTY_COUNT)
    committee = set(rng.sample(range(DEPUTY_COUNT), STANDING_COMMITTEE_COUNT))
    return [
        Deputy(
            code=f"d{i + 1:03d}",
            name=name,
            division=rng.choices(divisions, weights)[0],
            standing_committee=i in committee,
        )
        for i, name in enumerate(people)
    ]


def _chinese_number(n: int) -> str:
    """1 to 99 in Chinese numerals: 四, 十, 十六, 二十."""
    digits, ten = CHINESE_NUMERALS[:10], CHINESE_NUMERALS[10]
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else digits[tens]}{ten}{digits[ones] if ones else ''}"
