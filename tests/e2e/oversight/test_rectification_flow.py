"""A finding's whole way through the ledger in the browser (issue 5, "Done means").

The office records an inspection of one of this year's projects with deputy d060 (directly in
the server's database: recording activities has its own page tests). On a phone, d060 adds a
finding to it; the office confirms it, which opens a rectification item for the project's lead
department; the department's liaison takes it on and marks it rectified with evidence; the
office verifies it. The leader's dashboard line "未办结 N 项" counts the item while it is open
and drops it once verified. Demo data may hold other items: counts are compared, not fixed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from components.oversight.problem_text import problem_text
from db.core import clock
from db.oversight import supervision
from db.oversight.models import Finding, RectificationItem
from db.oversight.rectification import ItemView, LedgerFilter, ledger
from db.oversight.rules import RectificationState
from db.projects.models import Project
from db.system.models import Account
from tests.e2e.conftest import (
    PHONE,
    NewContext,
    Server,
    choose,
    form_with,
    keyed,
    main,
    open_page,
    sign_in,
    wait_idle,
    zh,
)
from tests.factories import reader

pytestmark = pytest.mark.e2e

DEPUTY = "d060"
TITLE = "民生实事现场视察（端到端测试）"
SEEN = "端到端测试：三号楼加装电梯井道渗水，施工围挡占用消防通道"
SUGGESTION = "尽快修复防水层，围挡退让出消防通道"
EVIDENCE = "已重做井道防水层并闭水试验合格；围挡已退让，消防通道畅通（附现场照片 3 张）"
WORKED_ON = (RectificationState.OPEN, RectificationState.IN_PROGRESS)  # a department's to-do on its home page
UNFINISHED = re.compile(r"未办结 (\d+) 项")


# --- the server's database (the test's own bookkeeping, not what the pages show) ----------------


def project_with_liaison(server: Server) -> tuple[Project, str]:
    """One of this year's projects whose lead department has a demo liaison account, and that account."""
    liaisons = {server.actor(f"dept_{code}").department_id: f"dept_{code}" for code in server.department_codes()}
    projects = server.read(
        lambda s: list(s.scalars(select(Project).where(Project.year == clock.today().year).order_by(Project.number))),
    )
    project = next(p for p in projects if p.lead_department_id in liaisons)
    return project, liaisons[project.lead_department_id]


def finding_of(server: Server, activity_id: int) -> Finding:
    (finding,) = server.read(lambda s: list(s.scalars(select(Finding).where(Finding.activity_id == activity_id))))
    return finding


def item_view(server: Server, item_id: int) -> ItemView:
    views = server.read(lambda s: ledger(s, reader(), LedgerFilter(), clock.today()))
    return next(v for v in views if v.id == item_id)


def item_state(server: Server, item_id: int) -> RectificationItem:
    return server.read(lambda s: s.get(RectificationItem, item_id))


def account_id(server: Server, username: str) -> int:
    return server.read(lambda s: s.scalar(select(Account.id).where(Account.username == username)))


# --- steps ---------------------------------------------------------------------------------


def unfinished_on_dashboard(leader: Page, server: Server) -> int:
    """The number in the leader's dashboard line "整改事项：未办结 N 项，其中逾期 M 项"."""
    open_page(leader, server.url("/dashboard"))
    prefix = zh("dashboard.rectification", unfinished=0, overdue=0).split("0")[0]  # "整改事项：未办结 "
    line = main(leader).get_by_test_id("stPageLink-NavLink").filter(has_text=prefix)
    expect(line).to_have_count(1)
    match = UNFINISHED.search(line.inner_text())
    assert match, line.inner_text()
    return int(match.group(1))


