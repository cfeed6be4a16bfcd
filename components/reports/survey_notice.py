"""测评结果通报: a closed round's results, as the results page shows them, to the departments."""

from __future__ import annotations

from components.reports import chart_images, frame, progress_text
from components.reports.words import Words
from db.reports.document import (
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
)
from db.reports.figures import SurveyFigures
from db.survey.rules import FlagCause, Level, Stage, VoterBody, flag_causes


def compose(f: SurveyFigures, w: Words) -> Document:
    survey, responses = f.results.survey, f.results.responses
    stage = w.label(Stage, survey.stage).lower()  # inside an English sentence; Chinese has no case
    title = w("reports.survey_title", year=survey.year, stage=stage)
    blocks = frame.head(title, f.as_of, w, addressee_key="reports.survey_addressee")
    blocks += [
        Paragraph(
            w(
                "reports.survey_opening",
                day=w.day(f.closed_on),
                year=survey.year,
                stage=stage,
                body=w.label(VoterBody, survey.voter_body).lower(),
                voters=responses.voters,
                responded=responses.responded,
                rate=w.percent(responses.share),
            )
        ),
        Heading(w("reports.h_survey_results"), 1),
    ]
    lines = f.results.lines
    grades = [
        w("reports.survey_grade_part", grade=w.label(Level, grade), count=count)
        for grade, count in f.grade_counts.items()
        if count
    ]
    blocks.append(Paragraph(w("reports.survey_grades", count=len(lines), parts=w.join(grades) or w("reports.none"))))
    blocks.append(results_table(f, w))
    if lines:
        blocks.append(Figure(chart_images.satisfaction(lines, w), w("reports.figure_satisfaction")))
    blocks.append(Paragraph(w("survey.grade_rule")))

    blocks.append(Heading(w("reports.h_survey_flagged"), 1))
    flagged = [line for line in lines if line.flagged]
    if not flagged:
        blocks.append(Paragraph(w("reports.survey_none_flagged")))
    threshold = survey.threshold
    for line in flagged:
        causes = flag_causes(line.count, below_rate=threshold.below_rate, when_dissatisfied=threshold.when_dissatisfied)
        why = w.join([w(FlagCause(c).label_key, below=w.percent(threshold.below_rate)) for c in causes])
        item = f.items.get(line.project_id)
        state = progress_text.item_state(item, f.as_of, w) if item else w("reports.finding_pending")
        text = w(
            "reports.survey_flagged_line",
            rate=w.percent(line.count.overall_rate),
            grade=w.label(Level, line.grade) if line.grade else w("survey.no_grade"),
            why=why,
            department=line.department,
            state=state,
        )
        blocks.append(Paragraph(text, lead=w.lead(line.number, line.title)))

    blocks.append(Heading(w("reports.h_survey_requirements"), 1))
    blocks.append(Paragraph(w("reports.survey_requirements")))
    blocks.append(frame.signed(f.as_of, w))
    return Document(title, w.language, tuple(blocks))


def results_table(f: SurveyFigures, w: Words) -> Table:
    """The results page's table: counts of the four answers, the two rates, the grade."""
    headers = (
        w("reports.col_number"),
        w("reports.col_project"),
        w("reports.col_department"),
        *(w.label(Level, level) for level in Level),
        w("survey.col_satisfied_rate"),
        w("survey.col_overall_rate"),
        w("survey.col_grade"),
    )
    rows = tuple(
        (
            str(line.number),
            line.title,
            line.department,
            *(str(getattr(line.count, level)) for level in Level),
            w.percent(line.count.satisfied_rate),
            w.percent(line.count.overall_rate),
            w.label(Level, line.grade) if line.grade else w("survey.no_grade"),
        )
        for line in f.results.lines
    )
    return Table(
        w("reports.table_survey"),
        headers,
        rows,
        widths=(0.6, 2.5, 1.5, 0.9, 1.0, 0.9, 0.8, 1.0, 1.1, 1.0),
        numeric=frozenset({0, 3, 4, 5, 6, 7, 8}),
    )
