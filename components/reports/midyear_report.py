"""年中推进情况汇报 for the 政情通报会: shorter than the year report, lagging projects first."""

from __future__ import annotations

from components.reports import chart_images, progress_text
from components.reports.words import Words
from db.projects import dashboard
from db.projects.rules import ScheduleStatus
from db.reports.document import Block, Document, Figure, Heading, Paragraph, Signature, Subtitle, Title
from db.reports.figures import YearFigures


def write(f: YearFigures, w: Words) -> Document:
    title = w("reports.midyear_title", year=f.year, count=w.count(len(f.projects)) if f.projects else w.count(10))
    blocks: list[Block] = [Title(w.title_lines(title)), Subtitle(w("reports.as_of_line", day=w.day(f.as_of)))]
    if not f.projects:
        blocks += [Paragraph(w("reports.year_none", year=f.year, day=w.day(f.as_of))), Signature((w.day(f.as_of),))]
        return Document(title, w.language, tuple(blocks))
    blocks.append(Paragraph(w("reports.midyear_opening", year=f.year, day=w.day(f.as_of))))
    blocks.append(Heading(w("reports.h_midyear_overall"), 1))
    blocks += progress_text.overall(f, w)[:4]  # completion, statuses, funds, reports due
    blocks.append(Figure(chart_images.completion([p.progress for p in f.projects], w), w("reports.figure_completion")))

    by_number = {p.progress.id: p for p in f.projects}
    ordered = dashboard.trouble_first([p.progress for p in f.projects])
    lagging = [p for p in ordered if p.status == ScheduleStatus.LAGGING]
    blocks.append(Heading(w("reports.h_lagging"), 1))
    if not lagging:
        blocks.append(Paragraph(w("reports.none_lagging")))
    for n, p in enumerate(lagging, start=1):
        blocks.append(Heading(w.numbered(n, p.title), 2))
        blocks.append(
            Paragraph(
                w(
                    "reports.lagging_line",
                    lead=p.lead_department,
                    completion=w.percent(p.completion),
                    planned=w.percent(p.planned),
                    points=w.points(p.completion - p.planned),
                )
            )
        )
        blocks += progress_text.lagging_blocks(p, w)
        blocks += progress_text.oversight_blocks(by_number[p.id], f.as_of, w)

    others = [p for p in ordered if p.status != ScheduleStatus.LAGGING]
    if others:
        blocks.append(Heading(w("reports.h_others"), 1))
    for n, p in enumerate(others, start=1):
        line = w(
            "reports.other_line",
            status=progress_text.status_phrase(p.status, w),
            completion=w.percent(p.completion),
            planned=w.percent(p.planned),
        )
        blocks.append(Paragraph(line, lead=w.lead(n, p.title)))

    blocks.append(Heading(w("reports.h_midyear_next"), 1))
    blocks.append(Paragraph(progress_text.items_sentence(f, w)))
    blocks.append(Paragraph(w("reports.midyear_next")))
    blocks.append(Signature((w.day(f.as_of),)))
    return Document(title, w.language, tuple(blocks))
