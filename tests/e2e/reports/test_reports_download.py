"""In the browser, a leader downloads the year report at a desk's width and checks the page at a phone's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from db.core import clock
from tests.docx_reading import LEFTOVERS, opened
from tests.e2e.conftest import PHONE, main, open_page, sign_in, tile, zh

pytestmark = pytest.mark.e2e

# Tables and charts scroll inside themselves by design; nothing else may scroll sideways.
NO_SIDEWAYS_SCROLL = """() => [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMain"] *')]
    .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
                 && !e.closest('[data-testid="stDataFrame"], [data-testid="stButtonGroup"]'))
    .map(e => e.getAttribute('data-testid') || e.tagName)"""


def test_a_leader_downloads_the_year_report_as_a_word_document(server, new_context, tmp_path):
    page = new_context().new_page()
    sign_in(page, server.url("/"), "leader")
    open_page(page, server.url("/reports"))
    expect(page.get_by_role("heading", name=zh("menu.reports"))).to_be_visible()
    overall = tile(page, zh("dashboard.overall")).inner_text()
    page.screenshot(path=str(tmp_path / "reports-1280.png"), full_page=True)
    with page.expect_download() as download:
        main(page).get_by_role("button", name=zh("reports.download")).click()
    assert download.value.suggested_filename.endswith(".docx")
    saved = tmp_path / "report.docx"
    download.value.save_as(saved)
    document = opened(saved.read_bytes())
    year = clock.today().year
    assert document.paragraphs("Document Title")[0] == f"关于{year}年市十件民生实事项目"
    assert f"总体完成率为{overall}" in document.text()  # the figure the page showed
    assert not LEFTOVERS.search(document.text())


def test_the_reports_page_fits_a_phone(server, new_context, tmp_path):
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, server.url("/"), "office")
    open_page(page, server.url("/reports"))
    expect(main(page).get_by_role("button", name=zh("reports.download"))).to_be_visible()
    page.screenshot(path=str(tmp_path / "reports-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(NO_SIDEWAYS_SCROLL) == []
