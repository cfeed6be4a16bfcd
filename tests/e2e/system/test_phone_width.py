"""At a phone's width (390 px) the dashboard and the project list need no sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TIMEOUT_MS, open_page, sign_in, zh

pytestmark = pytest.mark.e2e

NO_SIDEWAYS_SCROLL = """() => [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMain"] *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
                 && !e.closest('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]'))
    .map(e => e.getAttribute('data-testid') || e.tagName)"""


@pytest.mark.parametrize("path", ["/dashboard", "/projects"])
def test_the_dashboard_and_project_list_fit_a_phone(server, new_context, path):
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server.url("/"), "leader")
    open_page(page, server.url(path))
    expect(
        page.get_by_role("heading", name=zh("menu.dashboard" if path == "/dashboard" else "menu.projects"))
    ).to_be_visible(timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(NO_SIDEWAYS_SCROLL) == []
