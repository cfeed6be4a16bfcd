"""Editing a project's details and its indicators (congress office staff and admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import audit, bounds, rules
from db.core.actors import Actor, require_office
from db.core.bounds import Quantity
from db.core.errors import Refused, found
from db.projects.models import Indicator, Project, ReportValue
from db.system.models import Department, Division, Year

# The twenty solicitation fields used by Jiangmen (DESIGN.md §1).
FIELDS = tuple(
    "社会保障 公共教育 医疗卫生 创业就业 交通出行 食药品安全 质量监管 公共安全 住房保障 乡村振兴 "
    "城市管理 适老养老 育幼服务 政务服务 文化提升 全民健身 环境整治 灾害防治 惠侨便侨 职业培训".split()
)


@dataclass(frozen=True)
class ProjectInput:
    number: int
    title: str
    field: str
    description: str
    lead_department_id: int | None
    cooperator_ids: tuple[int, ...]
    responsible_leader: str
    budget: object  # 万元, as typed
    start_date: date
    end_date: date
    division_ids: tuple[int, ...]
    carried_from_id: int | None = None  # an earlier year's project this one continues (续建)


@dataclass(frozen=True)
class IndicatorInput:
    id: int | None  # None for a new indicator
    name: str
    unit: str
    target: object
    weight: object = 1


def save_project(session: Session, actor: Actor, year: int, project_id: int | None, data: ProjectInput) -> int:
    require_office(actor)
    found(session.get(Year, year))
    budget = _check(session, year, project_id, data)
    project = Project(year=year) if project_id is None else found(session.get(Project, project_id))
    before = _snapshot(project) if project_id else None
    project.number, project.title, project.field = data.number, data.title.strip(), data.field
    project.description, project.responsible_leader = (
        data.description.strip(),
        data.responsible_leader.strip(),
    )
    project.lead_department_id, project.budget = data.lead_department_id, Decimal(str(round(budget, 2)))  # type: ignore[assignment]
    project.start_date, project.end_date = data.start_date, data.end_date
    project.carried_from_id = data.carried_from_id
    project.cooperators = list(session.scalars(select(Department).where(Department.id.in_(data.cooperator_ids))))
    project.divisions = list(session.scalars(select(Division).where(Division.id.in_(data.division_ids))))
    session.add(project)
    session.flush()
    audit.record(session, actor, "update" if before else "create", "project", project.id, before, _snapshot(project))
    return project.id


def save_indicators(session: Session, actor: Actor, project_id: int, lines: list[IndicatorInput]) -> None:
    """Replace a project's indicators; one that already has reported values cannot be removed."""
    require_office(actor)
    project = found(session.get(Project, project_id))
    check_indicators(lines)
    before = {i.name: [i.unit, float(i.target), float(i.weight)] for i in project.indicators}
    kept = {line.id for line in lines if line.id is not None}
    for indicator in [i for i in project.indicators if i.id not in kept]:
        if session.scalar(select(func.count()).where(ReportValue.indicator_id == indicator.id)):
            raise Refused("project.indicator_has_reports", name=indicator.name)
        project.indicators.remove(indicator)
    existing = {i.id: i for i in project.indicators}
    for order, line in enumerate(lines):
        present = existing.get(line.id) if line.id is not None else None
        indicator = present or Indicator()
        if present is None:
            project.indicators.append(indicator)
        indicator.name, indicator.unit, indicator.sort_order = line.name.strip(), line.unit.strip(), order
        indicator.target = bounds.value(Quantity.INDICATOR, line.target)
        indicator.weight = bounds.value(Quantity.WEIGHT, line.weight)
    session.flush()
    after = {i.name: [i.unit, float(i.target), float(i.weight)] for i in project.indicators}
    audit.record(
        session,
        actor,
        "update_indicators",
        "project",
        project_id,
        {"indicators": before},
        {"indicators": after},
    )


def check_indicators(lines: list[IndicatorInput]) -> None:
    """At least one; names unique; name and unit short texts; target and weight numbers ≥ 0."""
    names = [line.name.strip() for line in lines]
    if not lines:
        raise Refused("project.indicators_required")
    for line, name in zip(lines, names, strict=True):
        problem = rules.text_problem(name, max_length=60) or rules.text_problem(line.unit, max_length=20)
        if problem:
            raise Refused(problem)
        if names.count(name) > 1:
            raise Refused("input.duplicate", value=name)
        for quantity, amount in ((Quantity.INDICATOR, line.target), (Quantity.WEIGHT, line.weight)):
            invalid = "project.amount_invalid"
            bad = bounds.problem(quantity, amount, not_a_number=invalid, below=invalid, what=name, name=name)
            if bad is not None:
                raise Refused(bad.reason, **bad.params)


def _check(session: Session, year: int, project_id: int | None, data: ProjectInput) -> float:
    problem = (
        rules.text_problem(data.title, max_length=100)
        or rules.text_problem(data.description, max_length=2000, required=False)
        or rules.text_problem(data.responsible_leader, max_length=40, required=False)
    )
    if problem:
        raise Refused(problem)
    if data.field not in FIELDS:
        raise Refused("project.field_unknown")
    places = session.scalar(select(Year.places).where(Year.year == year)) or 10
    if not 1 <= data.number <= places:
        raise Refused("project.number_invalid", places=places)
    taken = select(Project.id).where(
        Project.year == year, Project.number == data.number, Project.id != (project_id or 0)
    )
    if session.scalar(taken) is not None:
        raise Refused("project.number_taken", number=data.number)
    department = session.get(Department, data.lead_department_id) if data.lead_department_id else None
    if department is None or not department.active:
        raise Refused("project.lead_department_required")
    bad = bounds.problem(
        Quantity.MONEY, data.budget, not_a_number="project.budget_invalid", below="project.budget_invalid"
    )
    if bad is not None:
        raise Refused(bad.reason, **bad.params)
    budget = float(bounds.value(Quantity.MONEY, data.budget))
    if data.end_date < data.start_date:
        raise Refused("project.dates_reversed")
    if data.carried_from_id is not None:
        earlier = session.get(Project, data.carried_from_id)
        if earlier is None or earlier.year >= year:
            raise Refused("project.carry_over_invalid")
    return budget


def _snapshot(project: Project) -> dict[str, Any]:
    return {
        "number": project.number,
        "title": project.title,
        "field": project.field,
        "lead_department_id": project.lead_department_id,
        "responsible_leader": project.responsible_leader,
        "budget": float(project.budget),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "cooperators": sorted(d.id for d in project.cooperators),
        "divisions": sorted(d.id for d in project.divisions),
        "carried_from_id": project.carried_from_id,
    }
