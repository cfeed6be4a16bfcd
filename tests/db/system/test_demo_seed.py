from collections import Counter

from sqlalchemy import func, select

from db import demo
from db.core import migrate
from db.system.models import Account, Department, Deputy, Division, Year
from db.system.passwords import verify_password
from tests.conftest import TODAY, fresh


def test_demo_mode_seeds_an_empty_database_with_jiangmens_divisions_deputies_and_accounts(engine, session):
    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    fresh(session)
    divisions = session.scalars(select(Division.name).order_by(Division.sort_order)).all()
    assert divisions == ["市本级", "蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"]
    assert 20 <= session.scalar(select(func.count(Department.id))) <= 30
    deputies = session.scalars(select(Deputy)).all()
    assert len(deputies) == 377 and sum(d.standing_committee for d in deputies) == 40
    assert min(Counter(d.division_id for d in deputies).values()) >= 15
    roles = Counter(session.scalars(select(Account.role)))
    assert roles["deputy"] == 377 and roles["admin"] == 1 and roles["leader"] == 1
    usernames = set(session.scalars(select(Account.username)))
    assert {"admin", "office", "leader", "d001", "d377", "dept_jyj"} <= usernames
    office = session.scalar(select(Account).where(Account.username == "office"))
    assert office.role == "staff" and office.department_id is None
    assert verify_password("demo2024", office.password_hash)
    years = session.scalars(select(Year).order_by(Year.year)).all()
    # Five years of history, this year, and next year's (its vote is still a draft).
    assert [y.year for y in years] == list(range(TODAY.year - 5, TODAY.year + 2))
    assert next(y for y in years if y.year == 2024).session_name == "市十六届人大四次会议"


def test_the_demo_is_seeded_only_once_and_never_outside_demo_mode(engine, session):
    migrate.prepare(demo_mode=False, today=TODAY, engine=engine)
    assert demo.is_empty(fresh(session))
    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    assert fresh(session).scalar(select(func.count(Deputy.id))) == 377
