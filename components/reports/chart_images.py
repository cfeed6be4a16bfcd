"""The dashboard's and the results page's charts as pictures for a document.

The same Altair builders (components/projects/charts.py) with the same catalogue labels, drawn
to PNG by vl-convert (no browser). Chinese labels need a Chinese font on the machine that draws
them (Debian: fonts-noto-cjk); vl-convert finds the system's fonts.
"""

from __future__ import annotations

from collections.abc import Sequence

import vl_convert

from components.projects import charts
from components.reports.words import Words
from db.projects.dashboard import Share
from db.projects.progress import ProjectProgress
from db.survey.results import ResultLine
from db.survey.rules import Level

WIDTH_PX = 560  # the drawing's width; the document sets it 150 mm wide
SCALE = 2  # pixels per drawing unit: sharp when printed


def png(chart: charts.AnyChart) -> bytes:
    spec = chart.properties(width=WIDTH_PX).configure(background="white").to_dict()
    return bytes(vl_convert.vegalite_to_png(spec, scale=SCALE))


def _labels(w: Words) -> dict[str, str]:
    return {"actual": w("chart.actual"), "planned": w("chart.planned"), "projects": w("chart.projects")}


def completion(projects: Sequence[ProjectProgress], w: Words) -> bytes:
    """The dashboard's chart by project: completion as bars, the plan as ticks."""
    return png(charts.completion_vs_plan(list(projects), _labels(w)))


def trend(points: Sequence[Share], w: Words) -> bytes:
    """The dashboard's chart by month."""
    return png(charts.trend(list(points), _labels(w)))


def satisfaction(lines: Sequence[ResultLine], w: Words) -> bytes:
    """The results page's stacked bars of the four answers per project."""
    levels = [w.label(Level, level) for level in Level]
    rows = [
        (f"{line.number}. {line.title[:14]}", w.label(Level, level), getattr(line.count, level))
        for line in lines
        for level in Level
    ]
    return png(charts.satisfaction_bars(rows, levels, {"count": w("survey.col_count")}))
