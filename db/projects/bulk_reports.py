"""A month's reports for many projects at once, through an Excel workbook.

The template has two sheets: 项目 (one row per project: funds and texts) and 指标 (one row per
indicator: its cumulative value). An uploaded workbook is checked row by row with the same
rules as the form, and applied in one transaction or refused with every bad row listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db.core import tabular
from db.core.actors import Actor
from db.core.errors import Forbidden, ImportRefused, RowProblem
from db.projects import reporting
from db.projects.reporting import ReportDraft, ReportInput

PROJECT_SHEET, INDICATOR_SHEET = "项目", "指标"
MONTH, NUMBER, TITLE = "月份", "项目编号", "项目名称"
BUDGET, PREVIOUS_FUNDS, FUNDS = "预算（万元）", "上月累计支出（万元）", "累计支出（万元）"
TEXTS = {"narrative": "工作进展", "problems": "存在问题", "next_steps": "下步计划", "explanation": "情况说明"}
INDICATOR, UNIT, TARGET, PREVIOUS, VALUE = "指标", "单位", "目标值", "上月累计", "本月累计"
FIELD_COLUMNS = {"funds_spent": FUNDS, **TEXTS}


@dataclass(frozen=True)
class BulkSummary:
    reports: int
    month: str


def template(session: Session, actor: Actor, month: date) -> bytes:
    """The workbook for a month, pre-filled with the projects this person reports on."""
    drafts = [
        reporting.draft(session, actor, i, month)
        for i, _, _ in reporting.reportable_projects(session, actor, month.year)
    ]
    label = month.strftime("%Y-%m")
    projects = [
        {
            MONTH: label,
            NUMBER: d.number,
            TITLE: d.title,
            BUDGET: d.budget,
            PREVIOUS_FUNDS: d.previous_funds,
            FUNDS: d.saved_funds,
            **{column: (d.saved or {}).get(name, "") for name, column in TEXTS.items()},
        }
        for d in drafts
    ]
    indicators = [
        {
            NUMBER: d.number,
            TITLE: d.title,
            INDICATOR: line.name,
            UNIT: line.unit,
            TARGET: line.target,
            PREVIOUS: line.previous,
            VALUE: line.current,
        }
        for d in drafts
        for line in d.indicators
    ]
    return tabular.workbook_bytes({PROJECT_SHEET: projects, INDICATOR_SHEET: indicators})


def read(filename: str, content: bytes) -> tabular.Upload:
    """The uploaded workbook parsed within bounds — before the write transaction opens."""
    return tabular.read_upload(filename, content, xlsx_only=True)


def apply(session: Session, actor: Actor, month: date, upload: tabular.Upload, today: date) -> BulkSummary:
    """Check every row of an uploaded workbook (parsed by read()); write all of its reports, or none."""
    if actor.role not in ("staff", "admin"):
        raise Forbidden()
    if upload.kind != "xlsx":
        raise ImportRefused([RowProblem(1, "", "import.xlsx_only")])
    sheets = upload.sheets
    missing = [
        RowProblem(1, name, "import.sheet_missing") for name in (PROJECT_SHEET, INDICATOR_SHEET) if name not in sheets
    ]
    if missing:
        raise ImportRefused(missing)
    numbers = {n: i for i, n, _ in reporting.reportable_projects(session, actor, month.year)}
    problems: list[RowProblem] = []
    entries: dict[int, tuple[int, dict[str, str]]] = {}  # project number -> (line, row)
    for line, row in enumerate(sheets[PROJECT_SHEET][1], start=tabular.FIRST_DATA_LINE):
        number = _number(row.get(NUMBER, ""))
        if row.get(MONTH, "")[:7] != month.strftime("%Y-%m"):
            problems.append(
                RowProblem(line, f"{PROJECT_SHEET}·{MONTH}", "bulk.wrong_month", {"month": month.strftime("%Y-%m")})
            )
        elif number not in numbers:
            problems.append(
                RowProblem(line, f"{PROJECT_SHEET}·{NUMBER}", "bulk.unknown_project", {"value": row.get(NUMBER, "")})
            )
        elif number in entries:
            problems.append(
                RowProblem(
                    line,
                    f"{PROJECT_SHEET}·{NUMBER}",
                    "import.duplicate_in_file",
                    {"line": entries[number][0]},
                )
            )
        else:
            entries[number] = (line, row)
    drafts = {number: reporting.draft(session, actor, numbers[number], month) for number in entries}
    values: dict[int, dict[int, object]] = {number: {} for number in entries}
    value_lines: dict[tuple[int, int], int] = {}
    for line, row in enumerate(sheets[INDICATOR_SHEET][1], start=tabular.FIRST_DATA_LINE):
        number = _number(row.get(NUMBER, ""))
        report = drafts.get(number) if number is not None else None
        by_name = {i.name: i.id for i in report.indicators} if report else {}
        if report is None or number is None:
            problems.append(
                RowProblem(
                    line,
                    f"{INDICATOR_SHEET}·{NUMBER}",
                    "bulk.unknown_project",
                    {"value": row.get(NUMBER, "")},
                )
            )
        elif row.get(INDICATOR, "") not in by_name:
            problems.append(
                RowProblem(
                    line,
                    f"{INDICATOR_SHEET}·{INDICATOR}",
                    "bulk.unknown_indicator",
                    {"value": row.get(INDICATOR, "")},
                )
            )
        else:
            values[number][by_name[row[INDICATOR]]] = row.get(VALUE, "")
            value_lines[(number, by_name[row[INDICATOR]])] = line
    inputs = {}
    for number, (line, row) in entries.items():
        data = ReportInput(
            values[number],
            row.get(FUNDS, ""),
            **{name: row.get(column, "") for name, column in TEXTS.items()},
        )
        for problem in reporting.check(drafts[number], data, today):
            problems.append(_locate(problem, number, line, value_lines, drafts[number]))
        inputs[number] = data
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.column.split("·")[0] != PROJECT_SHEET, p.line)))
    for number, data in inputs.items():
        reporting.write(session, actor, drafts[number], data)
    return BulkSummary(len(inputs), month.strftime("%Y-%m"))


def _locate(
    problem: reporting.Problem,
    number: int,
    line: int,
    value_lines: dict[tuple[int, int], int],
    report: ReportDraft,
) -> RowProblem:
    if problem.where.startswith("indicator:"):
        indicator_id = int(problem.where.split(":")[1])
        found = value_lines.get((number, indicator_id))
        if found is None:
            name = next(i.name for i in report.indicators if i.id == indicator_id)
            return RowProblem(line, f"{INDICATOR_SHEET}·{INDICATOR}", "bulk.indicator_missing", {"name": name})
        return RowProblem(found, f"{INDICATOR_SHEET}·{VALUE}", problem.reason, problem.params)
    column = FIELD_COLUMNS.get(problem.where, MONTH)
    return RowProblem(line, f"{PROJECT_SHEET}·{column}", problem.reason, problem.params)


def _number(text: str) -> int | None:
    """A project number as Excel may write it ("3" or "3.0"); None for anything else ("inf" and "1e400" too)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if math.isfinite(value) and value.is_integer() else None
