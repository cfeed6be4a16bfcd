"""Deputies: the roster, and its all-or-nothing import from a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import audit, rules, tabular
from db.core.actors import Actor, require_role
from db.core.errors import ImportRefused, RowProblem
from db.system.models import Deputy, Division

# field -> accepted headers, Chinese first (the template's), then English.
COLUMNS = {
    "code": ("编号", "code"),
    "name": ("姓名", "name"),
    "delegation": ("代表团", "delegation"),
    "standing_committee": ("常委会组成人员", "standing_committee"),
    "active": ("在任", "active"),
}
REQUIRED = {"code", "name", "delegation"}
# A yes/no cell's accepted words, the template's (Chinese) first.
YES = ("是", "yes", "y", "true", "1")
NO = ("否", "no", "n", "false", "0")


@dataclass(frozen=True)
class DeputyView:
    id: int
    code: str
    name: str
    delegation: str
    standing_committee: bool
    active: bool


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def roster(session: Session) -> list[DeputyView]:
    rows = session.execute(select(Deputy, Division.name).join(Division).order_by(Deputy.code)).all()
    return [DeputyView(d.id, d.code, d.name, division, d.standing_committee, d.active) for d, division in rows]


def roster_rows(people: list[DeputyView]) -> list[dict[str, object]]:
    """The roster under the import's own headers: download, edit, upload again."""
    headers = [names[0] for names in COLUMNS.values()]
    return [
        dict(
            zip(
                headers,
                [d.code, d.name, d.delegation, _word(d.standing_committee), _word(d.active)],
                strict=True,
            )
        )
        for d in people
    ]


def read(filename: str, content: bytes) -> tabular.Upload:
    """The uploaded .xlsx or .csv file parsed within bounds — before the write transaction opens."""
    return tabular.read_upload(filename, content)


def import_roster(session: Session, actor: Actor, upload: tabular.Upload) -> ImportSummary:
    """Create or update deputies by code. Any bad row refuses the whole file.

    The file was parsed (tabular.read_upload) before this transaction opened; its first sheet counts.
    """
    require_role(actor, "admin")
    rows, problems = tabular.pick_columns(upload.first(), COLUMNS, REQUIRED)
    if not rows:
        problems.append(RowProblem(1, "", "import.empty"))
    if problems:
        raise ImportRefused(problems)
    divisions = {d.name: d.id for d in session.scalars(select(Division))}
    records = _validate(rows, divisions)
    existing = {d.code: d for d in session.scalars(select(Deputy))}
    created = updated = 0
    for record in records:
        deputy = existing.get(record["code"])
        if deputy is None:
            deputy = Deputy(**record)
            session.add(deputy)
            session.flush()
            audit.record(session, actor, "create", "deputy", deputy.id, after=record)
            created += 1
            continue
        before = {k: getattr(deputy, k) for k in record}
        if before != record:
            for key, value in record.items():
                setattr(deputy, key, value)
            audit.record(session, actor, "update", "deputy", deputy.id, before, record)
            updated += 1
    return ImportSummary(created, updated, len(records) - created - updated)


def _validate(rows: list[dict[str, str]], divisions: dict[str, int]) -> list[dict[str, Any]]:
    problems: list[RowProblem] = []
    records = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=tabular.FIRST_DATA_LINE):
        found: list[RowProblem] = []
        for field, limit in (("code", 20), ("name", 40)):
            problem = rules.text_problem(row[field], max_length=limit)
            if problem:
                found.append(RowProblem(line, COLUMNS[field][0], problem))
        code = row["code"].lower()
        if code and code in seen:
            found.append(RowProblem(line, COLUMNS["code"][0], "import.duplicate_in_file", {"line": seen[code]}))
        seen.setdefault(code, line)
        if row["delegation"] not in divisions:
            found.append(
                RowProblem(
                    line,
                    COLUMNS["delegation"][0],
                    "import.unknown_delegation",
                    {"value": row["delegation"]},
                )
            )
        flags = {}
        for field, default in (("standing_committee", False), ("active", True)):
            value = _yes_no(row[field], default)
            if value is None:
                found.append(RowProblem(line, COLUMNS[field][0], "import.yes_no", {"value": row[field]}))
            flags[field] = value
        problems.extend(found)
        if not found:
            records.append(
                {
                    "code": code,
                    "name": row["name"],
                    "division_id": divisions[row["delegation"]],
                    **flags,
                }
            )
    if problems:
        raise ImportRefused(problems)
    return records


def _yes_no(text: str, default: bool) -> bool | None:
    value = text.strip().lower()
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def _word(flag: bool) -> str:
    return YES[0] if flag else NO[0]
