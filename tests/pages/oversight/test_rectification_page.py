"""The rectification ledger's page: the office opens an item, the department works it, the office verifies."""

from datetime import timedelta

from sqlalchemy import select

from components.oversight.problem_text import wording
from db.core.session import read_scope, session_scope
from db.demo.pool.reference import LEAD_DEPARTMENT_CODES
from db.oversight import rectification
from db.oversight.models import RectificationItem
from db.projects import progress
from db.system.models import Department
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages.conftest import texts


def led_project(session):
    """This year's first project whose lead department has a demo liaison: (project, liaison's username)."""
    codes = dict(fresh(session).execute(select(Department.id, Department.code)).all())
    with read_scope() as s:
        project = next(
            p
            for p in progress.year_progress(s, TODAY.year, TODAY)
            if codes[p.lead_department_id] in LEAD_DEPARTMENT_CODES
        )
    return project, f"dept_{codes[project.lead_department_id]}"


def dashboard_line(open_page):
    return next(
        link.proto.label
        for link in open_page("leader", "pages/dashboard.py").get("page_link")
        if link.proto.label.startswith("整改事项")
    )


def current_state(item_id):
    with read_scope() as s:
        return s.get(RectificationItem, item_id).state


def move(at, item_id, target_label, note="", evidence=""):
    at.selectbox(key="ledger_item").set_value(item_id).run()
    state = current_state(item_id)
    at.radio(key=f"move_target_{item_id}").set_value(
        next(o for o in at.radio(key=f"move_target_{item_id}").options if o == target_label)
    )
    at.text_area(key=f"move_note_{item_id}_{state}").input(note)
    at.text_area(key=f"move_evidence_{item_id}_{state}").input(evidence)
    return at.button(key=f"FormSubmitter:move_{item_id}-保存").click().run()


def test_the_office_opens_an_item_the_department_rectifies_it_and_the_office_verifies_it(open_page, demo_session):
    project, liaison = led_project(demo_session)
    before = dashboard_line(open_page)
    at = open_page("office", "pages/rectification.py")
    at.selectbox(key="new_item_year").set_value(TODAY.year).run()
    at.selectbox(key="new_item_project").set_value(project.id)
    at.text_area(key="new_item_problem").input("校门口接送区域拥堵，缺少安全护栏")
    at = at.button(key="FormSubmitter:new_item-保存").click().run()
    assert not at.error and "已保存" in texts(at)
    item = fresh(demo_session).scalar(
        select(RectificationItem).where(RectificationItem.problem == "校门口接送区域拥堵，缺少安全护栏")
    )
    assert (item.state, item.deadline) == ("open", TODAY + timedelta(days=60))
    assert dashboard_line(open_page) != before

    department = open_page(liaison, "pages/rectification.py")
    department.selectbox(key="ledger_item").set_value(item.id).run()
    assert department.radio(key=f"move_target_{item.id}").options == ["整改中"]  # no verifying of its own
    department = move(department, item.id, "整改中", note="已制定方案")
    department = move(department, item.id, "已整改待核实")
    assert department.error[0].value.startswith("标记为已整改须写明整改情况")
    department = move(department, item.id, "已整改待核实", evidence="已加装护栏 60 米，设置临时接送点")
    assert "已保存" in texts(department)

    office = open_page("office", "pages/rectification.py")
    office.selectbox(key="ledger_item").set_value(item.id).run()
    assert set(office.radio(key=f"move_target_{item.id}").options) == {"已核实办结", "整改中", "已驳回"}
    move(office, item.id, "已核实办结", note="现场核实")
    assert fresh(demo_session).get(RectificationItem, item.id).state == "verified"
    assert dashboard_line(open_page) == before


def test_a_department_sees_only_its_own_items_with_the_overdue_first(open_page, demo_session, monkeypatch):
    project, liaison = led_project(demo_session)
    office = actor_of(demo_session, "office")
    with session_scope() as s:
        rectification.open_item(s, office, project.id, "逾期未整改的问题", TODAY)
        other = fresh(demo_session).scalar(select(Department.id).where(Department.id != project.lead_department_id))
        rectification.open_item(
            s, office, project.id, "别的单位负责的问题", TODAY + timedelta(days=5), department_id=other
        )
    monkeypatch.setattr("db.core.clock.today", lambda: TODAY + timedelta(days=1))  # the first is now overdue
    at = open_page(liaison, "pages/rectification.py")
    departments = set(at.dataframe[0].value["责任单位"])
    shown = at.dataframe[0].value["问题"].tolist()
    assert len(departments) == 1 and "别的单位负责的问题" not in shown and "逾期未整改的问题" in shown
    overdue = at.dataframe[0].value["逾期"].tolist()
    assert overdue == sorted(overdue, reverse=True)  # the overdue ("⚠️") first
    assert at.selectbox(key="ledger_item").options[0].startswith("⚠️")


def test_a_departments_home_page_lists_its_items_to_work_on(open_page, demo_session):
    project, liaison = led_project(demo_session)
    before = texts(open_page(liaison, "app.py"))
    with session_scope() as s:
        rectification.open_item(s, actor_of(demo_session, "office"), project.id, "护栏缺失", TODAY)
    after = texts(open_page(liaison, "app.py"))
    assert after != before and "整改事项待办理" in after


def test_the_ledger_words_the_items_a_rule_opened_in_the_readers_language(open_page, demo_session):
    with read_scope() as s:
        items = s.scalars(select(RectificationItem)).all()
        worded = [wording(i.problem_key, i.problem_params or {}, i.problem) for i in items]
        kinds = {i.problem_key for i in items}
    assert {"rectification.problem_survey", "rectification.problem_review", "rectification.problem_finding"} <= kinds
    at = open_page("office", "pages/rectification.py")
    shown = at.dataframe[0].value["问题"].tolist()
    assert sorted(shown) == sorted(worded)
    assert any(text.startswith(f"{TODAY.year - 1} 年度年终满意度测评：综合满意率 ") for text in shown)
    assert any(text.startswith("回头看·") and "较差：" in text for text in shown)
    assert any("（建议：" in text for text in shown)
