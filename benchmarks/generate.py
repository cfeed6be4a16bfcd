"""Fill a database with a large history for the benchmarks (invented data, like the demo).

Migrates, seeds the normal demo (accounts, 377 deputies, reference data), then replaces every
project with a uniform history: 10 years (today's year and the nine before), 10 projects a year,
5 indicators each, 12 monthly reports a year (this year: the months before today's), and one
audit row per report as the app writes it (progress_report / create / after = snapshot).

    .venv/bin/python benchmarks/generate.py                       # benchmarks/out/bench.sqlite3
    .venv/bin/python benchmarks/generate.py --db /tmp/big.sqlite3
    .venv/bin/python benchmarks/generate.py --url postgresql+psycopg://user@host/db

A SQLite file is deleted and rebuilt (audit rows are append-only, so a rerun could not remove
the previous run's). On another database the projects are replaced in place.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url

from db import schema
from db.core import (
    clock,
    migrate,
)
from db.core.models import DataVersion
from db.core.session import get_engine
from db.demo import session_name
from db.projects import rules
from db.projects.models import Indicator, ProgressReport, Project
from db.system.models import Account, Department, Division, Year

DEFAULT_DB = ROOT / "benchmarks" / "out" / "bench.sqlite3"
YEARS = 10
PROJECTS_A_YEAR = 10
INDICATORS = 5
TEXT_FIELDS = ("narrative", "problems", "next_steps", "explanation")


@dataclass(frozen=True)
class Template:
    title: str
    field: str
    lead: str  # a lead department's code (it has a dept_<code> staff account in the demo)
    cooperators: tuple[str, ...]
    measures: tuple[tuple[str, str, int], ...]  # (name, unit, typical target)


TEMPLATES = (
    Template(
        "提升医疗保障水平",
        "社会保障",
        "ybj",
        ("wjj", "czj"),
        (
            ("医保服务延伸至村卫生站", "个", 160),
            ("资助困难群众参加基本医保", "人", 40000),
            ("门诊共济保障惠及群众", "万人次", 60),
            ("开展医保政策进村入户宣讲", "场", 300),
            ("建设医保服务示范点", "个", 30),
        ),
    ),
    Template(
        "扩大优质公共教育资源供给",
        "公共教育",
        "jyj",
        ("fgj", "zjj"),
        (
            ("新增公办中小学学位", "个", 11000),
            ("新建改扩建公办幼儿园", "所", 18),
            ("配备专职心理健康教师", "名", 160),
            ("开展学生心理健康测评", "人次", 200000),
            ("建成标准化心理辅导室", "间", 110),
        ),
    ),
    Template(
        "提升就业服务能力",
        "创业就业",
        "rsj",
        ("jyj", "gxj"),
        (
            ("城镇新增就业", "人", 45000),
            ("开展补贴性职业技能培训", "人次", 38000),
            ("建设家门口就业服务站", "个", 110),
            ("帮扶就业困难人员实现就业", "人", 4000),
            ("举办专场招聘会", "场", 120),
        ),
    ),
    Template(
        "加大老年人关怀服务力度",
        "适老养老",
        "mzj",
        ("wjj", "zjj"),
        (
            ("建设长者饭堂", "个", 90),
            ("实施困难老年人家庭适老化改造", "户", 1500),
            ("新增养老服务床位", "张", 800),
            ("开展特殊困难老人探访关爱", "人次", 60000),
            ("建设社区养老服务站", "个", 45),
        ),
    ),
    Template(
        "开展食品药品质量安全放心行动",
        "食品安全",
        "scj",
        ("nyj", "gaj"),
        (
            ("食品抽检", "批次", 12000),
            ("建设阳光厨房", "家", 900),
            ("规范化建设农贸市场", "个", 25),
            ("药品抽检", "批次", 1500),
            ("开展食品安全宣传活动", "场", 200),
        ),
    ),
    Template(
        '深入推进"四好农村路"建设',
        "交通出行",
        "jtj",
        ("nyj", "czj"),
        (
            ("新改建农村公路", "公里", 300),
            ("实施农村公路安全生命防护工程", "公里", 200),
            ("改造农村公路危旧桥梁", "座", 40),
            ("新增公交候车亭", "个", 150),
            ("开通城乡公交线路", "条", 12),
        ),
    ),
    Template(
        "提升基层医疗卫生服务能力",
        "医疗卫生",
        "wjj",
        ("ybj", "czj"),
        (
            ("标准化建设村卫生站", "个", 120),
            ("开展家庭医生签约服务", "万人", 90),
            ("为适龄女生免费接种HPV疫苗", "人", 20000),
            ("开展免费婚检孕检", "对", 15000),
            ("培训基层医务人员", "人次", 3000),
        ),
    ),
    Template(
        "推进城镇老旧小区改造",
        "住房保障",
        "zjj",
        ("cgj", "zrj"),
        (
            ("改造老旧小区", "个", 130),
            ("加装电梯", "台", 200),
            ("筹集保障性租赁住房", "套", 3000),
            ("改造城中村", "万平方米", 60),
            ("改造燃气老旧管网", "公里", 150),
        ),
    ),
    Template(
        "提升城市精细化管理水平",
        "城市管理",
        "cgj",
        ("zjj", "sthj"),
        (
            ("新建改造公共厕所", "座", 100),
            ("建设口袋公园", "个", 40),
            ("新增公共停车泊位", "个", 8000),
            ("整治背街小巷", "条", 120),
            ("建设垃圾分类收集点", "个", 600),
        ),
    ),
    Template(
        "持续改善生态环境质量",
        "生态环境",
        "sthj",
        ("slj", "nyj"),
        (
            ("整治农村黑臭水体", "条", 60),
            ("新建污水管网", "公里", 250),
            ("建设碧道", "公里", 80),
            ("完成农村生活污水治理行政村", "个", 200),
            ("开展入河排污口整治", "个", 300),
        ),
    ),
    Template(
        "丰富群众文体生活",
        "文化体育",
        "wgl",
        ("jyj", "zjj"),
        (
            ("送戏下乡", "场", 600),
            ("建设社区体育公园", "个", 20),
            ("开展全民健身赛事活动", "场", 400),
            ("建设智慧书房", "间", 30),
            ("开展公益电影放映", "场", 5000),
        ),
    ),
    Template(
        "提升防灾减灾救灾能力",
        "公共安全",
        "yjj",
        ("slj", "zrj"),
        (
            ("建设应急避难场所", "个", 80),
            ("开展应急演练", "场", 1500),
            ("培训基层应急救援队员", "人次", 6000),
            ("配备村级应急物资储备点", "个", 500),
            ("安装独居老人烟感报警器", "户", 10000),
        ),
    ),
)
PROBLEMS = (
    "部分项目用地报批手续较多，前期工作进展偏慢。",
    "受连续降雨天气影响，室外施工作业时间减少。",
    "个别镇街配套资金未及时到位，影响工程进度。",
    "施工招标流标后重新招标，工期有所延误。",
)
NEXT_STEPS = (
    "加强统筹调度，每周通报进度，确保按期完成年度目标。",
    "督促施工单位增加作业面，倒排工期、挂图作战。",
    "加大资金拨付力度，同步做好工程质量和安全监管。",
    "会同相关部门开展现场督导，协调解决存在问题。",
)


@dataclass(frozen=True)
class Counts:
    years: int
    projects: int
    indicators: int
    reports: int
    values: int
    audit: int


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help=f"SQLite file (default {DEFAULT_DB.relative_to(ROOT)})")
    where.add_argument("--url", help="a DATABASE_URL (SQLite or PostgreSQL)")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today, CST)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--years", type=int, default=YEARS, help=f"years of history (default {YEARS})")
    args = parser.parse_args(argv)
    url = args.url or f"sqlite:///{(args.db or DEFAULT_DB).resolve()}"
    counts = generate(url, args.today or clock.today(), seed=args.seed, years=args.years)
    print(f"{url}: {counts}")


def generate(url: str, today: date, *, seed: int = 2024, years: int = YEARS) -> Counts:
    """Migrate and seed `url`, then replace its projects by `years` years of uniform history."""
    started = time.perf_counter()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    engine = get_engine(url)
    try:
        return _generate(engine, today, seed, years, started)
    finally:
        engine.dispose()


def _generate(engine: Engine, today: date, seed: int, years: int, started: float) -> Counts:
    migrate.prepare(demo_mode=True, today=today, engine=engine)
    print(f"migrated and seeded the demo in {time.perf_counter() - started:.1f} s")
    with engine.begin() as connection:
        counts = _fill(connection, today, random.Random(seed), years)
        if connection.dialect.name == "postgresql":
            for table in ("project", "indicator", "progress_report", "audit_entry"):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    print(f"generated in {time.perf_counter() - started:.1f} s")
    return counts


def expect_history(connection: Connection, years: int = YEARS) -> None:
    """Stop a benchmark that would measure other data than generate.py's `years` × 10 projects.

    A benchmark on the demo's few projects (e.g. because generate.py failed) measures nothing
    it claims to; better to refuse than to print a fast figure.
    """
    per_year = {
        year: count
        for year, count in connection.execute(select(Project.year, func.count(Project.id)).group_by(Project.year))
    }
    reports = connection.scalar(select(func.count(ProgressReport.id))) or 0
    full = [year for year, count in per_year.items() if count == PROJECTS_A_YEAR]
    if len(per_year) < years or len(full) < years or reports < (years - 1) * PROJECTS_A_YEAR * 12:
        raise SystemExit(
            f"the database is not benchmarks/generate.py's {years}-year history "
            f"({len(per_year)} years of projects, {reports} reports): run benchmarks/generate.py first"
        )


def _dependents_of_projects() -> list[Table]:
    """Every table whose rows point at a project, directly or through another such table, leaves first.

    Deleting projects alone fails once a later table (survey, oversight, look-back …) references
    them without ON DELETE CASCADE; deleting the referencing rows first works for any schema.
    """
    tables = schema.metadata.sorted_tables
    found = {"project"}
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name not in found and any(fk.column.table.name in found for fk in table.foreign_keys):
                found.add(table.name)
                changed = True
    return [table for table in reversed(tables) if table.name in found and table.name != "project"]


def _fill(connection: Connection, today: date, rng: random.Random, years: int = YEARS) -> Counts:
    first_year = today.year - years + 1
    have = set(connection.scalars(select(Year.year)))
    new_years = [
        {"year": y, "session_name": session_name(y), "places": PROJECTS_A_YEAR}
        for y in range(first_year, today.year + 1)
        if y not in have
    ]
    if new_years:
        connection.execute(insert(Year), new_years)
    for table in _dependents_of_projects():
        connection.execute(delete(table))
    connection.execute(delete(Project))

    department_ids = {code: i for code, i in connection.execute(select(Department.code, Department.id))}
    division_ids = list(connection.scalars(select(Division.id).order_by(Division.sort_order)))
    reporters = {
        username.removeprefix("dept_"): account_id
        for username, account_id in connection.execute(
            select(Account.username, Account.id).where(Account.username.like("dept_%"))
        )
    }
    templates = [t for t in TEMPLATES if t.lead in reporters and t.lead in department_ids]
    if len(templates) < PROJECTS_A_YEAR:
        raise SystemExit(f"only {len(templates)} project templates have a lead department account in the demo")
    next_id = {
        name: (connection.scalar(select(func.max(column))) or 0) + 1
        for name, column in (
            ("project", Project.id),
            ("indicator", Indicator.id),
            ("report", ProgressReport.id),
        )
    }
    projects: list[dict[str, Any]] = []
    cooperators: list[dict[str, Any]] = []
    divisions: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    values: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    for year in range(first_year, today.year + 1):
        last_month = 12 if year < today.year else today.month - 1
        for number, template in enumerate(rng.sample(templates, PROJECTS_A_YEAR), start=1):
            project_id = next_id["project"]
            next_id["project"] += 1
            budget = round(rng.uniform(3000, 60000), -1)
            start = date(year, 1, 1) if rng.random() < 0.8 else date(year, rng.choice((2, 3)), 1)
            end = date(year, 12, 31)
            projects.append(
                {
                    "id": project_id,
                    "year": year,
                    "number": number,
                    "title": f"{template.title}（{year}）",
                    "field": template.field,
                    "description": f"{year}年{template.title}：" + "；".join(m[0] for m in template.measures) + "。",
                    "lead_department_id": department_ids[template.lead],
                    "responsible_leader": rng.choice(("李副市长", "陈副市长", "黄副市长", "梁副市长")),
                    "budget": Decimal(f"{budget:.2f}"),
                    "start_date": start,
                    "end_date": end,
                }
            )
            cooperators += [
                {"project_id": project_id, "department_id": department_ids[c]}
                for c in template.cooperators
                if c in department_ids
            ]
            divisions += [
                {"project_id": project_id, "division_id": d}
                for d in sorted(rng.sample(division_ids, rng.randint(3, len(division_ids))))
            ]
            lines = []
            for order, (name, unit, typical) in enumerate(template.measures[:INDICATORS]):
                target = max(1.0, round(typical * rng.uniform(0.8, 1.2)))
                lines.append((next_id["indicator"], name, unit, target))
                indicators.append(
                    {
                        "id": next_id["indicator"],
                        "project_id": project_id,
                        "name": name,
                        "unit": unit,
                        "target": Decimal(f"{target:.2f}"),
                        "weight": Decimal(2 if order == 0 else 1),
                        "sort_order": order,
                    }
                )
                next_id["indicator"] += 1
            # Past years end with every target met; this year some projects trail or lead the plan.
            pace = 1.0 if year < today.year else rng.choice((0.7, 0.95, 1.0, 1.0, 1.05, 1.2))
            funds = 0.0
            reached = {indicator_id: 0.0 for indicator_id, _, _, _ in lines}  # cumulative: never falls
            for month_number in range(1, last_month + 1):
                month = date(year, month_number, 1)
                planned = rules.planned_share(start, end, rules.month_end(month))
                share = min(1.0, planned * pace * rng.uniform(0.97, 1.03)) if year == today.year else planned
                for indicator_id, _, _, target in lines:
                    value = target if month_number == 12 else float(round(target * share * rng.uniform(0.98, 1.0)))
                    reached[indicator_id] = max(reached[indicator_id], value)
                report_values = dict(reached)
                funds = max(funds, round(budget * min(0.98, share * rng.uniform(0.9, 1.0)), 2))
                problem = rng.choice(PROBLEMS) if pace < 0.9 or rng.random() < 0.1 else ""
                done = "；".join(
                    f"{name}{report_values[i]:.0f}{unit}（年度目标{target:.0f}{unit}）"
                    for i, name, unit, target in lines
                )
                texts = {
                    "narrative": f"截至{month_number}月底，{done}；累计完成投资{funds:.2f}万元。",
                    "problems": problem,
                    "next_steps": rng.choice(NEXT_STEPS),
                    "explanation": "",
                }
                report_id = next_id["report"]
                next_id["report"] += 1
                reporter = reporters[template.lead]
                at = _reported_at(rng, month, today)
                reports.append(
                    {
                        "id": report_id,
                        "project_id": project_id,
                        "month": month,
                        "funds_spent": Decimal(f"{funds:.2f}"),
                        **texts,
                        "reporter_id": reporter,
                        "reported_at": at,
                    }
                )
                values += [
                    {"report_id": report_id, "indicator_id": i, "value": Decimal(f"{v:.2f}")}
                    for i, v in report_values.items()
                ]
                audit.append(
                    {
                        "at": at,
                        "actor_id": reporter,
                        "actor_username": f"dept_{template.lead}",
                        "action": "create",
                        "entity": "progress_report",
                        "entity_id": str(report_id),
                        "before": None,
                        "after": {  # as db.reporting._snapshot
                            "month": month.strftime("%Y-%m"),
                            "funds_spent": funds,
                            **texts,
                            "values": {name: report_values[i] for i, name, _, _ in lines},
                        },
                    }
                )
    for name, rows in (
        ("project", projects),
        ("project_cooperator", cooperators),
        ("project_division", divisions),
        ("indicator", indicators),
        ("progress_report", reports),
        ("report_value", values),
        ("audit_entry", audit),
    ):
        table = schema.metadata.tables[name]
        for chunk in range(0, len(rows), 5000):
            connection.execute(insert(table), rows[chunk : chunk + 5000])
    connection.execute(update(DataVersion).where(DataVersion.id == 1).values(value=DataVersion.value + len(audit)))
    return Counts(years, len(projects), len(indicators), len(reports), len(values), len(audit))


def _reported_at(rng: random.Random, month: date, today: date) -> datetime:
    """A few working days after the month ends, in office hours (China time), never after today."""
    day = rules.month_end(month) + timedelta(days=rng.randint(3, 8))
    at = clock.start_of_local_day(day) + timedelta(hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
    return min(at, clock.start_of_local_day(today) + timedelta(hours=8, minutes=30))


if __name__ == "__main__":
    main()
