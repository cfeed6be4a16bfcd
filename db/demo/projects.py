"""Demo livelihood projects (民生实事) with monthly progress reports, written as planned.

What a year holds is planned in db.demo.project_plans from the templates in db.demo.pool; this
module writes it with the ORM.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.demo.project_plans import plan_year
from db.projects.models import Indicator, ProgressReport, Project, ReportValue
from db.system.models import Account, Department, Division, Year


def seed_projects(
    session: Session,
    today: date,
    departments: dict[str, Department],
    divisions: list[Division],
    reporters: dict[str, Account],
) -> None:
    """Projects, indicators and reports for every year in the Year table up to today's.

    `reporters` maps a lead department's code to its staff account, which files the reports;
    accounts and years must be flushed already (reports need the accounts' ids).
    """
    years = session.scalars(select(Year.year).where(Year.year <= today.year).order_by(Year.year)).all()
    plans = [plan for year in years for plan in plan_year(year, today)]
    division_of = {d.name: d for d in divisions}
    projects = [
        Project(
            year=plan.year,
            number=plan.number,
            title=plan.title,
            field=plan.field,
            description=plan.description,
            lead_department=departments[plan.lead],
            cooperators=[departments[code] for code in plan.cooperators],
            responsible_leader=plan.leader,
            budget=_decimal(plan.budget),
            start_date=plan.start,
            end_date=plan.end,
            divisions=[division_of[name] for name in plan.divisions],
            indicators=[
                Indicator(name=i.name, unit=i.unit, target=_decimal(i.target), weight=Decimal(i.weight), sort_order=n)
                for n, i in enumerate(plan.indicators)
            ],
        )
        for plan in plans
    ]
    session.add_all(projects)
    session.flush()  # the reports need the projects' and indicators' ids
    session.add_all(
        ProgressReport(
            project_id=project.id,
            month=report.month,
            funds_spent=_decimal(report.funds),
            narrative=report.narrative,
            problems=report.problems,
            next_steps=report.next_steps,
            reporter_id=reporters[plan.lead].id,
            reported_at=report.reported_at,
            values=[
                ReportValue(indicator_id=indicator.id, value=_decimal(value))
                for indicator, value in zip(project.indicators, report.values, strict=True)
            ],
        )
        for plan, project in zip(plans, projects, strict=True)
        for report in plan.reports
    )


def _decimal(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")
