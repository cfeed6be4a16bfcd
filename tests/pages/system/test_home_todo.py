"""The office's home page has a to-do summary, as departments and deputies have theirs."""

from __future__ import annotations

from db.core import clock
from db.core.session import read_scope
from db.micro import item_reads
from db.micro.item_reads import ItemFilter
from db.micro.rules import MicroState
from db.oversight import rectification
from db.oversight.rectification import LedgerFilter
from db.oversight.rules import RectificationState
from tests.factories import actor_of
from tests.pages.conftest import texts


def test_the_office_home_lists_what_waits_for_it_with_links(open_page, demo_session):
    office, today = actor_of(demo_session, "office"), clock.today()
    with read_scope() as s:
        verify = len(rectification.ledger(s, office, LedgerFilter(states=(RectificationState.RECTIFIED,)), today))
        unfinished, overdue = rectification.open_counts(s, today)
        to_screen = len(item_reads.items(s, office, ItemFilter(states=(MicroState.PROPOSED,)), today))
    assert verify or overdue or to_screen  # the demo leaves the office something to do
    at = open_page("office", "app.py")
    assert not at.exception and "待办事项" in [h.value for h in at.header]
    screen = texts(at)
    if verify or overdue:
        assert f"整改事项：{verify} 项已报整改、待核实；未办结 {unfinished} 项，其中逾期 {overdue} 项。" in screen
    if to_screen:
        assert f"微实事：{to_screen} 项新提出、待初审。" in screen
    links = [link.proto.page for link in at.get("page_link")]
    assert any("rectification" in page for page in links) or not (verify or overdue)


def test_a_leader_home_has_no_office_to_do(open_page):
    assert "待办事项" not in [h.value for h in open_page("leader", "app.py").header]
