"""The survey results chart said in one sentence, under it: for a screen reader, and for a quick read."""

from __future__ import annotations

from collections.abc import Sequence

from components.projects.chart_sentences import listing
from components.text import t
from db.survey.results import ResultLine
from db.survey.rules import Level


def results(lines: Sequence[ResultLine]) -> str:
    """How many projects got each grade, the 不满意 ones named, and the lowest 综合满意率."""
    if not lines:
        return t("survey.sentence_no_projects")
    grades = [line.grade for line in lines]
    failed = [line.title for line in lines if line.grade == Level.DISSATISFIED]
    sentence = t(
        "survey.sentence_grades",
        projects=len(lines),
        satisfied=grades.count(Level.SATISFIED),
        basic=grades.count(Level.BASICALLY_SATISFIED),
        dissatisfied=len(failed),
        names=t("survey.sentence_names", names=listing(failed)) if failed else "",
    )
    rated = [line for line in lines if line.count.overall_rate is not None]
    if not rated:
        return sentence + t("survey.sentence_none_rated")
    lowest = min(rated, key=lambda line: (line.count.overall_rate, line.number))
    return sentence + t("survey.sentence_lowest", title=lowest.title, rate=(lowest.count.overall_rate or 0) * 100)