def move_item(page: Page, item: ItemView, target: str, *, note: str = "", evidence: str | None = None) -> None:
    """On the ledger page: pick the item, choose the move, write the note (and evidence), save."""
    choose(page, zh("rectification.item"), f"{item.project} · {problem_text(item)[:30]}")
    form = form_with(page, f"move_target_{item.id}")
    expect(form).to_be_visible()
    form.get_by_test_id("stRadio").get_by_text(zh(f"rectification_state.{target}"), exact=True).click()
    if note:
        form.get_by_role("textbox", name=zh("rectification.note"), exact=True).fill(note)
    if evidence is not None:
        form.get_by_role("textbox", name=zh("rectification.evidence"), exact=True).fill(evidence)
    form.get_by_role("button", name=zh("reference.save"), exact=True).click()
    # The previous move's "saved" may still be on screen: wait for the radio to offer the next moves.
    expect(
        form_with(page, f"move_target_{item.id}")
        .get_by_test_id("stRadio")
        .get_by_text(zh(f"rectification_state.{target}"), exact=True)
    ).to_have_count(0)
    expect(page.get_by_text(zh("reference.saved"))).to_be_visible()
    wait_idle(page)


def radio_options(page: Page, item_id: int) -> list[str]:
    expect(form_with(page, f"move_target_{item_id}")).to_be_visible()  # the rerun choosing the item has drawn it
    wait_idle(page)
    radios = form_with(page, f"move_target_{item_id}").get_by_test_id("stRadio").get_by_role("radio")
    expect(radios.first).to_be_attached()  # the form's frame may be drawn a moment before its choices
    return radios.evaluate_all("radios => radios.map(r => r.closest('label').innerText.trim())")


# --- the whole way ---------------------------------------------------------------------------


