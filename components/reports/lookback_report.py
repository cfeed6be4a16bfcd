"""回头看报告: a past year's projects looked at again, with the scorecard's figures."""

from __future__ import annotations

from components.reports import frame, progress_text
from components.reports.words import Words
from db.oversight.lookback import ScoreRow
from db.oversight.rules import AspectRating, ReviewAspect
from db.reports.document import Block, Document, Heading, Paragraph, Table
from db.reports.figures import LookbackFigures
from db.reports.rules import counts_by
from db.survey.rules import Level


def compose(f: LookbackFigures, w: Words) -> Document:
    title = w("reports.lookback_title", year=f.year, count=frame.count_in_title(len(f.rows), w))
    blocks = frame.head(title, f.as_of, w)
    if not f.rows:
        return frame.nothing_to_report(title, f.year, f.as_of, w, blocks)
    blocks.append(Paragraph(w("reports.lookback_opening", year=f.year)))
    blocks.append(Heading(w("reports.h_overall"), 1))
    blocks += overall(f, w)
    blocks.append(scorecard_table(f, w))
    blocks.append(Heading(w("reports.h_lookback_projects"), 1))
    for n, row in enumerate([r for r in f.rows if r.project_id in f.reviews], start=1):
        blocks += project_section(f, row, n, w)
    not_reviewed = [r for r in f.rows if r.project_id not in f.reviews]
    if not_reviewed:
        titles = w.join([w.quoted(r.title) for r in not_reviewed])
        blocks.append(Paragraph(w("reports.lookback_not_reviewed", titles=titles, count=len(not_reviewed))))
    blocks.append(Heading(w("reports.h_lookback_next"), 1))
    blocks.append(Paragraph(w("reports.lookback_next")))
    blocks.append(frame.signed(f.as_of, w))
    return Document(title, w.language, tuple(blocks))


def overall(f: LookbackFigures, w: Words) -> list[Block]:
    on_time = sum(1 for r in f.rows if r.on_time)
    blocks: list[Block] = [
        Paragraph(
            w(
                "reports.lookback_overall",
                year=f.year,
                count=len(f.rows),
                on_time=on_time,
                reviewed=len(f.reviews),
                budget=w.money(sum(r.budget for r in f.rows)),
                spent=w.money(sum(r.funds_spent for r in f.rows)),
            )
        )
    ]
    for aspect in ReviewAspect:
        ratings = [r.rating for review in f.reviews.values() for r in review.ratings if r.aspect == aspect]
        counts = counts_by(ratings, AspectRating.codes())
        parts = [
            w("reports.rating_part", rating=w.label(AspectRating, code), count=n) for code, n in counts.items() if n
        ]
        if parts:
            blocks.append(
                Paragraph(w("reports.aspect_counts", aspect=w.label(ReviewAspect, aspect), parts=w.join(parts)))
            )
    graded = [grade for r in f.rows if (grade := f.grades.get(r.project_id, (None, None))[0])]
    if graded:
        parts = [
            w("reports.grade_part", grade=w.label(Level, g), count=n)
            for g, n in counts_by(graded, Level.codes()).items()
            if n
        ]
        blocks.append(Paragraph(w("reports.lookback_grades", year=f.year, parts=w.join(parts))))
    items = [i for listed in f.items.values() for i in listed]
    if items:
        unfinished = sum(1 for i in items if not i.finished)
        blocks.append(
            Paragraph(
                w("reports.lookback_items", total=len(items), finished=len(items) - unfinished, unfinished=unfinished)
            )
        )
    else:
        blocks.append(Paragraph(w("reports.lookback_items_none")))
    return blocks


def project_section(f: LookbackFigures, row: ScoreRow, n: int, w: Words) -> list[Block]:
    review = f.reviews[row.project_id]
    rated = w.clauses(
        [
            w("reports.aspect_rated", aspect=w.label(ReviewAspect, r.aspect), rating=w.label(AspectRating, r.rating))
            + (w("reports.aspect_notes", notes=w.clause(r.notes)) if r.notes.strip() else "")
            for r in review.ratings
        ]
    )
    text = w("reports.review_line", day=w.day(review.reviewed_on), reviewers=review.reviewers, ratings=rated)
    blocks: list[Block] = [
        Heading(w.numbered(n, row.title), 2),
        Paragraph(text),
    ]
    if review.conclusion.strip():
        blocks.append(Paragraph(w.sentence(review.conclusion), lead=w("reports.lead_conclusion")))
    for item in f.items.get(row.project_id, ()):
        aspect = str(item.problem_params.get("aspect", ""))
        label = w.label(ReviewAspect, aspect) if aspect in ReviewAspect else ""
        state = progress_text.item_state(item, f.as_of, w)
        blocks.append(Paragraph(w("reports.review_item", aspect=label, problem=w.sentence(item.problem), state=state)))
    return blocks


def scorecard_table(f: LookbackFigures, w: Words) -> Table:
    """The scorecard page's columns that a document needs."""
    rows = []
    for r in f.rows:
        grade, rate = f.grades.get(r.project_id, (None, None))
        review = f.reviews.get(r.project_id)
        rows.append(
            (
                str(r.number),
                r.title,
                r.lead_department,
                w.percent(r.completion),
                w.month(r.completed_in) if r.completed_in else w("scorecard.not_completed"),
                w.label(Level, grade) if grade else w("scorecard.not_surveyed"),
                w.percent(rate),
                w.label(AspectRating, review.worst) if review else w("lookback.not_reviewed"),
                str(r.items_open),
                str(r.items_closed),
            )
        )
    headers = (
        w("reports.col_number"),
        w("reports.col_project"),
        w("reports.col_department"),
        w("scorecard.col_completion"),
        w("scorecard.col_completed_in"),
        w("scorecard.col_year_end_grade"),
        w("scorecard.col_year_end_rate"),
        w("scorecard.col_review"),
        w("scorecard.col_items_open"),
        w("scorecard.col_items_closed"),
    )
    return Table(
        w("reports.table_scorecard", year=f.year),
        headers,
        tuple(rows),
        widths=(0.6, 2.5, 1.5, 1.2, 1.2, 1.0, 1.0, 1.0, 0.9, 0.9),
        numeric=frozenset({0, 3, 6, 8, 9}),
    )
