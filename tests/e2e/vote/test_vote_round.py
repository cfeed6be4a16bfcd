"""A whole vote (票决) in the browser: the office prepares and opens next year's round, three deputies
vote (one of them twice, refused), the office closes and publishes, a deputy verifies the receipt,
and the elected candidates are next year's projects.

The demo leaves next year's round as a draft with thirteen candidates. Three ballots can only
elect under the "more than half of the ballots cast" rule, so the office switches to it and to
three places; the picks make the result certain: the new candidate 3 votes, A and B 2, C 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import clock
from db.demo import session_name
from db.demo.pool.reference import DEPARTMENTS
from db.system.models import Year
from db.vote import candidates, voting
from db.vote.candidates import CandidateView
from db.vote.models import Participation, SealedBallot
from tests.e2e.conftest import (
    DEMO_PASSWORD,
    PHONE,
    NewContext,
    Server,
    auth_cookie,
    choose,
    combobox,
    main,
    metric,
    no_sideways_scroll,
    open_page,
    options_of,
    settle,
    sign_in,
    sign_out_button,
    submit_sign_in,
    wait_idle,
    zh,
)

pytestmark = pytest.mark.e2e

NEW_TITLE = "社区夜间应急药箱（端到端测试）"
NEW_BUDGET = "86.5"
LEAD = DEPARTMENTS[0][1]


# --- reading the server's database (the test's own bookkeeping, not what the pages show) --------


def ballots_and_voters(server: Server, round_id: int) -> tuple[int, int]:
    def count(session: Session) -> tuple[int, int]:
        ballots = session.scalar(select(func.count()).where(SealedBallot.round_id == round_id))
        voters = session.scalar(select(func.count()).where(Participation.round_id == round_id))
        return int(ballots or 0), int(voters or 0)

    return server.read(count)


# --- steps ------------------------------------------------------------------------------


def confirm_step(page: Page, confirm_key: str, button_key: str, done_key: str) -> None:
    """A button that is disabled until its confirmation box is ticked; then the change's message."""
    button = main(page).get_by_role("button", name=zh(button_key), exact=True)
    expect(button).to_be_disabled()
    page.get_by_test_id("stCheckbox").filter(has_text=zh(confirm_key)).click()
    expect(button).to_be_enabled()
    button.click()
    expect(page.get_by_text(zh(done_key))).to_be_visible()
    wait_idle(page)


def round_heading(page: Page, year: int, state: str) -> Locator:
    return page.get_by_role("heading", name=zh("vote.round_label", year=year, state=zh(f"vote_state.{state}")))


def ballot_box(page: Page, number: int, title: str) -> Locator:
    return main(page).get_by_test_id("stCheckbox").filter(has_text=f"{number}. {title}")


def tick(page: Page, ballot: Sequence[CandidateView], picks: Sequence[CandidateView], *, checked: bool = True) -> None:
    """Tick (or untick) candidates on the ballot (in the browser: the ballot is a form; a script keeps the count)."""
    for candidate in picks:
        box = ballot_box(page, ballot.index(candidate) + 1, candidate.title)
        box.click()
        expect(box.get_by_role("checkbox")).to_be_checked(checked=checked)


def to_review(page: Page, ballot: Sequence[CandidateView], picks: Sequence[CandidateView], max_picks: int) -> None:
    """From the ballot form to the review of `picks` (listed in ballot order)."""
    page.get_by_role("button", name=zh("ballot.to_review")).click()
    expect(page.get_by_text(zh("ballot.review_count", count=len(picks), max=max_picks))).to_be_visible()
    in_order = sorted(picks, key=ballot.index)
    expect(main(page).locator("ol li")).to_have_text([c.title for c in in_order])
    expect(main(page).get_by_test_id("stForm")).to_have_count(0)
    wait_idle(page)


def confirm_ballot(page: Page) -> str:
    """Confirm the reviewed ballot; return the receipt code it shows (once)."""
    page.get_by_role("button", name=zh("ballot.confirm"), exact=True).click()
    expect(page.get_by_text(zh("ballot.cast_final"))).to_be_visible()
    expect(page.get_by_text(zh("ballot.receipt_once"))).to_be_visible()
    receipt = main(page).get_by_test_id("stCode").locator("code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-F]{12}", receipt), receipt
    wait_idle(page)
    return receipt


def expect_already_cast(page: Page) -> None:
    """The deputy's page says the ballot is in and final, and offers no ballot."""
    expect(page.get_by_text(zh("ballot.already_cast"))).to_be_visible()
    expect(main(page).get_by_test_id("stForm")).to_have_count(0)
    expect(main(page).get_by_test_id("stCheckbox")).to_have_count(0)
    expect(page.get_by_role("button", name=zh("ballot.confirm"))).to_have_count(0)


