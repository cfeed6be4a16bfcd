"""A department reports a month's progress by form; a leader then sees the new figure."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from db.core import clock
from db.projects import progress
from tests.e2e.conftest import TIMEOUT_MS, open_page, sign_in, sign_out_button, tile, wait_idle, zh

pytestmark = pytest.mark.e2e


def current_projects(server):
    return server.read(lambda s: progress.year_progress(s, clock.today().year, clock.today()))


def test_a_liaison_reports_by_form_and_the_leader_sees_the_new_figure(server, new_context):
    page = new_context().new_page()
    unfinished = [p for p in current_projects(server) if p.status != "done"]
    project = min(unfinished, key=lambda p: p.number)
    liaison = next(
        f"dept_{code}"
        for code in server.department_codes()
        if server.actor(f"dept_{code}").department_id == project.lead_department_id
    )
    sign_in(page, server.url("/report_progress"), liaison)
    this_month = clock.today().strftime("%Y-%m")
    page.get_by_test_id("stSelectbox").filter(has_text=zh("report.month")).click()
    page.get_by_role("option", name=this_month).click()
    wait_idle(page)
    page.get_by_test_id("stSelectbox").filter(has_text=zh("project.choose")).click()
    page.get_by_role("option", name=f"{project.number}. {project.title}").click()
    wait_idle(page)
    for indicator in project.indicators:
        field = page.get_by_role("spinbutton", name=f"{indicator.name}（{indicator.unit}）", exact=False)
        field.fill(f"{indicator.target:.2f}")
        field.press("Tab")
    page.get_by_role("button", name=zh("report.submit")).click()
    expect(page.get_by_text(zh("report.saved"))).to_be_visible(timeout=TIMEOUT_MS)
    sign_out_button(page).click()
    expect(page.get_by_role("textbox", name=zh("auth.username"), exact=True)).to_be_visible(timeout=TIMEOUT_MS)

    leader = new_context().new_page()
    sign_in(leader, server.url("/"), "leader")
    open_page(leader, server.url(f"/project?id={project.id}"))
    expect(leader.get_by_test_id("stMetricValue").first).to_have_text("100.0%", timeout=TIMEOUT_MS)
    expect(leader.get_by_text(zh("status.done")).first).to_be_visible()
    open_page(leader, server.url("/dashboard"))
    overall = sum(p.completion for p in current_projects(server)) / 10
    expect(tile(leader, zh("dashboard.overall"))).to_have_text(f"{overall * 100:.1f}%", timeout=TIMEOUT_MS)
