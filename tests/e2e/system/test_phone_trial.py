"""On a 390 px phone, as a deputy would: the menu gets out of the way after a tap, the ballot's
count, message and button stay together where the thumb is (pinned while the candidates scroll),
the survey's message shows beside its button, and every control on every deputy page is a finger tall."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from components.shell import menu
from tests.e2e.conftest import (
    PHONE,
    NewContext,
    Server,
    keyed,
    main,
    no_sideways_scroll,
    open_next_years_round,
    open_page,
    sign_in,
    url_path,
    wait_idle,
    zh,
)

pytestmark = pytest.mark.e2e


def on_phone(server: Server, new_context: NewContext, username: str) -> Page:
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, server.url("/"), username)
    return page


def ballot_on_phone(server: Server, new_context: NewContext, username: str) -> tuple[Page, Locator]:
    """Next year's round opened, `username` on the ballot on a phone: the page and its tick boxes."""
    open_next_years_round(server)
    page = on_phone(server, new_context, username)
    open_page(page, server.url("/vote"))
    picks = main(page).locator('[class*="st-key-pick_"]')  # one per candidate, drawn by the run itself
    expect(picks.first).to_be_attached()
    boxes = main(page).get_by_test_id("stCheckbox")
    # Streamlit loads a widget's code on first use: on a busy machine the boxes appear a moment after
    # the run, in any order, and nth(i) must not point at another candidate's box meanwhile.
    expect(boxes).to_have_count(picks.count())
    return page, boxes


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
    page, boxes = ballot_on_phone(server, new_context, "d012")
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


