"""A chosen document, from the database to the .docx file: figures (db.reports.figures, which checks
who asks), words (the writers here), layout (db.reports.docx_builder). No Streamlit: the page, the
benchmark and the tests all generate through `generate`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from components.reports import lookback_report, midyear_report, survey_notice, year_report
from components.reports.words import Words
from db.core.actors import Actor
from db.core.errors import Refused
from db.reports import docx_builder, figures
from db.reports.document import Document
from db.reports.rules import DocumentKind

Figures = figures.YearFigures | figures.SurveyFigures | figures.LookbackFigures


@dataclass(frozen=True)
class Choice:
    kind: str  # a DocumentKind
    year: int
    as_of: date
    round_id: int | None = None  # the closed round of a notice (DocumentKind.SURVEY)


def read(session: Session, actor: Actor, choice: Choice) -> Figures:
    """The figures of the chosen document; refused for someone who may not generate documents."""
    if choice.kind in (DocumentKind.YEAR, DocumentKind.MIDYEAR):
        return figures.year_figures(session, actor, choice.year, choice.as_of)
    if choice.kind == DocumentKind.SURVEY:
        if choice.round_id is None:
            raise Refused("reports.no_closed_round", year=choice.year)
        return figures.survey_figures(session, actor, choice.round_id, choice.as_of)
    if choice.kind == DocumentKind.LOOKBACK:
        return figures.lookback_figures(session, actor, choice.year, choice.as_of)
    raise Refused("reports.kind_unknown")


def compose(kind: str, found: Figures, language: str) -> Document:
    w = Words(language)
    if isinstance(found, figures.YearFigures):
        return (midyear_report if kind == DocumentKind.MIDYEAR else year_report).compose(found, w)
    if isinstance(found, figures.SurveyFigures):
        return survey_notice.compose(found, w)
    return lookback_report.compose(found, w)


def generate(session: Session, actor: Actor, choice: Choice, language: str) -> bytes:
    """The .docx file of the chosen document in the language given ("zh" or "en")."""
    return docx_builder.build(compose(choice.kind, read(session, actor, choice), language))


def file_name(choice: Choice, language: str) -> str:
    w = Words(language)
    kind = w.label(DocumentKind, choice.kind)
    return w("reports.file_name", year=choice.year, kind=kind, day=choice.as_of.isoformat()) + ".docx"
