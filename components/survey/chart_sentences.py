"""The survey's charts said in a sentence under each: for a screen reader, and for a quick read."""

from __future__ import annotations

from collections.abc import Sequence

from components.projects.chart_sentences import listing
from components.text import label, t
from db.survey.results import ResultLine, TrendPoint
from db.survey.rules import Level, Stage


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


def trend(points: Sequence[TrendPoint]) -> str:
    """Each line's latest rated round, and how far it moved from the rated round before it."""
    rated: dict[str, list[TrendPoint]] = {}
    for point in points:  # in time order
        if point.overall_rate is not None:
            rated.setdefault(point.label, []).append(point)
    if not rated:
        return t("survey.sentence_trend_none")
    return "".join(_line(series, line) for series, line in rated.items()).strip()


def _line(series: str, line: list[TrendPoint]) -> str:
    last = line[-1]
    rate = (last.overall_rate or 0) * 100
    change = ""
    if len(line) > 1:
        delta = rate - (line[-2].overall_rate or 0) * 100
        if round(delta, 1) == 0:
            change = t("survey.sentence_trend_same")
        else:
            key = "survey.sentence_trend_up" if delta > 0 else "survey.sentence_trend_down"
            change = t(key, delta=abs(delta))
    round_name = f"{last.year} {label(Stage, last.stage)}"  # as the chart's axis names it
    return t("survey.sentence_trend_line", series=series, round=round_name, rate=rate, change=change)
