"""Reference data: divisions (with their delegations), departments and years."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import audit
from db.core import rules as core_rules
from db.core.actors import Actor, require_role
from db.core.errors import Refused, found
from db.system import rules
from db.system.models import Department, Division, Year
from db.vote.rules import ThresholdRule

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class DivisionView:
    id: int
    name: str
    sort_order: int


@dataclass(frozen=True)
class DepartmentView:
    id: int
    name: str
    code: str
    active: bool


@dataclass(frozen=True)
class YearView:
    year: int
    session_name: str
    places: int
    threshold_rule: str


def divisions(session: Session) -> list[DivisionView]:
    rows = session.scalars(select(Division).order_by(Division.sort_order, Division.id))
    return [DivisionView(d.id, d.name, d.sort_order) for d in rows]


def departments(session: Session, *, active_only: bool = False) -> list[DepartmentView]:
    query = select(Department).order_by(Department.code)
    if active_only:
        query = query.where(Department.active.is_(True))
    return [DepartmentView(d.id, d.name, d.code, d.active) for d in session.scalars(query)]


def years(session: Session) -> list[YearView]:
    rows = session.scalars(select(Year).order_by(Year.year.desc()))
    return [YearView(y.year, y.session_name, y.places, y.threshold_rule) for y in rows]


def save_division(session: Session, actor: Actor, division_id: int | None, name: str, sort_order: int) -> int:
    require_role(actor, "admin")
    name = _clean(name, 40)
    _refuse_duplicate(session, Division.name, name, Division.id, division_id)
    if division_id is None:
        division = Division(name=name, sort_order=sort_order)
        session.add(division)
        session.flush()
        audit.record(session, actor, "create", "division", division.id, after={"name": name})
        return division.id
    division = found(session.get(Division, division_id))
    before = {"name": division.name, "sort_order": division.sort_order}
    division.name, division.sort_order = name, sort_order
    audit.record(
        session,
        actor,
        "update",
        "division",
        division_id,
        before,
        {"name": name, "sort_order": sort_order},
    )
    return division_id


def save_department(
    session: Session,
    actor: Actor,
    department_id: int | None,
    name: str,
    code: str,
    active: bool = True,
) -> int:
    require_role(actor, "admin")
    name, code = _clean(name, 60), _clean(code, 20).lower()
    if not rules.DEPARTMENT_CODE_PATTERN.match(code):
        raise Refused("department.code_invalid")
    _refuse_duplicate(session, Department.name, name, Department.id, department_id)
    _refuse_duplicate(session, Department.code, code, Department.id, department_id)
    after = {"name": name, "code": code, "active": active}
    if department_id is None:
        department = Department(**after)
        session.add(department)
        session.flush()
        audit.record(session, actor, "create", "department", department.id, after=after)
        return department.id
    department = found(session.get(Department, department_id))
    before = {"name": department.name, "code": department.code, "active": department.active}
    department.name, department.code, department.active = name, code, active
    audit.record(session, actor, "update", "department", department_id, before, after)
    return department_id


def save_year(
    session: Session, actor: Actor, year: int, session_name: str, places: int, threshold_rule: str, *, new: bool
) -> int:
    """Add a year (the next plenary's cycle) or change one; the vote's defaults come from here."""
    require_role(actor, "admin")
    if new and session.get(Year, year) is not None:
        raise Refused("input.duplicate", value=str(year))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refused("reference.year_invalid", first=FIRST_YEAR, last=LAST_YEAR)
    session_name = _clean(session_name, 60)
    if not 1 <= places <= 50:
        raise Refused("vote.places_invalid")
    if threshold_rule not in ThresholdRule:
        raise Refused("vote.rule_unknown")
    after = {"session_name": session_name, "places": places, "threshold_rule": threshold_rule}
    row = session.get(Year, year)
    if row is None:
        session.add(Year(year=year, **after))
        session.flush()
        audit.record(session, actor, "create", "year", year, after=after)
        return year
    before = {"session_name": row.session_name, "places": row.places, "threshold_rule": row.threshold_rule}
    if before != after:
        row.session_name, row.places, row.threshold_rule = session_name, places, threshold_rule
        audit.record(session, actor, "update", "year", year, before, after)
    return year


def _clean(value: str, max_length: int) -> str:
    problem = core_rules.text_problem(value, max_length=max_length)
    if problem:
        raise Refused(problem)
    return value.strip()


def _refuse_duplicate(session: Session, column: Any, value: str, id_column: Any, own_id: int | None) -> None:
    query = select(func.count()).where(column == value)
    if own_id is not None:
        query = query.where(id_column != own_id)
    if session.scalar(query):
        raise Refused("input.duplicate", value=value)
