"""Generating the year report (落实情况报告) at 10-year scale: the target is at most 5 s.

Reads a database made by benchmarks/generate.py (10 years of 10 projects with monthly reports) and
times the whole generation as the page does it on a click: the figures read, the words written,
the charts drawn (vl-convert), the Word file built. The first generation in a process (vl-convert
starting) and the following ones are timed apart; the target holds for the first.

Before timing, the benchmarked years get what a year has besides its reports, through the services
as the app writes it (unless --no-enrich, or they have it already): a supervision week with findings
confirmed into the ledger and some of them worked, and a closed year-end survey answered by every
deputy.

    .venv/bin/python benchmarks/generate.py --db /tmp/bench.sqlite3
    .venv/bin/python benchmarks/bench_reports.py --db /tmp/bench.sqlite3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from components.reports import documents
from components.reports.documents import Choice
from db.core import clock
from db.core.actors import Actor
from db.core.session import read_scope, reset_engines, session_scope
from db.oversight import rectification, supervision
from db.oversight.models import Finding, RectificationItem
from db.projects.models import Project
from db.reports.rules import DocumentKind
from db.secret_ballot import tellers
from db.survey import answering as survey_answering
from db.survey import rounds as survey_rounds
from db.survey.models import SurveyRound
from db.system import accounts
from db.system.models import Account, Deputy

DEFAULT_DB = ROOT / "benchmarks" / "out" / "bench.sqlite3"
TARGET_S = 5.0
FINDINGS_PER_PROJECT = 3


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file made by benchmarks/generate.py")
    parser.add_argument("--url", help="a DATABASE_URL instead of --db")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today, CST)")
    parser.add_argument("--runs", type=int, default=5, help="timed generations after the first")
    parser.add_argument("--no-enrich", action="store_true", help="time the data as generate.py left it")
    args = parser.parse_args(argv)
    if args.url is None and not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: make it with benchmarks/generate.py --db {args.db}")
    url = args.url or f"sqlite:///{args.db.resolve()}"
    os.environ["DATABASE_URL"] = url  # the store every scope below opens
    reset_engines()
    today = args.today or clock.today()
    with clock.as_of(today):
        years = _check_scale(today)
        office = _actor("office")
        if not args.no_enrich:
            for year in (today.year - 1, today.year):
                _enrich(office, year, today)
        cases = [
            ("year report, this year as of today", Choice(DocumentKind.YEAR, today.year, today)),
            (
                "year report, last year at its end",
                Choice(DocumentKind.YEAR, today.year - 1, date(today.year - 1, 12, 31)),
            ),
        ]
        print(f"{url}: {years} years of projects; today {today.isoformat()}")
        worst = 0.0
        for name, choice in cases:
            first, rest, size = _time(office, choice, args.runs)
            worst = max(worst, first, *rest)
            print(
                f"{name}: first {first:.2f} s, then median {statistics.median(rest):.2f} s"
                f" (max {max(rest):.2f} s over {len(rest)}), {size / 1024:.0f} KiB"
            )
    print(f"target: <= {TARGET_S:.1f} s per generation (the first in a process included)")
    print(f"figure: {worst:.2f} s (slowest generation)")
    print(f"met: {'yes' if worst <= TARGET_S else 'no'}")


def _time(actor: Actor, choice: Choice, runs: int) -> tuple[float, list[float], int]:
    timings = []
    size = 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        with read_scope() as s:
            size = len(documents.generate(s, actor, choice, "zh"))
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1:], size


def _check_scale(today: date) -> int:
    with read_scope() as s:
        years = s.scalar(select(func.count(func.distinct(Project.year)))) or 0
    if years < 10:
        raise SystemExit(f"only {years} years of projects: run benchmarks/generate.py for 10-year scale")
    return years


def _actor(username: str) -> Actor:
    with read_scope() as s:
        account = s.scalar(select(Account).where(Account.username == username))
        if account is None:
            raise SystemExit(f"no account {username}: the database was not seeded with the demo")
        return accounts.as_actor(account)


def _enrich(office: Actor, year: int, today: date) -> None:
    """A supervision week with findings in the ledger, and a closed year-end survey, as the app makes them."""
    with read_scope() as s:
        projects = list(s.scalars(select(Project.id).where(Project.year == year).order_by(Project.number)))
        had_findings = s.scalar(select(func.count()).select_from(Finding).join(Project).where(Project.year == year))
        had_survey = s.scalar(select(SurveyRound.id).where(SurveyRound.year == year, SurveyRound.stage == "yearend"))
    week = min(today - timedelta(days=30), date(year, 9, 22))
    if projects and not had_findings:
        with clock.as_of(week):
            _supervision_week(office, projects, week)
    if projects and not had_survey and year < today.year:
        with clock.as_of(date(year, 12, 20)):
            _year_end_survey(office, year)


def _supervision_week(office: Actor, projects: list[int], week: date) -> None:
    with session_scope() as s:
        deputies = list(s.scalars(select(Deputy.id).order_by(Deputy.id).limit(20)))
        activity = supervision.record_activity(
            s, office, "week", week, "民生实事监督周（基准测试）", "", projects, deputies
        )
        findings = [
            supervision.add_finding(s, office, activity, project, f"第{n}处问题：设施运行不正常。", "建议加强运维。")
            for project in projects
            for n in range(1, FINDINGS_PER_PROJECT + 1)
        ]
        items = [supervision.confirm_finding(s, office, f, week + timedelta(days=60)) for f in findings[::2]]
        for item in items[::2]:
            rectification.move(s, _department_of(s, item), item, "in_progress", "已部署整改。")
        # The services stamp the real time; this history is of past days, where the documents look.
        stamped = clock.start_of_local_day(week) + timedelta(hours=10)
        for row in s.scalars(select(RectificationItem).where(RectificationItem.id.in_(items))):
            row.created_at = stamped
            for note in row.notes:
                note.at = stamped + timedelta(days=1)


def _department_of(session: Session, item_id: int) -> Actor:
    """The responsible department's liaison, who works the item."""
    item = session.get(RectificationItem, item_id)
    assert item is not None
    account = session.scalar(
        select(Account).where(Account.department_id == item.department_id, Account.role == "staff")
    )
    if account is None:
        return Actor(0, "bench", "bench", "staff", department_id=item.department_id)
    return accounts.as_actor(account)


def _year_end_survey(office: Actor, year: int) -> None:
    levels = ("satisfied", "satisfied", "basically_satisfied", "dissatisfied", "abstain")
    with session_scope() as s:
        round_id = survey_rounds.create_round(s, office, year, "yearend")
        record, shares = tellers.split_key(2, ["监票人甲", "监票人乙", "计票人丙"], demo=False)
        survey_rounds.advance(s, office, round_id, key=record)
        projects = survey_rounds.round_view(s, round_id).project_ids
        voters = s.scalars(select(Account).where(Account.role == "deputy", Account.deputy_id.is_not(None))).all()
        for n, voter in enumerate(voters):
            answers = {p: (levels[(n + p) % len(levels)], "") for p in projects}
            deputy = accounts.as_actor(voter)
            survey_answering.submit_sealed(s, deputy, survey_answering.seal_answers(s, deputy, round_id, answers))
        private_key = survey_rounds.rebuild_key(s, office, round_id, [code for _, code in shares[:2]])
        survey_rounds.advance(s, office, round_id, private_key=private_key)
    survey_rounds.scrub_after_closing()


if __name__ == "__main__":
    main()
