"""Micro items' pages (微实事): a deputy proposes, the office screens and assigns, the department
completes, the deputy rates; the leaders' overview counts it. Refusals reach the screen in Chinese."""

from datetime import datetime

from sqlalchemy import func, select

from components.micro import labels
from components.shell import cached
from db.core import clock
from db.core.session import read_scope, session_scope
from db.micro import item_reads as micro_reads
from db.micro import items as micro_items
from db.micro.models import MicroAttachment, MicroItem
from db.system.models import Department, Division
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages.conftest import shown, signed_in, texts

TITLE = "页面测试：东安村村口加装护栏"


def propose(open_page, **fields):
    at = open_page("d001", "pages/micro_items.py")
    values = {
        "title": TITLE,
        "problem": "村口急弯处没有护栏",
        "town": "棠下镇",
        "village": "东安村",
        "beneficiaries": "东安村村民约 800 人",
        **fields,
    }
    for name in ("title", "town", "village", "beneficiaries"):
        at.text_input(key=f"micro_new_{name}").input(values[name])
    at.text_area(key="micro_new_problem").input(values["problem"])
    at.number_input(key="micro_new_cost").set_value(values.get("cost", 12.5))
    return at.button(key="FormSubmitter:micro_new-提交").click().run()


def test_after_a_saved_proposal_the_form_starts_anew_and_empty(open_page, demo_session):
    at = propose(open_page)
    assert "微实事已提交" in texts(at)
    keys = {w.key for w in at.text_input} | {w.key for w in at.text_area}
    assert "micro_new_title" not in keys  # the browser's old form is gone, so a second tap cannot resend it
    for name in ("title", "town", "village", "beneficiaries"):
        assert at.text_input(key=f"micro_new_r1_{name}").value == ""
    assert at.text_area(key="micro_new_r1_problem").value == ""
    assert at.number_input(key="micro_new_r1_cost").value is None


def item_named(session, title=TITLE):
    return fresh(session).scalar(select(MicroItem).where(MicroItem.title == title))


def overview_total(open_page):
    at = open_page("leader", "pages/micro_overview.py")
    assert not at.exception
    return int(next(m.value for m in at.metric if m.label == "事项总数"))


def test_a_deputy_proposes_the_office_screens_and_assigns_the_department_completes_and_the_deputy_rates(
    open_page, demo_session
):
    before = overview_total(open_page)
    at = propose(open_page)
    assert not at.exception and not at.error, texts(at)
    assert "微实事已提交" in texts(at)
    assert at.text_input(key="micro_new_r1_title").value == ""  # the form is empty again (a new round)
    item = item_named(demo_session)
    d001 = actor_of(demo_session, "d001")
    assert (item.state, item.deputy_id, item.town, float(item.estimated_cost)) == (
        "proposed",
        d001.deputy_id,
        "棠下镇",
        12.5,
    )
    assert overview_total(open_page) == before + 1

    at = open_page("office", "pages/micro_office.py")
    at.selectbox(key="screen_item").set_value(item.id).run()
    at = at.button(key=f"FormSubmitter:screen_{item.id}-保存").click().run()
    assert not at.error and "筛选意见已保存" in texts(at)
    assert item_named(demo_session).state == "screened"
    education = fresh(demo_session).scalar(select(Department.id).where(Department.code == "jyj"))
    at.radio(key="micro_office_part").set_value("assign").run()
    at.selectbox(key="assign_item").set_value(item.id).run()
    assert "微实事专项资金" in texts(at)  # committed and available, before assigning
    at.selectbox(key=f"assign_department_{item.id}").set_value(education)
    at.radio(key=f"assign_fund_{item.id}").set_value("special")
    at = at.button(key=f"FormSubmitter:assign_{item.id}-交办").click().run()
    assert not at.error and "已交办" in texts(at)
    assert (item_named(demo_session).state, item_named(demo_session).fund) == ("assigned", "special")

    at = open_page("dept_jyj", "pages/micro_queue.py")
    at.selectbox(key="micro_queue_item").set_value(item.id).run()
    at = at.button(key=f"FormSubmitter:start_{item.id}-开始办理").click().run()
    assert not at.error and item_named(demo_session).state == "in_progress"
    at.text_area(key=f"done_result_{item.id}_0").input("已安装护栏 60 米")
    at.number_input(key=f"done_cost_{item.id}_0").set_value(11.8)
    at = at.button(key=f"FormSubmitter:done_{item.id}_0-办结").click().run()
    assert not at.error and item_named(demo_session).state == "done"

    home = open_page("d001", "app.py")
    assert "等待您验收评价" in texts(home)
    at = open_page("d001", "pages/micro_items.py")
    at.radio(key=f"micro_rate_rating_{item.id}").set_value("satisfied")
    at.text_area(key=f"micro_rate_comment_{item.id}").input("护栏很结实，群众满意")
    at = at.button(key=f"FormSubmitter:micro_rate_{item.id}-提交评价").click().run()
    assert not at.error and "评价已提交" in texts(at)
    rated = item_named(demo_session)
    assert (rated.state, rated.rating, rated.rated_on_behalf) == ("accepted", "satisfied", False)

    at = open_page("leader", "pages/micro_overview.py")
    assert int(next(m.value for m in at.metric if m.label == "事项总数")) == before + 1
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert any(TITLE in str(frame.value.to_dict()) for frame in at.dataframe)


def test_a_proposal_without_a_title_and_with_a_negative_cost_is_refused_in_chinese(open_page, demo_session):
    count = fresh(demo_session).scalar(select(func.count()).select_from(MicroItem))
    at = propose(open_page, title=" ", cost=-3.0)
    assert "请填写事项名称" in at.error[0].value and "金额不能为负数" in at.error[0].value
    assert at.text_input(key="micro_new_town").value == "棠下镇"  # what was typed stays
    assert fresh(demo_session).scalar(select(func.count()).select_from(MicroItem)) == count


