"""Test data builders: small, explicit, each committing (SQLite must not keep a write lock)."""

from __future__ import annotations

from itertools import count

import bcrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import accounts
from db.actors import Actor
from db.models import Account, Department, Deputy, Division

PASSWORD = "correct-horse"
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
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
