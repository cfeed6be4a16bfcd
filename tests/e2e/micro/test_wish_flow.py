"""A micro wish's way in the browser: recorded at a liaison station, claimed and fulfilled by a deputy.

The office records a resident's wish (directly in the server's database: recording has its own
page tests). On a phone, deputy d001 finds it on the wall — without the resident's name —
claims it, sees who asked under "my wishes", and marks it fulfilled with what was given. The
wall's counts of claimed and fulfilled wishes each rise by one. Demo data holds other wishes:
counts are compared, not fixed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from db.micro import wishes
from db.micro.models import MicroWish
from db.micro.wishes import WishEntry
from db.system.models import Deputy, Division
from tests.e2e.conftest import PHONE, NewContext, Server, choose, keyed, main, metric, open_page, sign_in, wait_idle, zh

pytestmark = pytest.mark.e2e

DEPUTY = "d001"
DIVISION = "江海区"
WISH = "端到端测试：为独居老人在卫生间安装扶手"
RESIDENT = "端木测试"
GIVEN = "已在卫生间和楼梯安装不锈钢扶手三处"


def on_the_wall(page: Page, label_key: str) -> int:
    """One of the wall's counts."""
    value = metric(page, zh(label_key))
    expect(value).to_have_count(1)
    return int(value.inner_text())


def test_a_deputy_claims_a_wish_on_the_wall_and_fulfils_it(server: Server, new_context: NewContext) -> None:
    deputy = new_context().new_page()
    deputy.set_viewport_size(PHONE)
    sign_in(deputy, server.url("/wishes"), DEPUTY)
    division_id = server.read(lambda s: s.scalar(select(Division.id).where(Division.name == DIVISION)))
    office = server.actor("office")
    wish_id = server.write(lambda s: wishes.record(s, office, WishEntry(WISH, RESIDENT, division_id, "elderly", 600)))
    label = f"{DIVISION} · {WISH[:30]}"

    # The wall: the wish is there, its resident is not.
    open_page(deputy, server.url("/wishes"))
    claimed_before, fulfilled_before = on_the_wall(deputy, "wish.claimed"), on_the_wall(deputy, "wish.fulfilled")
    expect(main(deputy).get_by_test_id("stDataFrame").first).to_be_visible()
    choose(deputy, zh("wish.choose"), label)
    expect(main(deputy).get_by_text(RESIDENT)).to_have_count(0)
    main(deputy).get_by_role("button", name=zh("wish_action.claim"), exact=True).click()
    expect(deputy.get_by_text(zh("wish.claimed_ok"))).to_be_visible()
    wait_idle(deputy)
    assert on_the_wall(deputy, "wish.claimed") == claimed_before + 1
    claimed = server.read(lambda s: s.get(MicroWish, wish_id))
    d001 = server.read(lambda s: s.scalar(select(Deputy.id).where(Deputy.code == DEPUTY)))
    assert (claimed.state, claimed.deputy_id) == ("claimed", d001)

    # My wishes: the claiming deputy sees who asked, and marks it fulfilled with what was given.
    open_page(deputy, server.url("/my_wishes"))
    choose(deputy, zh("wish.choose"), label)
    facts = zh("wish.facts", resident=RESIDENT, division=DIVISION, state=zh("wish_state.claimed"))
    expect(main(deputy).get_by_text(facts)).to_be_visible()
    # The action is chosen above its form (the date field shows for 已实现 only).
    action = keyed(deputy, f"my_act_action_{wish_id}")
    action.scroll_into_view_if_needed()
    action.get_by_test_id("stRadio").get_by_text(zh("wish_action.fulfil"), exact=True).click()
    form = main(deputy).get_by_test_id("stForm").filter(has=deputy.get_by_label(zh("wish.fulfilled_on")))
    expect(form).to_be_visible()
    form.get_by_role("textbox", name=zh("wish.act_text"), exact=True).fill(GIVEN)
    form.get_by_role("button", name=zh("reference.save"), exact=True).click()
    expect(deputy.get_by_text(zh("wish.done_fulfil"))).to_be_visible()
    wait_idle(deputy)
    expect(
        main(deputy).get_by_text(
            zh("wish.facts", resident=RESIDENT, division=DIVISION, state=zh("wish_state.fulfilled"))
        )
    ).to_be_visible()
    fulfilled = server.read(lambda s: s.get(MicroWish, wish_id))
    assert (fulfilled.state, fulfilled.outcome) == ("fulfilled", GIVEN)
    assert fulfilled.closed_on is not None

    # The wall counts it, and it is no longer waiting there.
    open_page(deputy, server.url("/wishes"))
    assert on_the_wall(deputy, "wish.fulfilled") == fulfilled_before + 1
    assert on_the_wall(deputy, "wish.claimed") == claimed_before + 1  # fulfilled wishes stay counted as claimed
    expect(main(deputy).get_by_text(RESIDENT)).to_have_count(0)


def test_tapping_claim_again_on_a_wish_just_claimed_says_it_is_already_yours(
    server: Server, new_context: NewContext
) -> None:
    deputy = new_context().new_page()
    deputy.set_viewport_size(PHONE)
    sign_in(deputy, server.url("/wishes"), "d002")
    division_id = server.read(lambda s: s.scalar(select(Division.id).where(Division.name == DIVISION)))
    office = server.actor("office")
    again = "端到端测试：为行动不便的老人送一台助行器"
    server.write(lambda s: wishes.record(s, office, WishEntry(again, RESIDENT, division_id, "elderly", 300)))
    open_page(deputy, server.url("/wishes"))
    choose(deputy, zh("wish.choose"), f"{DIVISION} · {again[:30]}")
    claim = main(deputy).get_by_role("button", name=zh("wish_action.claim"), exact=True)
    claim.click()
    expect(deputy.get_by_text(zh("wish.claimed_ok"))).to_be_visible()
    wait_idle(deputy)
    claim.click()
    expect(deputy.get_by_text(zh("wish.already_yours"))).to_be_visible()
    expect(deputy.get_by_text(zh("error.not_found"))).to_have_count(0)