def sign_in_together(url: str, logins: Sequence[tuple[Page, str]]) -> None:
    """conftest.sign_in for several people at once: their pages load and sign in side by side."""
    for page, _ in logins:
        page.goto(url)
    for page, username in logins:
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
        settle(page)
        submit_sign_in(page, username, DEMO_PASSWORD)
    for page, _ in logins:
        expect(sign_out_button(page)).to_be_visible()
        settle(page, signed_in=True)


# --- the whole round --------------------------------------------------------------------


def test_a_whole_round_from_opening_to_projects(server: Server, new_context: NewContext) -> None:
    year = clock.today().year + 1
    office = new_context().new_page()
    sign_in(office, server.url("/candidates"), "office")
    (draft,) = server.read(lambda s: voting.rounds(s, year))
    assert draft.state == "draft", draft
    demo = server.read(lambda s: candidates.candidates(s, year))

    # The office adds a candidate to next year's list by form.
    choose(office, zh("progress.year"), str(year))
    expect(office.get_by_text(zh("candidate.count", year=year, count=len(demo)))).to_be_visible()
    choose(office, zh("progress.col_department"), LEAD)
    office.get_by_role("textbox", name=zh("progress.col_title"), exact=True).fill(NEW_TITLE)
    budget = office.get_by_role("spinbutton", name=zh("candidate.budget"), exact=True)
    budget.fill(NEW_BUDGET)
    budget.press("Tab")
    office.get_by_test_id("stForm").get_by_role("button", name=zh("reference.save"), exact=True).click()
    expect(office.get_by_text(zh("reference.saved"))).to_be_visible()
    expect(office.get_by_text(zh("candidate.count", year=year, count=len(demo) + 1))).to_be_visible()
    wait_idle(office)
    ballot = server.read(lambda s: candidates.candidates(s, year))
    new = ballot[-1]
    assert (new.title, new.lead_department, new.estimated_budget) == (NEW_TITLE, LEAD, float(NEW_BUDGET))
    a, b, c = ballot[:3]

    # Rules: three places, three picks at most, more than half of the ballots cast passes.
    open_page(office, server.url("/vote_rounds"))
    choose(office, zh("progress.year"), str(year))
    expect(round_heading(office, year, "draft")).to_be_visible()
    office.get_by_test_id("stExpander").get_by_text(zh("vote.change_rules")).click()
    for label in ("vote.places", "vote.max_picks"):
        field = office.get_by_role("spinbutton", name=zh(label), exact=True)
        field.fill("3")
        field.press("Tab")
    office.get_by_test_id("stRadio").get_by_text(zh("vote_rule.ballots_half"), exact=True).click()
    office.get_by_test_id("stForm").get_by_role("button", name=zh("reference.save"), exact=True).click()
    expect(office.get_by_text(zh("reference.saved"))).to_be_visible()
    rules = zh(
        "vote.rules_summary", places=3, max=3, rule=zh("vote_rule.ballots_half"), floor=50, candidates=len(ballot)
    )
    expect(office.get_by_text(rules)).to_be_visible()
    wait_idle(office)

    # Open: the office names three tellers (2 of 3 count), is warned, and sees each share once.
    expect(office.get_by_text(zh("tellers.warning"))).to_be_visible()
    office.get_by_role("textbox", name=zh("tellers.names")).fill("张监票\n李监票\n王计票")
    office.get_by_role("button", name=zh("vote.open"), exact=True).click()
    expect(office.get_by_text(zh("vote.opened"))).to_be_visible()
    expect(office.get_by_text(zh("tellers.shares_once"))).to_be_visible()
    shares = main(office).get_by_test_id("stCode").locator("code")
    expect(shares).to_have_count(3)
    codes = [code.inner_text().strip() for code in shares.all()]
    wait_idle(office)
    office.get_by_role("button", name=zh("tellers.handed_out"), exact=True).click()
    expect(main(office).get_by_test_id("stCode")).to_have_count(0)
    expect(round_heading(office, year, "open")).to_be_visible()
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("0")
    electorate = metric(office, zh("vote.electorate")).inner_text()
    assert int(electorate) > 3, electorate
    expect(office.get_by_text(zh("vote.monitor_note"))).to_be_visible()

    # d001 at a desk, with the vote page in two tabs; d002 on a phone; d003 at a desk.
    first, phone, third = (new_context().new_page() for _ in range(3))
    phone.set_viewport_size(PHONE)
    sign_in_together(server.url("/vote"), [(first, "d001"), (phone, "d002"), (third, "d003")])
    auth_cookie(first)
    second_tab = first.context.new_page()
    open_page(second_tab, server.url("/vote"))  # signed in by the cookie: a session of its own

    for page in (first, second_tab, phone, third):
        expect(page.get_by_text(zh("ballot.instructions", year=year, places=3, max=3))).to_be_visible()
        expect(main(page).get_by_test_id("stCheckbox")).to_have_count(len(ballot))
    no_sideways_scroll(phone)

    # The same picks on both of d001's tabs, up to the review.
    for page in (first, second_tab):
        tick(page, ballot, [new, a, b])
        to_review(page, ballot, [new, a, b], 3)
    receipt = confirm_ballot(first)
    # The second tab confirms the same ballot again: refused, and it says the deputy has voted.
    second_tab.get_by_role("button", name=zh("ballot.confirm"), exact=True).click()
    expect_already_cast(second_tab)
    assert ballots_and_voters(server, draft.id) == (1, 1)

    # d002 on a phone: the same picks, so the result is certain.
    tick(phone, ballot, [a, new, b])
    to_review(phone, ballot, [new, a, b], 3)
    no_sideways_scroll(phone)
    confirm_ballot(phone)
    no_sideways_scroll(phone)

    # d003 ticks four (one too many), is sent back with the reason, drops two and votes.
    tick(third, ballot, [new, c, a, b])
    third.get_by_role("button", name=zh("ballot.to_review")).click()
    expect(third.get_by_text(zh("ballot.too_many", count=4, max=3))).to_be_visible()
    expect(ballot_box(third, 1, a.title).get_by_role("checkbox")).to_be_checked()  # the ticks are kept
    wait_idle(third)
    tick(third, ballot, [a, b], checked=False)
    to_review(third, ballot, [new, c], 3)
    confirm_ballot(third)

    # Once noted, the receipt is gone and the deputy sees that the ballot is in.
    first.get_by_role("button", name=zh("ballot.receipt_noted")).click()
    expect_already_cast(first)
    expect(main(first).get_by_text(receipt)).to_have_count(0)
    assert ballots_and_voters(server, draft.id) == (3, 3)

    # While open: the monitor counts the ballots by itself, and nothing shows votes per candidate.
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("3")  # no reload: it refreshes itself
    for test_id in ("stDataFrame", "stVegaLiteChart"):
        expect(main(office).get_by_test_id(test_id)).to_have_count(0)
    expect(main(office).locator("table")).to_have_count(0)  # nor a chart's numbers as a table
    auth_cookie(office)
    desk = office.context.new_page()  # the office's second tab, signed in by the cookie
    open_page(desk, server.url("/vote_screen"))
    expect(desk.get_by_text(zh("vote.screen_live", year=year))).to_be_visible()
    expect(desk.get_by_text(zh("vote.screen_turnout", cast=3, electorate=electorate))).to_be_visible()
    for candidate in ballot:
        expect(main(desk).get_by_text(candidate.title)).to_have_count(0)
    open_page(desk, server.url("/vote_results"))
    assert not [o for o in options_of(desk, zh("vote.round")) if str(year) in o]
    open_page(desk, server.url("/candidates"))
    choose(desk, zh("progress.year"), str(year))
    expect(desk.get_by_text(zh("candidate.frozen_note"))).to_be_visible()
    expect(main(desk).get_by_test_id("stForm")).to_have_count(0)
    # A deputy sees no projects for next year yet.
    open_page(third, server.url("/projects"))
    choose(third, zh("progress.year"), str(year))
    expect(third.get_by_text(zh("progress.no_projects", year=year))).to_be_visible()

    # Close: two of the three tellers enter their shares (the second teller's is lost); the office
    # alone sees the count, before publishing.
    for number, code in enumerate((codes[2], codes[0]), start=1):
        office.get_by_role("textbox", name=zh("tellers.entry", number=number), exact=True).fill(code)
    office.get_by_role("button", name=zh("tellers.close_and_count"), exact=True).click()
    expect(office.get_by_text(zh("vote.closed").split("{")[0])).to_be_visible()  # then the turnout closed at
    expect(round_heading(office, year, "closed")).to_be_visible()
    open_page(desk, server.url("/vote_results"))
    closed = zh("vote.round_label", year=year, state=zh("vote_state.closed"))
    expect(combobox(desk, zh("vote.round"))).to_have_value(closed)
    expect(desk.get_by_text(zh("vote.closed_preview"))).to_be_visible()
    expect(desk.get_by_text(zh("vote.threshold_statement", threshold=1.5, elected=3))).to_be_visible()
    expect(metric(desk, zh("vote.ballots_cast"))).to_have_text("3")
    expect(desk.get_by_test_id("stDataFrame")).to_be_visible()
    expect(main(desk).get_by_role("textbox", name=zh("vote.receipt_code"))).to_have_count(0)
    open_page(first, server.url("/vote_results"))  # a deputy: nothing until it is published
    assert not [o for o in options_of(first, zh("vote.round")) if str(year) in o]

    # Publish: the elected candidates become next year's projects.
    open_page(office, server.url("/vote_rounds"))
    choose(office, zh("progress.year"), str(year))
    # 3 of the electorate voted, below the floor: a second box naming the turnout first.
    low = office.get_by_test_id("stCheckbox").filter(has_text=f"（3/{electorate}）")
    expect(low).to_be_visible()
    low.click()
    wait_idle(office)
    confirm_step(office, "vote.publish_confirm", "vote.publish", "vote.published")
    expect(office.get_by_text(zh("vote.published_note", year=year))).to_be_visible()

    # The deputy with the receipt finds the ballot counted, and not its picks (a receipt cannot be sold).
    open_page(first, server.url("/vote_results"))
    published = zh("vote.round_label", year=year, state=zh("vote_state.published"))
    expect(combobox(first, zh("vote.round"))).to_have_value(published)
    expect(first.get_by_text(zh("vote.closed_preview"))).to_have_count(0)
    code = first.get_by_role("textbox", name=zh("vote.receipt_code"))
    code.fill("000000000000")
    first.get_by_role("button", name=zh("vote.verify"), exact=True).click()
    expect(first.get_by_text(zh("vote.receipt_unknown"))).to_be_visible()
    wait_idle(first)
    code.fill(receipt.lower())  # as typed from a note
    first.get_by_role("button", name=zh("vote.verify"), exact=True).click()
    expect(first.get_by_text(zh("vote.receipt_found"))).to_be_visible()
    expect(main(first).locator("ul li")).to_have_count(0)
    expect(first.get_by_role("button", name=zh("vote.download_ballots"))).to_be_visible()

    # The big screen names the three elected with their votes.
    open_page(desk, server.url("/vote_screen"))
    expect(desk.get_by_text(zh("vote.screen_summary", cast=3, electorate=electorate, elected=3))).to_be_visible()
    expect(main(desk).locator(".big-screen li .title")).to_have_text([new.title, a.title, b.title])
    expect(main(desk).locator(".big-screen li .votes")).to_have_text(["3 票", "2 票", "2 票"])

    # The projects, numbered by votes (A before B: ties go by candidate id), on a deputy's list.
    open_page(third, server.url("/projects"))
    choose(third, zh("progress.year"), str(year))
    expect(main(third).get_by_test_id("stPageLink-NavLink")).to_have_text(
        [f"1. {new.title}", f"2. {a.title}", f"3. {b.title}"]
    )
    expect(main(third).get_by_text(c.title)).to_have_count(0)