def test_a_big_item_warns_at_screening_that_it_belongs_with_the_ten_projects(open_page, demo_session):
    big = fresh(demo_session).scalar(
        select(MicroItem).where(MicroItem.estimated_cost > 50, MicroItem.state == "proposed")
    )
    at = open_page("office", "pages/micro_office.py")
    at.selectbox(key="screen_item").set_value(big.id).run()
    assert any("民生实事项目征集渠道" in w.value for w in at.warning)


def test_assigning_beyond_the_division_fund_is_refused_on_the_page(open_page, demo_session):
    item = fresh(demo_session).scalar(
        select(MicroItem).where(MicroItem.state == "screened", MicroItem.year == TODAY.year).order_by(MicroItem.id)
    )
    office = actor_of(demo_session, "office")
    with session_scope() as s:
        held = micro_items.committed(s, TODAY.year, item.division_id)
        micro_items.set_fund(s, office, TODAY.year, item.division_id, held)  # nothing left
    division = fresh(demo_session).get(Division, item.division_id).name
    at = open_page("office", "pages/micro_office.py")
    at.radio(key="micro_office_part").set_value("assign").run()
    at.selectbox(key="assign_item").set_value(item.id).run()
    at.selectbox(key=f"assign_department_{item.id}").set_value(
        fresh(demo_session).scalar(select(Department.id).where(Department.code == "jtj"))
    )
    at.radio(key=f"assign_fund_{item.id}").set_value("special")
    at = at.button(key=f"FormSubmitter:assign_{item.id}-交办").click().run()
    assert f"{division} {TODAY.year} 年微实事专项资金不足" in at.error[0].value
    assert fresh(demo_session).get(MicroItem, item.id).state == "screened"


def test_a_department_sees_only_its_own_items_overdue_first(open_page, demo_session):
    education = fresh(demo_session).scalar(select(Department.id).where(Department.code == "jyj"))
    at = open_page("dept_jyj", "pages/micro_queue.py")
    assert not at.exception
    options = at.selectbox(key="micro_queue_item").options
    rows = fresh(demo_session).scalars(select(MicroItem)).all()
    titles = {option.removeprefix("⚠️ ").rsplit(" · ", 1)[0] for option in options}
    listed = [r for r in rows if r.title in titles]
    assert listed and {r.department_id for r in listed} == {education}
    assert not any("#" in option for option in options)  # no raw ids shown
    overdue = [option.startswith("⚠️") for option in options]
    assert any(overdue) and not all(overdue)
    assert overdue == sorted(overdue, reverse=True)  # overdue ones first


def first_of(session, state, year=TODAY.year):
    return fresh(session).scalar(
        select(MicroItem).where(MicroItem.state == state, MicroItem.year == year).order_by(MicroItem.id)
    )


def test_the_offices_queues_hold_last_years_work_and_an_item_draws_on_its_years_fund(open_page, demo_session):
    last_year = TODAY.year - 1
    proposed, screened = first_of(demo_session, "proposed"), first_of(demo_session, "screened")
    with session_scope() as s:  # proposed on New Year's Eve, still waiting in November
        for item_id in (proposed.id, screened.id):
            row = s.get(MicroItem, item_id)
            row.year, row.proposed_at = last_year, datetime(last_year, 12, 31, 9)
    at = open_page("office", "pages/micro_office.py")
    assert not at.exception
    assert any(f"{proposed.title} · " in option for option in at.selectbox(key="screen_item").options)
    at.radio(key="micro_office_part").set_value("assign").run()
    at.selectbox(key="assign_item").set_value(screened.id).run()
    with read_scope() as s:
        line = next(f for f in micro_reads.funds(s, last_year) if f.division_id == screened.division_id)
    assert f"{line.division} {last_year} 年微实事专项资金 {labels.money(line.fund)} 万元" in texts(at)
    assert f"专项资金从事项提出当年（{last_year} 年）的{line.division}微实事资金中安排" in texts(at)


def test_a_stored_picture_that_cannot_be_shown_still_offers_its_download(open_page, demo_session):
    item = first_of(demo_session, "proposed")
    with session_scope() as s:  # stored before the checks: starts like a JPEG, then junk
        junk = b"\xff\xd8\xff\xe0" + b"not a picture" * 10
        s.add(
            MicroAttachment(
                item_id=item.id,
                filename="现场.jpg",
                kind="jpeg",
                size=len(junk),
                content=junk,
                uploaded_at=clock.utcnow(),
            )
        )
    at = open_page("office", "pages/micro_office.py")
    at.selectbox(key="screen_item").set_value(item.id).run()
    assert not at.exception
    assert "图片 现场.jpg 无法显示，可下载查看。" in texts(at)
    assert any(shown(b.proto.label) == "下载附件：现场.jpg" for b in at.get("download_button"))


def test_the_overview_reads_the_items_once_and_draws_its_charts_from_cached_specs(demo_url, monkeypatch):
    at = signed_in("leader")
    reads, keys = [], []
    items, chart = micro_reads.items, cached.chart
    monkeypatch.setattr(micro_reads, "items", lambda *args: reads.append(args[1]) or items(*args))
    monkeypatch.setattr(cached, "chart", lambda key, build: keys.append(key) or chart(key, build))
    at.switch_page("pages/micro_overview.py").run()
    assert not at.exception
    assert len(reads) == 1
    assert keys == [
        ("micro_overview", chart, TODAY.year)
        for chart in ("micro.by_state", "micro.by_division", "micro.ratings", "micro.money")
    ]
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 4
