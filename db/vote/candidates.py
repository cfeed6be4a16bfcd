"""A year's candidate projects for the deputies' vote (候选项目): editing and Excel import.

The list is the office's to change until a round of that year's vote opens; from then on it
is what the deputies voted on, and stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, object_session, selectinload

from db.core import audit, bounds, rules, tabular
from db.core.actors import Actor, require_office
from db.core.bounds import Quantity
from db.core.errors import ImportRefused, Refused, RowProblem, found
from db.projects.editing import FIELDS, IndicatorInput, check_indicators
from db.system.models import Department, Year
from db.vote.models import Candidate, CandidateIndicator, VotingRound

CANDIDATE_SHEET, INDICATOR_SHEET = "候选项目", "指标"
# field -> accepted headers, Chinese first (the template's), then English.
COLUMNS = {
    "title": ("项目名称", "title"),
    "field": ("领域", "field"),
    "description": ("简介", "description"),
    "lead_department": ("牵头单位", "lead_department"),
    "budget": ("预计投资（万元）", "budget"),
}
INDICATOR_COLUMNS = {
    "title": ("项目名称", "title"),
    "name": ("指标", "indicator"),
    "unit": ("单位", "unit"),
    "target": ("目标值", "target"),
}

NUMBER_PROBLEMS = {"project.amount_invalid", bounds.NOT_FINITE, bounds.OUT_OF_RANGE, bounds.NOT_WHOLE}


@dataclass(frozen=True)
class TargetView:
    name: str
    unit: str
    target: float


@dataclass(frozen=True)
class CandidateView:
    id: int
    year: int
    title: str
    field: str
    description: str
    lead_department_id: int
    lead_department: str
    estimated_budget: float
    targets: tuple[TargetView, ...]


@dataclass(frozen=True)
class CandidateInput:
    title: str
    field: str
    description: str
    lead_department_id: int | None
    estimated_budget: object  # 万元, as typed
    targets: tuple[IndicatorInput, ...]


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


def candidates(session: Session, year: int) -> list[CandidateView]:
    return [view(c) for c in session.scalars(listing().where(Candidate.year == year))]


def listing() -> Select[Candidate]:
    """Candidates in ballot order, with their department and targets in two queries, not 2 per row."""
    return (
        select(Candidate)
        .options(joinedload(Candidate.lead_department), selectinload(Candidate.indicators))
        .order_by(Candidate.sort_order, Candidate.id)
    )


def view(candidate: Candidate) -> CandidateView:
    return CandidateView(
        candidate.id,
        candidate.year,
        candidate.title,
        candidate.field,
        candidate.description,
        candidate.lead_department_id,
        candidate.lead_department.name,
        float(candidate.estimated_budget),
        tuple(TargetView(i.name, i.unit, float(i.target)) for i in candidate.indicators),
    )


def lock_year(session: Session, year: int) -> Year:
    """The year's row, locked until the transaction ends: a year's vote changes one at a time."""
    return found(session.scalar(select(Year).where(Year.year == year).with_for_update()))


def is_frozen(session: Session, year: int) -> bool:
    """Once a round of the year's vote has opened, its candidates are what was voted on."""
    started = select(VotingRound.id).where(VotingRound.year == year, VotingRound.state != "draft")
    return session.scalar(started.limit(1)) is not None


def save_candidate(session: Session, actor: Actor, year: int, candidate_id: int | None, data: CandidateInput) -> int:
    require_office(actor)
    _require_editable(session, year)
    budget = _check(session, year, candidate_id, data)
    candidate = Candidate(year=year) if candidate_id is None else _candidate_of(session, year, candidate_id)
    before = _snapshot(candidate) if candidate_id else None
    if candidate_id is None:
        last = session.scalar(select(func.max(Candidate.sort_order)).where(Candidate.year == year))
        candidate.sort_order = 0 if last is None else last + 1  # after every other, also after a deletion
    candidate.title, candidate.field = data.title.strip(), data.field
    candidate.description, candidate.lead_department_id = data.description.strip(), data.lead_department_id  # type: ignore[assignment]
    candidate.estimated_budget = Decimal(str(round(budget, 2)))
    _set_targets(candidate, list(data.targets))
    session.add(candidate)
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "candidate", candidate.id, before, _snapshot(candidate)
    )
    return candidate.id


def delete_candidate(session: Session, actor: Actor, year: int, candidate_id: int) -> None:
    require_office(actor)
    _require_editable(session, year)
    candidate = _candidate_of(session, year, candidate_id)
    before = _snapshot(candidate)
    session.delete(candidate)
    session.flush()
    audit.record(session, actor, "delete", "candidate", candidate_id, before=before)


