"""Sentences and tables about a year's progress, shared by the year report and the mid-year briefing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from components.reports.words import Words
from db.oversight.rules import ActivityKind, RectificationState
from db.projects.progress import ProjectProgress
from db.projects.rules import ScheduleStatus
from db.reports import ledger
from db.reports.document import Block, Paragraph, Table
from db.reports.figures import ProjectFigures, YearFigures
from db.survey.rules import Level, Stage

# How a status reads at the end of a sentence about a project.
STATUS_PHRASES = {
    ScheduleStatus.DONE: "reports.phrase_done",
    ScheduleStatus.AHEAD: "reports.phrase_ahead",
    ScheduleStatus.ON_SCHEDULE: "reports.phrase_on_schedule",
    ScheduleStatus.LAGGING: "reports.phrase_lagging",
    ScheduleStatus.NOT_STARTED: "reports.phrase_not_started",
}
GOOD_NEWS_FIRST = (
    ScheduleStatus.DONE,
    ScheduleStatus.AHEAD,
    ScheduleStatus.ON_SCHEDULE,
    ScheduleStatus.LAGGING,
    ScheduleStatus.NOT_STARTED,
)
GAP_LEVEL = 0.0005  # under 0.05 points either way the completion is level with the plan (as shown, 0.0)


def status_phrase(status: str, w: Words) -> str:
    return w(STATUS_PHRASES[ScheduleStatus(status)])


def gap(completion: float, planned: float, w: Words) -> str:
    difference = completion - planned
    if abs(difference) < GAP_LEVEL:
        return w("reports.gap_level")
    return w("reports.gap_above" if difference > 0 else "reports.gap_below", points=w.points(difference))


def overall(f: YearFigures, w: Words) -> list[Block]:
    """Completion against plan, statuses, funds, reports due, rectification, satisfaction."""
    h = f.headline
    day = w.day(f.as_of)
    blocks: list[Block] = [
        Paragraph(
            w(
                "reports.overall",
                day=day,
                projects=h.projects,
                completion=w.percent(h.completion),
                planned=w.percent(h.planned),
                gap=gap(h.completion, h.planned, w),
            )
        )
    ]
    parts = [
        w("reports.status_part", status=w.label(ScheduleStatus, code).lower(), count=f.status_counts[code])
        for code in GOOD_NEWS_FIRST
        if f.status_counts[code]
    ]
    tail = "" if f.status_counts[ScheduleStatus.LAGGING] else w("reports.no_lagging")
    blocks.append(Paragraph(w("reports.statuses", parts=w.join(parts), tail=tail)))
    share = w.percent(h.funds_spent / h.budget if h.budget else 0.0)
    blocks.append(Paragraph(w("reports.funds", budget=w.money(h.budget), spent=w.money(h.funds_spent), share=share)))
    due = w.month(min(f.due_month, date(f.year, 12, 1)))  # after the year, its December's reports were the last due
    if h.without_report:
        blocks.append(Paragraph(w("reports.missing_reports", count=h.without_report, month=due)))
    else:
        blocks.append(Paragraph(w("reports.all_reported", month=due)))
    blocks.append(Paragraph(items_sentence(f, w)))
    if f.survey_stage:
        grades = [
            w("reports.grade_part", grade=w.label(Level, grade), count=count)
            for grade, count in f.grade_counts.items()
            if count
        ]
        flagged = sum(1 for p in f.projects if p.rated and p.rated.flagged)
        tail = w("reports.grades_flagged", count=flagged) if flagged else w("reports.grades_none_flagged")
        stage = w.label(Stage, f.survey_stage).lower()
        blocks.append(Paragraph(w("reports.grades", year=f.year, stage=stage, parts=w.join(grades), tail=tail)))
    return blocks


def items_sentence(f: YearFigures, w: Words) -> str:
    total, unfinished, overdue = len(f.items), len(f.unfinished_items()), len(f.overdue_items())
    if not total:
        return w("reports.items_none")
    if overdue:
        return w(
            "reports.items_overdue", total=total, finished=total - unfinished, unfinished=unfinished, overdue=overdue
        )
    return w("reports.items", total=total, finished=total - unfinished, unfinished=unfinished)


def progress_table(projects: Sequence[ProjectProgress], caption: str, w: Words) -> Table:
    """The dashboard's progress table, in the document's words."""
    return Table(
        caption,
        tuple(
            w(key)
            for key in (
                "reports.col_number",
                "reports.col_project",
                "reports.col_department",
                "reports.col_completion",
                "reports.col_planned",
                "reports.col_status",
                "reports.col_budget",
                "reports.col_spent",
            )
        ),
        tuple(
            (
                str(p.number),
                p.title,
                p.lead_department,
                w.percent(p.completion),
                w.percent(p.planned),
                w.label(ScheduleStatus, p.status),
                w.money(p.budget),
                w.money(p.funds_spent),
            )
            for p in projects
        ),
        widths=(0.7, 2.7, 1.6, 1.2, 1.2, 1.4, 1.4, 1.4),
        numeric=frozenset({0, 3, 4, 6, 7}),
    )


def who_and_when(p: ProjectProgress, w: Words) -> str:
    """由…牵头，…配合，分管市领导为…，覆盖…，实施期为…至…。"""
    parts = [w("reports.led_by", lead=p.lead_department)]
    if p.cooperators:
        parts.append(w("reports.with_cooperators", names=w.join(list(p.cooperators))))
    if p.responsible_leader:
        parts.append(w("reports.leader", leader=p.responsible_leader))
    if p.divisions:
        parts.append(w("reports.covers", divisions=w.join(list(p.divisions))))
    parts.append(w("reports.period", start=w.day(p.start_date), end=w.day(p.end_date)))
    return w.clauses(parts) + ("。" if w.chinese else ".")


def targets_and_delivery(p: ProjectProgress, as_of_day: str, w: Words) -> list[str]:
    """年度目标…；截至…月底，…（完成…），综合完成率…。"""
    status = status_phrase(p.status, w)
    if not p.indicators:
        return [w("reports.no_indicators", status=status)]
    targets = w.join([w.amount(i.name, i.target, i.unit) for i in p.indicators])
    sentences = [w("reports.targets", targets=targets)]
    if p.latest is None:
        sentences.append(w("reports.no_report_yet", day=as_of_day, status=status))
        return sentences
    delivered = w.join(
        [
            w(
                "reports.delivered_value",
                name=i.name,
                value=w.figure(i.value or 0),
                unit=i.unit,
                share=w.percent(i.share),
            )
            for i in p.indicators
        ]
    )
    sentences.append(
        w(
            "reports.delivered",
            month=w.month(p.latest.month),
            values=delivered,
            completion=w.percent(p.completion),
            planned=w.percent(p.planned),
            status=status,
        )
    )
    return sentences


def funds_sentence(p: ProjectProgress, w: Words) -> str:
    if p.budget <= 0:
        return w("reports.project_funds_no_budget", spent=w.money(p.funds_spent))
    return w(
        "reports.project_funds",
        budget=w.money(p.budget),
        spent=w.money(p.funds_spent),
        share=w.percent(p.spent_share),
    )


def lagging_blocks(p: ProjectProgress, w: Words) -> list[Block]:
    """Why it lags and what is being done, in the department's words from its latest report."""
    reason = w.sentence(p.latest.problems) if p.latest else ""
    blocks: list[Block] = [
        Paragraph(
            reason or w("reports.no_reason" if p.latest else "reports.no_report_reason"), lead=w("reports.lead_reason")
        )
    ]
    if p.latest and p.latest.next_steps.strip():
        blocks.append(Paragraph(w.sentence(p.latest.next_steps), lead=w("reports.lead_measures")))
    return blocks