def test_on_a_phone_the_ballots_count_stays_in_sight_while_the_candidates_scroll(
    server: Server, new_context: NewContext
) -> None:
    page, boxes = ballot_on_phone(server, new_context, "d013")
    assert boxes.count() >= 13
    tally = keyed(page, "ballot_tally")
    for i in (0, boxes.count() // 2, boxes.count() - 1):  # the top, the middle and the last candidate
        boxes.nth(i).scroll_into_view_if_needed()
        expect(boxes.nth(i)).to_be_in_viewport()
        expect(tally.get_by_text(zh("ballot.tally", count=0, max=10))).to_be_in_viewport(ratio=1)
        expect(tally.get_by_role("button", name=zh("ballot.to_review"))).to_be_in_viewport(ratio=1)
    boxes.last.click()  # the last candidate is not hidden under the pinned count: it can be ticked
    expect(boxes.last.get_by_role("checkbox")).to_be_checked()
    expect(tally.get_by_text(zh("ballot.tally", count=1, max=10))).to_be_in_viewport(ratio=1)


# Every control in the main area a finger can tap, with the box that takes the tap: a checkbox's or
# radio's whole label (Streamlit hides the 1 px input), a field's whole box (not the typing area
# inside its border). Elements drawn but not shown (display none, no size) are left out.
SMALL_TARGETS = """(least) => {
  const root = document.querySelector('[data-testid="stMain"]');
  const controls = 'button, a[href], input:not([type=hidden]), textarea, select, summary, [role=button],'
    + ' [role=radio], [role=checkbox], [role=tab], [role=combobox], [role=switch]';
  const seen = new Set(), small = [];
  root.querySelectorAll(controls).forEach((el) => {
    let target = el;
    if (el.matches('input[type=radio], input[type=checkbox]')) target = el.closest('label') || el;
    else if (el.matches('input, textarea')) {
      const widget = el.closest('[data-testid="stElementContainer"] > *');
      target = (widget && [...widget.children].find((child) => child.contains(el))) || el;
    }
    if (seen.has(target)) return;
    seen.add(target);
    const box = target.getBoundingClientRect(), style = getComputedStyle(target);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return;
    if (box.height < least) {
      const named = (target.innerText || target.getAttribute('aria-label') || '').trim().slice(0, 40);
      small.push(`${target.tagName} ${(target.closest('[data-testid]') || target).getAttribute('data-testid')} `
        + `"${named}" ${box.height.toFixed(1)} px`);
    }
  });
  return small;
}"""
# No exemptions: Streamlit's own small controls (the tables' and charts' toolbars, help marks, a
# chosen option's cross) are enlarged on phones too; heading anchors, drawn for hovering, are hidden.
LEAST_PX = 44


def small_targets(page: Page) -> list[str]:
    """The controls of the main area less than a finger (44 px) tall, named, with their height, once the
    shared style (look.STYLE) is in the page: on a busy machine it can land a moment after the controls."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('min-height: 44px'))"
    )
    return page.evaluate(SMALL_TARGETS, LEAST_PX)


def deputy_without_answers(server: Server, *, taken: set[str]) -> str:
    """A deputy account that has not answered the demo's open survey round (and no other test here uses)."""
    from sqlalchemy import select

    from db.survey.models import SurveyParticipation, SurveyRound
    from db.system.models import Account

    def first_free(session) -> str:
        open_rounds = select(SurveyRound.id).where(SurveyRound.state == "open")
        answered = select(SurveyParticipation.deputy_id).where(SurveyParticipation.round_id.in_(open_rounds))
        names = session.scalars(
            select(Account.username)
            .where(Account.role == "deputy", Account.deputy_id.not_in(answered))
            .order_by(Account.username)
        )
        return next(name for name in names if name not in taken)

    return server.read(first_free)


def choose(radio: Locator, option: str) -> None:
    """Click the option and see it checked."""
    radio.get_by_text(option, exact=True).click()
    expect(radio.get_by_role("radio", name=option, exact=True)).to_be_checked()


def rate_all_but(page: Page, skipped: int) -> None:
    """Rate every project of the survey's form 满意, except the one at index `skipped` (−1: none).

    The projects are found by their ratings' keyed element containers, which the run itself draws.
    The radios inside are not: Streamlit loads its Radio code on first use (React.lazy), and on a
    busy machine the radios appear some 100-300 ms after the run has ended, in any order (seen: the
    last five first). Counted or indexed as they appear, the count fell short and nth(i) pointed at
    another project's radio.
    """
    form = main(page).get_by_test_id("stForm")
    levels = form.locator('[class*="st-key-survey_level_"]')  # one per project, in the page's order
    expect(levels.first).to_be_attached()
    wait_idle(page)
    count = levels.count()
    expect(form.get_by_test_id("stRadio")).to_have_count(count)  # every radio drawn
    for i in range(count):
        if i != skipped:
            choose(levels.nth(i).get_by_test_id("stRadio"), zh("survey_level.satisfied"))


def test_every_control_a_deputy_taps_is_a_fingers_height_on_a_phone(server: Server, new_context: NewContext) -> None:
    open_next_years_round(server)
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    open_page(page, server.url("/"))
    expect(main(page).get_by_role("button", name=zh("auth.sign_in"))).to_be_visible()
    assert small_targets(page) == [], "the sign-in form"
    deputy = deputy_without_answers(server, taken={"d011", "d012", "d013"})
    sign_in(page, server.url("/"), deputy)
    deputy_pages = [p for p in menu.PAGES if p.admits(server.actor(deputy)) and not p.kiosk]
    assert len(deputy_pages) >= 10
    for deputy_page in deputy_pages:
        open_page(page, server.url(url_path(deputy_page)))
        expect(main(page).get_by_role("heading", level=1).first).to_be_visible()
        assert small_targets(page) == [], deputy_page.path
    # The steps after the first screen: the ballot's review and the survey's review
    open_page(page, server.url("/vote"))
    main(page).get_by_test_id("stCheckbox").first.click()
    wait_idle(page)
    main(page).get_by_role("button", name=zh("ballot.to_review")).click()
    expect(main(page).get_by_role("button", name=zh("ballot.confirm"))).to_be_visible()
    assert small_targets(page) == [], "the ballot's review"
    open_page(page, server.url("/survey"))
    rate_all_but(page, -1)
    main(page).get_by_role("button", name=zh("survey.to_review")).click()
    expect(main(page).get_by_role("button", name=zh("survey.submit"))).to_be_visible()
    assert small_targets(page) == [], "the survey's review"


def test_on_a_phone_the_surveys_missing_rating_is_said_beside_the_button(
    server: Server, new_context: NewContext
) -> None:
    deputy = deputy_without_answers(server, taken={"d011", "d012", "d013", "d014"})
    page = on_phone(server, new_context, deputy)
    open_page(page, server.url("/survey"))
    rate_all_but(page, 0)  # the first project, a dozen screens above the button, left unrated
    button = main(page).get_by_role("button", name=zh("survey.to_review"))
    button.click()
    wait_idle(page)
    message = main(page).get_by_text(zh("survey.level_missing_which", numbers="1"))
    expect(message).to_be_in_viewport()  # where the tap was
    expect(button).to_be_in_viewport()
    no_sideways_scroll(page)