def template(session: Session, year: int) -> bytes:
    """The year's list in the import's own layout: download, edit, upload again."""
    listed = candidates(session, year)
    rows = [
        dict(
            zip(
                [names[0] for names in COLUMNS.values()],
                [c.title, c.field, c.description, c.lead_department, c.estimated_budget],
                strict=True,
            )
        )
        for c in listed
    ]
    targets = [
        dict(zip([names[0] for names in INDICATOR_COLUMNS.values()], [c.title, t.name, t.unit, t.target], strict=True))
        for c in listed
        for t in c.targets
    ]
    if not rows:  # headers only, so that the empty template still shows its columns
        rows = [dict.fromkeys(names[0] for names in COLUMNS.values())]
    if not targets:
        targets = [dict.fromkeys(names[0] for names in INDICATOR_COLUMNS.values())]
    return tabular.workbook_bytes({CANDIDATE_SHEET: rows, INDICATOR_SHEET: targets})


def read(filename: str, content: bytes) -> tabular.Upload:
    """The uploaded .xlsx or .csv file parsed within bounds — before the write transaction opens."""
    return tabular.read_upload(filename, content)


def import_candidates(session: Session, actor: Actor, year: int, upload: tabular.Upload) -> ImportSummary:
    """Create or update the year's candidates by title. Any bad row refuses the whole file.

    An .xlsx file may carry a 指标 sheet: the targets of each candidate it names replace the
    old ones. A .csv file holds the candidates only. The file was parsed (tabular.read_upload)
    before this transaction opened.
    """
    require_office(actor)
    _require_editable(session, year)
    if upload.kind == "xlsx":
        if CANDIDATE_SHEET not in upload.sheets:
            raise ImportRefused([RowProblem(1, CANDIDATE_SHEET, "import.sheet_missing")])
        table, target_table = upload.sheets[CANDIDATE_SHEET], upload.sheets.get(INDICATOR_SHEET)
    else:
        table, target_table = upload.first(), None
    rows, problems = tabular.pick_columns(table, COLUMNS, set(COLUMNS) - {"description"})
    if not rows:
        problems.append(RowProblem(1, CANDIDATE_SHEET, "import.empty"))
    target_rows: list[dict[str, str]] = []
    if target_table is not None:
        target_rows, more = tabular.pick_columns(target_table, INDICATOR_COLUMNS, set(INDICATOR_COLUMNS))
        problems.extend(more)
    if problems:
        raise ImportRefused(problems)
    records = _validate(session, rows, target_rows if target_table is not None else None)
    existing = {c.title: c for c in session.scalars(select(Candidate).where(Candidate.year == year))}
    created = updated = 0
    for order, (data, targets) in enumerate(records, start=len(existing)):
        candidate = existing.get(data["title"])
        before = _snapshot(candidate) if candidate else None
        if candidate is None:
            candidate = Candidate(year=year, sort_order=order)
            session.add(candidate)
        for key, value in data.items():
            setattr(candidate, key, value)
        if targets is not None:
            _set_targets(candidate, targets)
        session.flush()
        after = _snapshot(candidate)
        if before != after:
            audit.record(session, actor, "update" if before else "create", "candidate", candidate.id, before, after)
            created, updated = created + (before is None), updated + (before is not None)
    return ImportSummary(created, updated)


