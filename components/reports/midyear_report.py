"""年中推进情况汇报 for the 政情通报会: shorter than the year report, lagging projects first."""

from __future__ import annotations

from components.reports import chart_images, frame, progress_text
from components.reports.words import Words
from db.projects import dashboard
from db.projects.rules import ScheduleStatus
from db.reports.document import Document, Figure, Heading, Paragraph
from db.reports.figures import YearFigures


def compose(f: YearFigures, w: Words) -> Document:
    title = w("reports.midyear_title", year=f.year, count=frame.count_in_title(len(f.projects), w))
    blocks = frame.head(title, f.as_of, w, addressee_key=None)  # a briefing given at a meeting
    if not f.projects:
        return frame.nothing_to_report(title, f.year, f.as_of, w, blocks)
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
    blocks.append(frame.signed(f.as_of, w))
    return Document(title, w.language, tuple(blocks))
