"""On a 390 px phone, as a deputy would: the menu gets out of the way after a tap, and the ballot's
count, message and button stay together where the thumb is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from db.core import clock
from db.secret_ballot import tellers
from db.vote import voting
from tests import ballots
from tests.e2e.conftest import PHONE, NewContext, Server, main, no_sideways_scroll, open_page, sign_in, wait_idle, zh
from tests.factories import actor_of

pytestmark = pytest.mark.e2e


def on_phone(server: Server, new_context: NewContext, username: str) -> Page:
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, server.url("/"), username)
    return page


def menu_open(page: Page) -> bool:
    """Whether the sidebar (the menu) covers the page: Streamlit marks it data-collapsed."""
    return page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false"


def test_the_phone_menu_closes_after_tapping_a_link(server: Server, new_context: NewContext) -> None:
    page = on_phone(server, new_context, "d011")
    if not menu_open(page):
        page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    page.get_by_test_id("stSidebar").get_by_role("link", name=zh("menu.projects")).click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(main(page).get_by_role("heading", name=zh("menu.projects"))).to_be_visible()


def test_on_a_phone_the_ballot_says_too_many_beside_the_button_and_counts_ticks(
    server: Server, new_context: NewContext
) -> None:
    year = clock.today().year + 1

    def open_next_years_round(session) -> int:  # the demo leaves next year's round as a draft
        office = actor_of(session, "office")
        (draft,) = voting.rounds(session, year)
        voting.update_round(session, office, draft.id, 10, 10, "ballots_half")
        record, _ = tellers.split_key(2, ballots.TELLERS, demo=False)
        voting.advance(session, office, draft.id, key=record)
        return draft.id

    server.write(open_next_years_round)
    page = on_phone(server, new_context, "d012")
    open_page(page, server.url("/vote"))
    boxes = main(page).get_by_test_id("stCheckbox")
    expect(boxes.first).to_be_visible()
    for i in range(11):
        boxes.nth(i).click()
        expect(boxes.nth(i).get_by_role("checkbox")).to_be_checked()
        wait_idle(page)
    expect(page.get_by_text(zh("ballot.tally", count=11, max=10))).to_be_visible()
    for i in range(boxes.count()):  # each tick row is a finger's height
        box = boxes.nth(i).locator("label").bounding_box()
        assert box is not None and box["height"] >= 44, (i, box)
    button = main(page).get_by_role("button", name=zh("ballot.to_review"))
    button.click()
    message = page.get_by_text(zh("ballot.too_many", count=11, max=10))
    expect(message).to_be_in_viewport()  # seen where the tap was, not 2,400 px above
    expect(button).to_be_in_viewport()
    no_sideways_scroll(page)