def oversight_blocks(p: ProjectFigures, as_of: date, w: Words) -> list[Block]:
    """Findings of supervision and where their rectification stands; other items in a sentence."""
    blocks: list[Block] = []
    if p.findings:
        blocks.append(Paragraph("", lead=w("reports.lead_findings", count=len(p.findings))))
    for n, finding in enumerate(p.findings, start=1):
        parts = [
            w(
                "reports.finding",
                n=n,
                day=w.day(finding.held_on),
                kind=w.label(ActivityKind, finding.kind),
                seen=w.sentence(finding.seen),
            )
        ]
        if finding.suggestion.strip():
            parts.append(w("reports.finding_suggestion", suggestion=w.sentence(finding.suggestion)))
        if finding.item is None:
            parts.append(w("reports.finding_pending"))
        else:
            parts.append(item_state(finding.item, as_of, w))
        blocks.append(Paragraph("".join(parts) if w.chinese else " ".join(parts)))
    finding_items = {f.item.id for f in p.findings if f.item}
    others = [i for i in p.items if i.id not in finding_items]
    if others:
        finished = sum(1 for i in others if i.finished)
        blocks.append(Paragraph(w("reports.other_items", count=len(others), finished=finished)))
    return blocks


def item_state(item: ledger.ItemOnDay, as_of: date, w: Words) -> str:
    key = "reports.item_state_overdue" if ledger.overdue(item, as_of) else "reports.item_state"
    return w(key, state=w.label(RectificationState, item.state), deadline=w.day(item.deadline))


def rated_sentence(p: ProjectFigures, w: Words) -> str | None:
    rated = p.rated
    if rated is None:
        return None
    stage = w.label(Stage, rated.stage).lower()
    if rated.grade is None:
        return w("reports.rated_no_grade", year=rated.year, stage=stage)
    return w(
        "reports.rated",
        year=rated.year,
        stage=stage,
        grade=w.label(Level, rated.grade),
        satisfied=w.percent(rated.count.satisfied_rate),
        overall=w.percent(rated.count.overall_rate),
        tail=w("reports.rated_flagged") if rated.flagged else "",
    )


def indicator_table(projects: Sequence[ProjectProgress], w: Words) -> Table:
    """Every indicator of every project: target, delivered, share (the appendix)."""
    rows: list[tuple[str, ...]] = []
    for p in projects:
        if not p.indicators:
            rows.append((str(p.number), p.title, w("reports.no_indicator_row"), "", "", "", ""))
        for n, i in enumerate(p.indicators):
            value = w.figure(i.value) if i.value is not None else w("reports.not_reported")
            named = (str(p.number), p.title) if n == 0 else ("", "")  # the project once, above its indicators
            rows.append((*named, i.name, i.unit, w.figure(i.target), value, w.percent(i.share)))
    headers = (
        "reports.col_number",
        "reports.col_project",
        "reports.col_indicator",
        "reports.col_unit",
        "reports.col_target",
        "reports.col_delivered",
        "reports.col_share",
    )
    return Table(
        "",
        tuple(w(h) for h in headers),
        tuple(rows),
        widths=(0.6, 2.6, 2.6, 0.9, 1.2, 1.2, 1.1),
        numeric=frozenset({0, 4, 5, 6}),
    )