def _validate(
    session: Session, rows: list[dict[str, str]], target_rows: list[dict[str, str]] | None
) -> list[tuple[dict[str, Any], list[IndicatorInput] | None]]:
    departments = {}
    for department in session.scalars(select(Department).where(Department.active.is_(True))):
        departments[department.name] = departments[department.code] = department.id
    problems: list[RowProblem] = []
    records: list[tuple[dict[str, Any], list[IndicatorInput] | None]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=tabular.FIRST_DATA_LINE):
        found_here = [
            RowProblem(line, COLUMNS[field][0], problem)
            for field, limit, required in (("title", 100, True), ("description", 2000, False))
            if (problem := rules.text_problem(row[field], max_length=limit, required=required))
        ]
        if row["title"] in seen:
            found_here.append(
                RowProblem(line, COLUMNS["title"][0], "candidate.duplicate_title", {"line": seen[row["title"]]})
            )
        seen.setdefault(row["title"], line)
        if row["field"] not in FIELDS:
            found_here.append(RowProblem(line, COLUMNS["field"][0], "candidate.field_unknown", {"value": row["field"]}))
        if row["lead_department"] not in departments:
            found_here.append(
                RowProblem(
                    line, COLUMNS["lead_department"][0], "import.unknown_department", {"value": row["lead_department"]}
                )
            )
        bad = _budget_problem(row["budget"])
        if bad is not None:
            found_here.append(RowProblem(line, COLUMNS["budget"][0], bad.reason, bad.params))
        problems.extend(found_here)
        if not found_here:
            data = {
                "title": row["title"],
                "field": row["field"],
                "description": row["description"],
                "lead_department_id": departments[row["lead_department"]],
                "estimated_budget": bounds.value(Quantity.MONEY, row["budget"]),
            }
            records.append((data, None if target_rows is None else []))
    by_title = {data["title"]: targets for data, targets in records}
    for line, row in enumerate(target_rows or [], start=tabular.FIRST_DATA_LINE):
        if not any(row.values()):
            continue  # the empty template's blank line
        sheet_column = f"{INDICATOR_SHEET} · {INDICATOR_COLUMNS['title'][0]}"
        if row["title"] not in seen:
            problems.append(
                RowProblem(line, sheet_column, "candidate.target_without_candidate", {"value": row["title"]})
            )
            continue
        target = IndicatorInput(None, row["name"], row["unit"], row["target"])
        try:
            check_indicators([target])
        except Refused as refused:  # name under its column, and a bad unit or target under theirs
            field = "target" if refused.reason in NUMBER_PROBLEMS else "unit"
            field = "name" if rules.text_problem(row["name"], max_length=60) else field
            problems.append(
                RowProblem(line, f"{INDICATOR_SHEET} · {INDICATOR_COLUMNS[field][0]}", refused.reason, refused.params)
            )
            continue
        targets = by_title.get(row["title"])
        if targets is not None:
            if any(t.name.strip() == target.name.strip() for t in targets):
                problems.append(
                    RowProblem(
                        line,
                        f"{INDICATOR_SHEET} · {INDICATOR_COLUMNS['name'][0]}",
                        "input.duplicate",
                        {"value": target.name},
                    )
                )
            targets.append(target)
    if problems:
        raise ImportRefused(problems)
    return records


def _check(session: Session, year: int, candidate_id: int | None, data: CandidateInput) -> float:
    problem = rules.text_problem(data.title, max_length=100) or rules.text_problem(
        data.description, max_length=2000, required=False
    )
    if problem:
        raise Refused(problem)
    if data.field not in FIELDS:
        raise Refused("candidate.field_unknown", value=data.field)
    same_title = select(Candidate.id).where(
        Candidate.year == year, Candidate.title == data.title.strip(), Candidate.id != (candidate_id or 0)
    )
    if session.scalar(same_title) is not None:
        raise Refused("input.duplicate", value=data.title.strip())
    department = session.get(Department, data.lead_department_id) if data.lead_department_id else None
    if department is None or not department.active:
        raise Refused("project.lead_department_required")
    bad = _budget_problem(data.estimated_budget)
    if bad is not None:
        raise Refused(bad.reason, **bad.params)
    budget = float(bounds.value(Quantity.MONEY, data.estimated_budget))
    if data.targets:
        check_indicators(list(data.targets))
    return budget


def _budget_problem(raw: object) -> bounds.NumberProblem | None:
    return bounds.problem(
        Quantity.MONEY, raw, not_a_number="candidate.budget_invalid", below="candidate.budget_invalid"
    )


def _set_targets(candidate: Candidate, targets: list[IndicatorInput]) -> None:
    session = object_session(candidate)
    if session is not None and candidate.indicators:
        candidate.indicators.clear()
        session.flush()  # the old rows go first: a kept name must not meet itself in the unique index
    candidate.indicators = [
        CandidateIndicator(
            name=t.name.strip(), unit=t.unit.strip(), target=bounds.value(Quantity.INDICATOR, t.target), sort_order=n
        )
        for n, t in enumerate(targets)
    ]


def _require_editable(session: Session, year: int) -> None:
    # The year's row is locked, as opening a round locks it: on PostgreSQL a candidate saved
    # while the round opens waits, then sees the list frozen, instead of missing the ballot.
    lock_year(session, year)
    if is_frozen(session, year):
        raise Refused("candidate.frozen")


def _candidate_of(session: Session, year: int, candidate_id: int) -> Candidate:
    candidate = found(session.get(Candidate, candidate_id))
    if candidate.year != year:
        raise Refused("error.not_found")
    return candidate


def _snapshot(candidate: Candidate) -> dict[str, Any]:
    return {
        "title": candidate.title,
        "field": candidate.field,
        "description": candidate.description,
        "lead_department_id": candidate.lead_department_id,
        "estimated_budget": float(candidate.estimated_budget),
        "targets": [[i.name, i.unit, float(i.target)] for i in candidate.indicators],
    }
