"""Documents for years the demo does not have: before any report, a project with no indicators
(SQLite, and PostgreSQL when configured)."""

from datetime import date

from components.reports import documents
from components.reports.documents import Choice
from db.reports.rules import DocumentKind
from tests import factories
from tests.docx_reading import LEFTOVERS, opened
from tests.factories import actor_of

YEAR = 2031


def office(session):
    return actor_of(session, factories.account(session, "staff").username)


def test_a_year_before_any_report_says_no_project_has_reported_yet(session):
    factories.project(session, year_number=YEAR, number=1)
    factories.project(session, year_number=YEAR, number=2)
    doc = opened(documents.generate(session, office(session), Choice(DocumentKind.YEAR, YEAR, date(YEAR, 3, 31)), "zh"))
    text = doc.text()
    assert text.count("项目尚未报送进度") == 2
    assert "总体完成率为0.0%" in text
    assert [row[5] for row in doc.tables[1][1:]] == ["未报送"] * 4  # two indicators each
    assert not LEFTOVERS.search(text)


def test_a_project_with_no_indicators_says_so_in_its_section_and_in_the_appendix(session):
    factories.project(session, year_number=YEAR, number=1, indicators=())
    doc = opened(
        documents.generate(session, office(session), Choice(DocumentKind.YEAR, YEAR, date(YEAR, 12, 31)), "zh")
    )
    assert "项目尚未设置量化目标指标" in doc.text()
    assert doc.tables[1][1][2] == "未设置量化指标"
    assert not LEFTOVERS.search(doc.text())


def test_the_midyear_briefing_of_a_year_before_any_report(session):
    factories.project(session, year_number=YEAR, number=1)
    choice = Choice(DocumentKind.MIDYEAR, YEAR, date(YEAR, 6, 30))
    doc = opened(documents.generate(session, office(session), choice, "en"))
    assert doc.headings(1)[0] == "I. Overall progress"
    assert "Why it lags: The lead department has not reported yet." in doc.text()
    assert not LEFTOVERS.search(doc.text())
