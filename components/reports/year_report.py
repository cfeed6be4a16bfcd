"""十件民生实事落实情况报告: the year's projects as they stood on a day, to the Standing Committee."""

from __future__ import annotations

from datetime import date

from components.reports import chart_images, frame, progress_text
from components.reports.words import Words
from db.projects.rules import ScheduleStatus
from db.reports.document import (
    Appendix,
    Block,
    Document,
    Figure,
    Heading,
    Paragraph,
)
from db.reports.figures import ProjectFigures, YearFigures


def compose(f: YearFigures, w: Words) -> Document:
    title = w("reports.year_title", year=f.year, count=frame.count_in_title(len(f.projects), w))
    blocks = frame.head(title, f.as_of, w)
    if not f.projects:
        return frame.nothing_to_report(title, f.year, f.as_of, w, blocks)
    session = f.session_name or w("reports.plenary")
    blocks.append(
        Paragraph(w("reports.year_opening", year=f.year, session=session, count=len(f.projects), day=w.day(f.as_of)))
    )
    blocks.append(Heading(w("reports.h_overall"), 1))
    blocks += progress_text.overall(f, w)
    blocks.append(progress_text.progress_table([p.progress for p in f.projects], w("reports.table_progress"), w))
    blocks.append(Figure(chart_images.completion([p.progress for p in f.projects], w), w("reports.figure_completion")))
    if len(f.trend) > 1:
        blocks.append(Figure(chart_images.trend(f.trend, w), w("reports.figure_trend")))
    blocks.append(Heading(w("reports.h_projects"), 1))
    for project in f.projects:
        blocks += project_section(project, f.as_of, w)
    blocks.append(Heading(w("reports.h_problems"), 1))
    blocks += problems_and_next(f, w)
    blocks.append(frame.signed(f.as_of, w))
    blocks.append(Appendix(w("reports.appendix"), w("reports.appendix_title", year=f.year)))
    blocks.append(progress_text.indicator_table([p.progress for p in f.projects], w))
    return Document(title, w.language, tuple(blocks))


def project_section(project: ProjectFigures, as_of: date, w: Words) -> list[Block]:
    p = project.progress
    blocks: list[Block] = [
        Heading(w.numbered(p.number, p.title), 2),
        Paragraph(progress_text.who_and_when(p, w)),
        Paragraph(
            ("" if w.chinese else " ").join(progress_text.targets_and_delivery(p, w.day(as_of), w))
            + ("" if w.chinese else " ")
            + progress_text.funds_sentence(p, w)
        ),
    ]
    if p.status == ScheduleStatus.LAGGING:
        blocks += progress_text.lagging_blocks(p, w)
    blocks += progress_text.oversight_blocks(project, as_of, w)
    rated = progress_text.rated_sentence(project, w)
    if rated:
        blocks.append(Paragraph(rated))
    return blocks


def problems_and_next(f: YearFigures, w: Words) -> list[Block]:
    """一是…二是…; then what comes next, which after the year's end is the look-back."""
    lagging = [p.progress for p in f.projects if p.progress.status == ScheduleStatus.LAGGING]
    problems = []
    if lagging:
        titles = w.join([w.quoted(p.title) for p in lagging])
        problems.append(w("reports.problem_lagging", titles=titles, count=len(lagging)))
    if f.headline.without_report:
        problems.append(w("reports.problem_reports", count=f.headline.without_report))
    unfinished, overdue = len(f.unfinished_items()), len(f.overdue_items())
    if overdue:
        problems.append(w("reports.problem_overdue", unfinished=unfinished, overdue=overdue))
    elif unfinished:
        problems.append(w("reports.problem_unfinished", unfinished=unfinished))
    flagged = [p.progress.title for p in f.projects if p.rated and p.rated.flagged]
    if flagged:
        problems.append(w("reports.problem_flagged", titles=w.join([w.quoted(t) for t in flagged]), count=len(flagged)))
    blocks: list[Block] = [Paragraph(w.point(n) + problem) for n, problem in enumerate(problems, start=1)]
    if not problems:
        blocks.append(Paragraph(w("reports.no_problems")))
    year_over = f.as_of >= date(f.year, 12, 31) or all(p.progress.status == ScheduleStatus.DONE for p in f.projects)
    blocks.append(Paragraph(w("reports.next_after_year" if year_over else "reports.next_in_year")))
    return blocks
