"""The hall's projector at 1920×1080, measured as a person at the back of the hall would need it.

Readable at 10 m: a character about 1/200 of the distance high (5 cm), which on a projected image
about 3 m wide is some 32 px of 1080; the checks below ask more — body text of at least 48 px,
the turnout figure at least 150 px, a bar at least 48 px thick — and that nothing but the screen
itself is drawn (no sidebar, header, banner or menu). It moves from the live turnout to the
published result by itself, without a reload.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from db.core import clock
from db.secret_ballot import tellers
from db.vote import voting
from tests import ballots
from tests.e2e.conftest import NewContext, Server, main, open_page, sign_in, zh

pytestmark = pytest.mark.e2e

HALL = {"width": 1920, "height": 1080}
VOTERS = ("d001", "d002", "d003")


def font_px(locator: Locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, "not drawn"
    return dict(found)


def shot(page: Page, name: str) -> None:
    """A screenshot to look at (kept under E2E_SHOTS when set; else in the test's tmp dir by pytest)."""
    folder = os.environ.get("E2E_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_the_projector_shows_the_turnout_then_the_elected_in_large_type_and_nothing_else(
    server: Server, new_context: NewContext
):
    year = clock.today().year + 1
    office = server.actor("office")

    def open_round(s):  # three places, more than half of the ballots: three ballots elect
        (draft,) = voting.rounds(s, year)
        voting.update_round(s, office, draft.id, 3, 3, "ballots_half")
        voting.advance(s, office, draft.id, key=key)
        return draft.id, [c.id for c in voting.round_candidates(s, draft.id)]

    def cast(s, deputy):  # as the ballot page does: sealed, then written
        return voting.cast_sealed(s, deputy, voting.seal_ballot(s, deputy, round_id, ids[:3]))

    def close(s):  # two of the three tellers' codes
        return voting.advance(s, office, round_id, private_key=voting.rebuild_key(s, office, round_id, codes[:2]))

    key, shares = tellers.split_key(2, ballots.TELLERS, demo=False)
    codes = [code for _, code in shares]
    round_id, ids = server.write(open_round)
    for deputy in VOTERS:
        server.write(lambda s, d=deputy: cast(s, server.actor(d)))
    turnout = server.read(lambda s: voting.turnout(s, round_id))

    page = new_context().new_page()
    page.set_viewport_size(HALL)
    sign_in(page, server.url("/"), "office")
    open_page(page, server.url("/vote_screen"))

    # Nothing but the screen: no sidebar, header, demo banner or menu.
    for test_id in ("stSidebar", "stHeader", "stToolbar", "stExpandSidebarButton"):
        expect(page.get_by_test_id(test_id)).to_be_hidden()
    expect(page.get_by_text(zh("app.demo_banner"))).to_have_count(0)
    expect(page.get_by_test_id("stPageLink-NavLink")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)

    heading = main(page).get_by_role("heading", name=zh("vote.screen_live", year=year))
    expect(heading).to_be_visible()
    figure = main(page).locator(".big-screen .figure")
    expect(figure).to_have_text(f"{turnout.share * 100:.1f}%")
    bar = main(page).get_by_role("progressbar")
    counts = main(page).get_by_text(zh("vote.screen_turnout", cast=3, electorate=turnout.electorate))
    shot(page, "projector-open")
    assert font_px(heading) >= 56
    assert font_px(figure) >= 150 and box(figure)["height"] >= 150
    assert font_px(counts) >= 48
    assert box(bar)["height"] >= 48 and box(bar)["width"] >= HALL["width"] * 0.8
    assert box(main(page).locator(".big-screen"))["y"] + box(bar)["height"] < HALL["height"]  # all in view
    assert box(bar)["y"] + box(bar)["height"] <= HALL["height"]

    # Closed and published from the office's desk: the projector follows by itself.
    server.write(close)
    server.write(lambda s: voting.advance(s, office, round_id, low_turnout_accepted=True))
    title = main(page).get_by_role("heading", name=zh("vote.screen_title", year=year))
    expect(title).to_be_visible(timeout=30_000)  # two refreshes of 5 s, no reload
    rows = main(page).locator(".big-screen li")
    expect(rows).to_have_count(3)
    expect(main(page).locator(".big-screen li .votes")).to_have_text(["3 票", "3 票", "3 票"])
    expect(main(page).get_by_text("未达到投票率下限")).to_be_visible()
    shot(page, "projector-published")
    for i in range(3):
        row = rows.nth(i)
        assert font_px(row) >= 48
        assert box(row)["y"] + box(row)["height"] <= HALL["height"]  # the elected fit the screen
    assert font_px(title) >= 56