# --- creating a round --------------------------------------------------------------------


def test_the_office_creates_a_round_for_a_year_without_one(server: Server, new_context: NewContext) -> None:
    """Every demo year has its round, so a new year is put in directly (the admin's year form has its page test)."""
    office = new_context().new_page()
    sign_in(office, server.url("/vote_rounds"), "office")
    year = max(y for y in server.read(lambda s: list(s.scalars(select(Year.year))))) + 1

    server.write(lambda s: s.add(Year(year=year, session_name=session_name(year), places=10)))
    assert server.read(lambda s: voting.rounds(s, year)) == []
    open_page(office, server.url("/vote_rounds"))
    choose(office, zh("progress.year"), str(year))
    expect(office.get_by_text(zh("vote.no_round_for_year", year=year, candidates=0))).to_be_visible()
    places = office.get_by_role("spinbutton", name=zh("vote.places"), exact=True)
    expect(places).to_have_value("10")
    places.fill("9")
    places.press("Tab")
    picks = office.get_by_role("spinbutton", name=zh("vote.max_picks"), exact=True)
    picks.fill("8")
    picks.press("Tab")
    office.get_by_test_id("stForm").get_by_role("button", name=zh("reference.save"), exact=True).click()
    expect(office.get_by_text(zh("vote.round_created"))).to_be_visible()
    expect(round_heading(office, year, "draft")).to_be_visible()
    rules = zh("vote.rules_summary", places=9, max=8, rule=zh("vote_rule.electorate_half"), floor=50, candidates=0)
    expect(office.get_by_text(rules)).to_be_visible()
    wait_idle(office)
    (created,) = server.read(lambda s: voting.rounds(s, year))
    assert (created.state, created.places, created.max_picks, created.threshold_rule) == (
        "draft",
        9,
        8,
        "electorate_half",
    )

    # Without candidates it cannot open: refused with the reason, still a draft.
    office.get_by_role("textbox", name=zh("tellers.names")).fill("张监票\n李监票\n王计票")
    main(office).get_by_role("button", name=zh("vote.open"), exact=True).click()
    expect(office.get_by_text(zh("vote.no_candidates"))).to_be_visible()
    expect(main(office).get_by_test_id("stCode")).to_have_count(0)  # no shares of a round that did not open
    wait_idle(office)
    expect(round_heading(office, year, "draft")).to_be_visible()
    assert server.read(lambda s: voting.rounds(s, year))[0].state == "draft"
