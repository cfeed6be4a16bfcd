"""Supervision on screen: a deputy adds a finding on site, the office confirms it into the ledger."""

from datetime import date

from sqlalchemy import select

from db.core.session import read_scope, session_scope
from db.oversight import supervision
from db.oversight.models import Finding, RectificationItem
from db.projects import progress
from db.system.models import Deputy
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages.conftest import texts


def an_activity(session, deputy_codes=("d050",)):
    """An inspection this year of two projects, by the given deputies."""
    with read_scope() as s:
        projects = progress.year_progress(s, TODAY.year, TODAY)[:2]
    deputy_ids = list(fresh(session).scalars(select(Deputy.id).where(Deputy.code.in_(deputy_codes))))
    with session_scope() as s:
        activity_id = supervision.record_activity(
            s,
            actor_of(session, "office"),
            "inspection",
            date(TODAY.year, 10, 15),
            "视察老旧小区改造",
            "",
            [p.id for p in projects],
            deputy_ids,
        )
    return activity_id, projects


def test_a_deputy_adds_a_finding_and_the_office_confirms_it_into_the_ledger(open_page, demo_session):
    activity_id, projects = an_activity(demo_session)
    at = open_page("d050", "pages/supervision.py")
    assert "视察老旧小区改造" in texts(at)
    at.selectbox(key=f"finding_project_{activity_id}").set_value(projects[1].id)
    at.text_area(key=f"finding_seen_{activity_id}").input("加装电梯工地围挡破损，夜间无警示灯")
    at.text_area(key=f"finding_suggestion_{activity_id}").input("尽快修复围挡并加装警示灯")
    at = at.button(key=f"FormSubmitter:finding_{activity_id}-提交").click().run()
    assert not at.error and "已提交" in texts(at)
    finding = fresh(demo_session).scalar(select(Finding).where(Finding.activity_id == activity_id))
    assert (finding.project_id, finding.state) == (projects[1].id, "submitted")

    office = open_page("office", "pages/supervision.py")
    office.button(key=f"confirm_{finding.id}").click().run()
    assert "整改事项已建立" in texts(office)
    item = fresh(demo_session).scalar(select(RectificationItem).where(RectificationItem.source_id == finding.id))
    assert (item.source_kind, item.department_id) == ("finding", projects[1].lead_department_id)
    ledger = open_page("office", "pages/rectification.py").dataframe[0].value
    assert "监督发现" in ledger["来源"].tolist()
    assert not any("#" in source for source in ledger["来源"])  # no raw ids shown to people


def test_a_deputy_sees_only_activities_they_took_part_in(open_page, demo_session):
    an_activity(demo_session, deputy_codes=("d051",))
    assert "视察老旧小区改造" not in texts(open_page("d052", "pages/supervision.py"))


def test_the_office_cannot_record_an_activity_dated_after_today(open_page, demo_session):
    with read_scope() as s:
        project = progress.year_progress(s, TODAY.year, TODAY)[0]
    at = open_page("office", "pages/supervision.py")
    at.date_input(key="activity_day").set_value(date(TODAY.year, 12, 20))
    at.text_input(key="activity_title").input("未来的活动")
    at.multiselect(key="activity_projects").set_value([project.id])
    at = at.button(key=f"FormSubmitter:activity_{TODAY.year}-保存").click().run()
    assert at.error[0].value.startswith("只能登记已开展的活动")


def test_the_supervision_week_lists_visited_projects_with_their_findings(open_page, demo_session):
    with read_scope() as s:
        week = supervision.supervision_week(s, TODAY.year)
    table = open_page("leader", "pages/supervision.py").dataframe[0].value
    assert table["项目"].tolist() == [label for _, label in week.visited]
    assert table["发现问题"].tolist() == [week.findings_by_project.get(pid, 0) for pid, _ in week.visited]
    assert sum(table["发现问题"]) > 0  # the demo's week found something
