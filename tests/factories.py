"""Test data builders: small, explicit, each committing (SQLite must not keep a write lock)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from itertools import count

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.actors import Actor, Role
from db.core.session import read_scope, session_scope
from db.projects.models import Indicator, Project
from db.system import accounts
from db.system.models import Account, Department, Deputy, Division, Year

PASSWORD = "correct-horse"
# argon2id at its lowest parameters: the tests check behaviour, benchmarks/ measure cost. The
# autouse fixture `fast_password_hashing` (tests/conftest.py) makes it the app's hasher too.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD_HASH = FAST_HASHER.hash(PASSWORD)
_numbers = count(1)


def division(session: Session, name: str | None = None) -> Division:
    row = Division(name=name or f"区{next(_numbers)}", sort_order=0)
    session.add(row)
    session.commit()
    return row


def department(session: Session, code: str | None = None) -> Department:
    n = next(_numbers)
    row = Department(name=f"部门{n}", code=code or f"dep{n}")
    session.add(row)
    session.commit()
    return row


def deputy(session: Session, code: str | None = None, division_row: Division | None = None) -> Deputy:
    row = Deputy(code=code or f"x{next(_numbers):04d}", name="测试代表", division=division_row or division(session))
    session.add(row)
    session.commit()
    return row


def account(session: Session, role: str = "admin", username: str | None = None, **fields: object) -> Account:
    if role == "deputy" and "deputy" not in fields and "deputy_id" not in fields:
        fields["deputy"] = deputy(session)
    row = Account(
        username=username or f"{role}{next(_numbers)}",
        display_name=f"测试{role}",
        role=role,
        password_hash=PASSWORD_HASH,
        **fields,
    )
    session.add(row)
    session.commit()
    return row


def actor_of(session: Session, username: str) -> Actor:
    row = session.scalar(select(Account).where(Account.username == username))
    assert row is not None, username
    return accounts.as_actor(row)


def reader(role: str = Role.STAFF, *, department_id: int | None = None, deputy_id: int | None = None) -> Actor:
    """Someone who only reads: the congress office by default, or a department's staff, or a deputy."""
    return Actor(0, "reader", "reader", role, department_id=department_id, deputy_id=deputy_id)


def year(session: Session, number: int = 2026) -> Year:
    row = session.get(Year, number) or Year(year=number, session_name=f"{number} 年会议", places=10)
    session.add(row)
    session.commit()
    return row


def project(
    session: Session,
    lead: Department | None = None,
    *,
    year_number: int = 2026,
    number: int | None = None,
    budget: float = 1000,
    indicators: tuple[tuple[str, str, float, float], ...] = (("新增学位", "个", 100, 1), ("培训教师", "人次", 50, 1)),
    start: date | None = None,
    end: date | None = None,
) -> Project:
    year(session, year_number)
    row = Project(
        year=year_number,
        number=number or next(_numbers) % 50 + 1,
        title=f"测试项目{next(_numbers)}",
        field="公共教育",
        lead_department=lead or department(session),
        budget=Decimal(str(budget)),
        start_date=start or date(year_number, 1, 1),
        end_date=end or date(year_number, 12, 31),
        indicators=[
            Indicator(name=n, unit=u, target=Decimal(str(target)), weight=Decimal(str(w)), sort_order=i)
            for i, (n, u, target, w) in enumerate(indicators)
        ],
    )
    session.add(row)
    session.commit()
    return row


def sign_in(username: str, password: str, now: datetime | None = None, client: str = "") -> accounts.SignInResult:
    """A sign-in as components/shell/auth.py makes it: read, check the password outside any transaction,
    then the short write (the check made once: a test changes nothing in between)."""
    with read_scope() as s:
        before = accounts.before_sign_in(s, username, client, now)
    checked = None if before.wait_seconds else accounts.check_password(before.password_hash, password)
    with session_scope() as s:
        result = accounts.sign_in(s, username, checked, now, client=client, before=before)
    assert not result.check_again, "nothing changes the password between the check and the write here"
    return result