def test_a_deputys_finding_is_confirmed_rectified_and_verified(server: Server, new_context: NewContext) -> None:
    today = clock.today()
    office = new_context().new_page()
    sign_in(office, server.url("/supervision"), "office")
    project, liaison = project_with_liaison(server)
    deputy_id = server.actor(DEPUTY).deputy_id
    activity_id = server.write(
        lambda s: supervision.record_activity(
            s, server.actor("office"), "inspection", today, TITLE, "端到端测试的视察活动", [project.id], [deputy_id]
        ),
    )
    project_label = f"{project.number}. {project.title}"

    leader = new_context().new_page()
    sign_in(leader, server.url("/dashboard"), "leader")
    before = unfinished_on_dashboard(leader, server)

    # The deputy, on a phone at the site, adds what they saw to the activity they take part in.
    deputy = new_context().new_page()
    deputy.set_viewport_size(PHONE)
    sign_in(deputy, server.url("/supervision"), DEPUTY)
    expect(deputy.get_by_role("heading", name=zh("supervision.my_activities"))).to_be_visible()
    form = form_with(deputy, f"finding_seen_{activity_id}")
    form.scroll_into_view_if_needed()
    expect(form.get_by_role("combobox", name=zh("supervision.projects"), exact=True)).to_have_value(project_label)
    form.get_by_role("textbox", name=zh("supervision.seen"), exact=True).fill(SEEN)
    form.get_by_role("textbox", name=zh("supervision.suggestion"), exact=True).fill(SUGGESTION)
    form.get_by_role("button", name=zh("supervision.submit"), exact=True).click()
    expect(deputy.get_by_text(zh("supervision.finding_added"))).to_be_visible()
    wait_idle(deputy)
    expect(main(deputy).get_by_text(f"{SEEN} — {SUGGESTION}")).to_be_visible()
    expect(main(deputy).get_by_text(zh("finding_state.submitted"), exact=False).first).to_be_visible()
    assert deputy.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finding = finding_of(server, activity_id)
    assert (finding.project_id, finding.seen, finding.suggestion, finding.state, finding.author_id) == (
        project.id,
        SEEN,
        SUGGESTION,
        "submitted",
        account_id(server, DEPUTY),
    )
    # A deputy has no say in what becomes of it.
    expect(keyed(deputy, f"confirm_{finding.id}")).to_have_count(0)

    # The office confirms it: an item for the project's lead department, with the default deadline.
    open_page(office, server.url("/supervision"))
    confirm = keyed(office, f"confirm_{finding.id}").get_by_role("button")
    confirm.scroll_into_view_if_needed()
    expect(confirm).to_have_text(zh("supervision.confirm"))
    confirm.click()
    expect(office.get_by_text(zh("supervision.confirmed"))).to_be_visible()
    wait_idle(office)
    expect(keyed(office, f"confirm_{finding.id}")).to_have_count(0)
    finding = finding_of(server, activity_id)
    assert finding.state == "confirmed" and finding.rectification_item_id is not None, finding
    item = item_view(server, finding.rectification_item_id)
    assert (item.state, item.project_id, item.department_id, item.source_kind, item.source_id) == (
        RectificationState.OPEN,
        project.id,
        project.lead_department_id,
        "finding",
        finding.id,
    )
    assert (item.problem, item.problem_key, item.problem_params) == (
        SEEN,
        "rectification.problem_finding",
        {"suggestion": SUGGESTION},
    )
    assert (item.deadline - today).days == 60 and not item.overdue
    assert unfinished_on_dashboard(leader, server) == before + 1

    # The department finds it on its home page's to-do, takes it on, then reports it rectified.
    department = new_context().new_page()
    sign_in(department, server.url("/"), liaison)
    todo = server.read(
        lambda s: ledger(s, reader(), LedgerFilter(department_id=item.department_id, states=WORKED_ON), today)
    )
    assert item.id in [i.id for i in todo]
    todo_line = zh("home.rectification_todo", count=len(todo), overdue=sum(i.overdue for i in todo))
    expect(main(department).get_by_text(todo_line)).to_be_visible()
    open_page(department, server.url("/rectification"))
    choose(department, zh("rectification.item"), f"{item.project} · {problem_text(item)[:30]}")
    assert radio_options(department, item.id) == [zh("rectification_state.in_progress")]
    move_item(department, item, RectificationState.IN_PROGRESS, note="已约谈施工单位，制定整改方案")
    assert item_state(server, item.id).state == RectificationState.IN_PROGRESS
    assert radio_options(department, item.id) == [zh("rectification_state.rectified")]
    move_item(department, item, RectificationState.RECTIFIED, note="整改完成，请核实", evidence=EVIDENCE)
    rectified = item_state(server, item.id)
    assert (rectified.state, rectified.evidence, rectified.closed_at) == (RectificationState.RECTIFIED, EVIDENCE, None)
    expect(form_with(department, f"move_target_{item.id}")).to_have_count(0)  # verifying is the office's
    assert unfinished_on_dashboard(leader, server) == before + 1  # rectified, not yet verified

    # The office verifies it: closed, by the office; the leader's count drops back.
    open_page(office, server.url("/rectification"))
    choose(office, zh("rectification.item"), f"{item.project} · {problem_text(item)[:30]}")
    assert radio_options(office, item.id) == [
        zh("rectification_state.verified"),
        zh("rectification_state.in_progress"),
        zh("rectification_state.rejected"),
    ]
    expect(
        form_with(office, f"move_target_{item.id}").get_by_role("textbox", name=zh("rectification.evidence"))
    ).to_have_value(EVIDENCE)
    move_item(office, item, RectificationState.VERIFIED, note="现场复核属实")
    verified = item_state(server, item.id)
    assert (verified.state, verified.closed_by, verified.evidence) == (
        RectificationState.VERIFIED,
        account_id(server, "office"),
        EVIDENCE,
    )
    assert verified.closed_at is not None
    notes = item_view(server, item.id).notes
    assert [n.state_after for n in notes] == [
        RectificationState.IN_PROGRESS,
        RectificationState.RECTIFIED,
        RectificationState.VERIFIED,
    ]
    assert unfinished_on_dashboard(leader, server) == before
