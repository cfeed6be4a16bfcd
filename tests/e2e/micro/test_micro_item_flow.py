"""A micro item's whole way in the browser (微实事: 代表提、政府办、人大督).

Deputy d001, on a phone, proposes a guardrail; the office screens it and assigns it to the
education bureau with the special fund; the bureau's liaison starts it and reports it done; d001
finds the rating on their home page's to-do, accepts and rates it 满意; the leaders' overview
counts one more item, one more done, and its rating in the satisfaction rate. Demo data holds
other items: counts are compared, not fixed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from db.core import clock
from db.micro import item_reads as micro_reads
from db.micro.models import MicroItem
from db.survey.rules import Level
from tests.e2e.conftest import (
    PHONE,
    NewContext,
    Server,
    choose,
    form_with,
    keyed,
    main,
    metric,
    open_page,
    settle,
    sign_in,
    wait_idle,
    zh,
)
from tests.factories import reader

pytestmark = pytest.mark.e2e

DEPUTY = "d001"
TITLE = "端到端测试：东安村村口弯道加装护栏"
PROBLEM = "村口急弯处临河一侧没有护栏，夜间视线差"
RESULT = "已安装波形护栏 80 米并增设警示标志"


def item_of(server: Server) -> MicroItem:
    return server.read(lambda s: s.scalars(select(MicroItem).where(MicroItem.title == TITLE)).one())


def saved(page: Page, message: str) -> None:
    expect(page.get_by_text(message)).to_be_visible()
    wait_idle(page)


def on_overview(leader: Page, server: Server) -> dict[str, str]:
    """The overview's figures: items, done, satisfaction rate."""
    open_page(leader, server.url("/micro_overview"))
    return {
        key: metric(leader, zh(key)).inner_text() for key in ("micro.total", "micro.done_count", "micro.satisfaction")
    }


def ratings_of_the_year(server: Server) -> tuple[int, int]:
    """This year's rated items: 满意 or 基本满意, and all."""
    today = clock.today()
    ratings = server.read(lambda s: micro_reads.overview(s, reader(), today.year, today).ratings)
    return ratings.get(Level.SATISFIED, 0) + ratings.get(Level.BASICALLY_SATISFIED, 0), sum(ratings.values())


def test_a_deputy_proposes_the_office_assigns_the_department_completes_and_the_deputy_rates(
    server: Server, new_context: NewContext
) -> None:
    leader = new_context().new_page()
    sign_in(leader, server.url("/micro_overview"), "leader")
    before = on_overview(leader, server)
    pleased, rated_items = ratings_of_the_year(server)

    # The deputy proposes from a phone.
    deputy = new_context().new_page()
    deputy.set_viewport_size(PHONE)
    sign_in(deputy, server.url("/micro_items"), DEPUTY)
    main(deputy).get_by_text(zh("micro.new")).click()
    form = form_with(deputy, "micro_new_title")
    form.get_by_role("textbox", name=zh("micro.title"), exact=True).fill(TITLE)
    form.get_by_role("textbox", name=zh("micro.problem"), exact=True).fill(PROBLEM)
    form.get_by_role("textbox", name=zh("micro.town"), exact=True).fill("棠下镇")
    form.get_by_role("textbox", name=zh("micro.village"), exact=True).fill("东安村")
    form.get_by_role("textbox", name=zh("micro.beneficiaries"), exact=True).fill("东安村村民约 800 人")
    form.get_by_role("spinbutton", name=zh("micro.estimated_cost"), exact=True).fill("12.5")
    form.get_by_role("button", name=zh("micro.submit"), exact=True).click()
    saved(deputy, zh("micro.proposed"))
    assert deputy.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    item = item_of(server)
    division = server.read(lambda s: micro_reads.item(s, reader(), item.id, clock.today()).division)
    label = f"{TITLE} · {division}"
    assert (item.state, float(item.estimated_cost), item.town, item.village) == ("proposed", 12.5, "棠下镇", "东安村")

    # The office screens it in, then assigns it to the education bureau with the special fund.
    office = new_context().new_page()
    sign_in(office, server.url("/micro_office"), "office")
    choose(office, keyed(office, "screen_item"), label)
    form_with(office, f"screen_accept_{item.id}").get_by_role("button", name=zh("reference.save")).click()
    saved(office, zh("micro.screened"))
    assert item_of(server).state == "screened"
    assign_part = zh("micro.tab_assign", count=0).split("（")[0]
    keyed(office, "micro_office_part").get_by_text(re.compile("^" + assign_part)).click()
    settle(office)
    choose(office, keyed(office, "assign_item"), label)
    expect(main(office).get_by_text(re.compile("微实事专项资金.*可用"))).to_be_visible()
    form = form_with(office, f"assign_fund_{item.id}")
    choose(office, keyed(office, f"assign_department_{item.id}"), "市教育局")
    form.get_by_text(zh("micro_fund.special"), exact=True).click()
    form.get_by_role("button", name=zh("micro.assign"), exact=True).click()
    saved(office, zh("micro.assigned"))
    assigned = item_of(server)
    assert (assigned.state, assigned.fund, assigned.deadline is not None) == ("assigned", "special", True)

    # The bureau's liaison starts it and reports it done.
    department = new_context().new_page()
    sign_in(department, server.url("/micro_queue"), "dept_jyj")
    choose(department, keyed(department, "micro_queue_item"), label)
    form_with(department, f"start_note_{item.id}").get_by_role("button", name=zh("micro.start")).click()
    saved(department, zh("micro.started"))
    form = form_with(department, f"done_result_{item.id}_0")
    form.get_by_role("textbox", name=zh("micro.result"), exact=True).fill(RESULT)
    form.get_by_role("spinbutton", name=zh("micro.actual_cost"), exact=True).fill("11.8")
    form.get_by_role("button", name=zh("micro.complete"), exact=True).click()
    saved(department, zh("micro.completed"))
    done = item_of(server)
    assert (done.state, done.result, float(done.actual_cost)) == ("done", RESULT, 11.8)

    # The deputy sees the to-do at home, and accepts and rates it.
    waiting = server.read(lambda s: micro_reads.awaiting_rating(s, server.actor(DEPUTY), clock.today()))
    open_page(deputy, server.url("/"))
    expect(main(deputy).get_by_text(zh("home.micro_todo", count=len(waiting)))).to_be_visible()
    open_page(deputy, server.url("/micro_items"))
    form = form_with(deputy, f"micro_rate_rating_{item.id}")
    form.scroll_into_view_if_needed()
    form.get_by_text(zh("micro_rating.satisfied"), exact=True).click()
    form.get_by_role("textbox", name=zh("micro.comment"), exact=True).fill("护栏结实，群众满意")
    form.get_by_role("button", name=zh("micro.rate"), exact=True).click()
    saved(deputy, zh("micro.rated"))
    rated = item_of(server)
    assert (rated.state, rated.rating, rated.rated_on_behalf) == ("accepted", "satisfied", False)

    # The leaders' overview counts it: one more item, one more done, and a 满意 in the rate.
    after = on_overview(leader, server)
    assert int(after["micro.total"]) == int(before["micro.total"]) + 1
    assert int(after["micro.done_count"]) == int(before["micro.done_count"]) + 1
    assert ratings_of_the_year(server) == (pleased + 1, rated_items + 1)
    assert after["micro.satisfaction"] == f"{(pleased + 1) / (rated_items + 1):.0%}"
