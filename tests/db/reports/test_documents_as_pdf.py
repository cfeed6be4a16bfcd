"""The documents as LibreOffice prints them: they open, and the pages come out as the layout says
(22 lines of 28 characters). Needs LibreOffice (Debian: libreoffice-writer-nogui); CI installs it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from components.reports import documents
from components.reports.documents import Choice
from db.core import clock
from db.reports import docx_builder
from db.reports.document import Document, Paragraph
from db.reports.rules import DocumentKind
from tests.conftest import TODAY, need
from tests.factories import actor_of

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
IDEOGRAPHS = "民生实事项目落实情况监督推进"  # no punctuation: nothing may hang or move to the next line
LINE, FIRST_LINE = 28, 26  # characters: a paragraph's first line is indented by two


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def as_pdf(data: bytes, folder: Path) -> PdfReader:
    need(SOFFICE is not None, "LibreOffice (soffice) is not installed")
    assert SOFFICE
    source = folder / "document.docx"
    source.write_bytes(data)
    profile = (folder / "lo-profile").as_uri()  # a profile of its own: parallel runs do not share one
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(folder / "document.pdf")


def page_texts(pdf: PdfReader) -> list[str]:
    """Each page's text without white space (extraction puts spaces between Latin and Chinese)."""
    return ["".join(page.extract_text().split()) for page in pdf.pages]


def paragraph_of_lines(lines: int) -> Paragraph:
    length = FIRST_LINE + LINE * (lines - 1)
    return Paragraph((IDEOGRAPHS * (length // len(IDEOGRAPHS) + 1))[:length])


@pytest.mark.parametrize(("paragraphs", "pages"), [(2, 1), (4, 2), (5, 3)])
def test_a_page_holds_22_lines_of_28_characters(tmp_path, paragraphs, pages):
    """Paragraphs of 11 full lines: two fill a page exactly; one character less a line and they would not."""
    document = Document("layout", "zh", tuple(paragraph_of_lines(11) for _ in range(paragraphs)))
    assert len(as_pdf(docx_builder.build(document), tmp_path).pages) == pages


def test_the_year_report_prints_with_its_page_numbers_and_its_appendix_on_a_page_of_its_own(tmp_path, demo_session):
    office = actor_of(demo_session, "office")
    data = documents.generate(demo_session, office, Choice(DocumentKind.YEAR, TODAY.year, TODAY), "zh")
    texts = page_texts(as_pdf(data, tmp_path))
    assert len(texts) >= 5
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"—{number}—")  # every page numbered, in order, none skipped
    first = texts[0]
    assert "关于2026年市十件民生实事项目" in first and "一、总体情况" in first
    appendix = next(i for i, text in enumerate(texts) if text.startswith("附件"))
    assert "2026年11月27日" in texts[appendix - 1]  # the date closes the text on the page before
    assert all("序号" in text for text in texts[appendix:])  # the table's header repeats on each page


def test_a_document_of_a_year_with_no_data_is_one_page(tmp_path, demo_session):
    office = actor_of(demo_session, "office")
    data = documents.generate(demo_session, office, Choice(DocumentKind.YEAR, 2019, TODAY), "zh")
    (text,) = page_texts(as_pdf(data, tmp_path))
    assert "2019年尚无民生实事项目" in text
