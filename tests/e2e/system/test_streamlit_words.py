"""Streamlit's own English words in the Chinese interface: hidden or replaced by components/shell/look.py.

What Streamlit still says in English is listed in the README (section "Streamlit's own words").
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import NewContext, Server, main, open_page, sign_in, zh

pytestmark = pytest.mark.e2e

ENGLISH = re.compile(r"per file|Browse files|Drag and drop|Upload|Press (Ctrl\+)?Enter|yyyy|mm|dd")


def visible_text_of(page: Page, test_id: str) -> str:
    return " ".join(main(page).get_by_test_id(test_id).all_inner_texts())


def test_the_uploader_the_date_fields_the_forms_and_the_toolbars_speak_chinese(server: Server, new_context: NewContext):
    page = new_context().new_page()
    sign_in(page, server.url("/"), "admin")

    open_page(page, server.url("/deputies"))  # the roster's uploader
    uploader = main(page).get_by_test_id("stFileUploader")
    expect(uploader.get_by_role("button", name="上传", exact=True)).to_be_visible()
    expect(uploader.get_by_test_id("stFileUploaderDropzoneInstructions")).to_have_text(
        re.compile(r"^单个文件不超过 10MB • XLSX, CSV$")
    )
    assert not ENGLISH.search(uploader.inner_text())

    open_page(page, server.url("/audit_log"))  # two empty date fields
    since = main(page).get_by_test_id("stDateInput").first
    expect(since.get_by_role("spinbutton", name=f"年，{zh('audit.since')}")).to_be_visible()
    for part, word in (("year", "年"), ("month", "月"), ("day", "日")):
        shown = since.locator(f'[data-type="{part}"]')
        assert shown.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # the letters yyyy/mm/dd hidden …
        assert shown.evaluate("e => getComputedStyle(e, '::after').content") == f'"{word}"'  # … 年/月/日 drawn
    if os.environ.get("E2E_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["E2E_SHOTS"], "dates.png"))

    # The tables' toolbar
    main(page).get_by_test_id("stDataFrame").first.hover()
    toolbar = main(page).get_by_test_id("stElementToolbar").first
    expect(toolbar.get_by_role("button", name="搜索")).to_be_attached()
    expect(toolbar.get_by_role("button", name="全屏")).to_be_attached()
    expect(toolbar.get_by_role("button", name="Search")).to_have_count(0)

    # A form's text field: "Press Enter to submit form" is not shown.
    open_page(page, server.url("/my_account"))
    field = main(page).locator("input[type=password]").first
    field.fill("abc")
    expect(page.get_by_test_id("InputInstructions")).to_be_hidden()

    # The charts' toolbar
    open_page(page, server.url("/dashboard"))
    main(page).get_by_test_id("stVegaLiteChart").first.hover()
    chart_bar = main(page).get_by_test_id("stElementToolbar").first
    expect(chart_bar.get_by_role("button", name="显示数据")).to_be_attached()
    expect(chart_bar.get_by_role("button", name="Show data")).to_have_count(0)
