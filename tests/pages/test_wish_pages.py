"""Micro wishes' pages: the office records a wish, a deputy claims it on the wall and fulfils it under
"my wishes"; the wall never shows a resident's name; leaders see names masked; refusals are shown."""

from sqlalchemy import select

from db.models import Division, MicroWish
from tests.conftest import fresh
from tests.pages.conftest import texts

RESIDENT = "欧阳测试"


def recorded(open_page, demo_session, wish="为独居老人安装扶手", value=600):
    """The office records a wish on the desk; its row."""
    at = open_page("office", "pages/wish_desk.py")
    division_id = fresh(demo_session).scalar(select(Division.id).where(Division.name == "江海区"))
    at.text_area(key="desk_record_wish").input(wish)
    at.text_input(key="desk_record_resident").input(RESIDENT)
    at.selectbox(key="desk_record_division").set_value(division_id)
    at.selectbox(key="desk_record_category").set_value("elderly")
    at.number_input(key="desk_record_value").set_value(value)
    at = at.button(key="FormSubmitter:desk_record-登记心愿").click().run()
    assert not at.exception
    return at, fresh(demo_session).scalar(select(MicroWish).where(MicroWish.resident == RESIDENT))


def test_the_office_records_a_deputy_claims_it_on_the_wall_and_fulfils_it(open_page, demo_session):
    at, wish = recorded(open_page, demo_session)
    assert "心愿已登记" in texts(at)
    assert (wish.resident, wish.state, wish.estimated_value, wish.category) == (RESIDENT, "open", 600, "elderly")

    wall = open_page("d001", "pages/wishes.py")
    assert not wall.exception
    wall.selectbox(key="wall_wish").set_value(wish.id)
    wall = wall.button(key="FormSubmitter:claim-认领").click().run()
    assert "认领成功" in texts(wall)
    assert fresh(demo_session).get(MicroWish, wish.id).state == "claimed"

    mine = open_page("d001", "pages/my_wishes.py")
    mine.selectbox(key="my_wish").set_value(wish.id).run()
    assert RESIDENT in texts(mine)  # the claiming deputy sees who asked
    mine.radio(key=f"my_act_action_{wish.id}").set_value("fulfil")
    mine = mine.button(key=f"FormSubmitter:my_act_{wish.id}-保存").click().run()
    assert mine.error[0].value == "请写明为群众送出了什么、做了什么。"  # nothing written
    assert fresh(demo_session).get(MicroWish, wish.id).state == "claimed"
    mine.text_area(key=f"my_act_text_{wish.id}_claimed").input("已安装不锈钢扶手两处")
    mine = mine.button(key=f"FormSubmitter:my_act_{wish.id}-保存").click().run()
    assert "已保存" in texts(mine)
    row = fresh(demo_session).get(MicroWish, wish.id)
    assert (row.state, row.outcome) == ("fulfilled", "已安装不锈钢扶手两处")


def test_the_wall_shows_no_resident_names_to_anyone(open_page, demo_session):
    recorded(open_page, demo_session)
    names = set(fresh(demo_session).scalars(select(MicroWish.resident)))
    for user in ("d001", "d002", "leader", "office", "admin", "dept_jyj"):
        at = open_page(user, "pages/wishes.py")
        assert not at.exception
        assert RESIDENT not in texts(at)
        tables = "\n".join(frame.value.to_csv() for frame in at.dataframe)
        choices = "\n".join(str(option) for box in at.selectbox for option in box.options)
        assert not any(name in tables + choices for name in names), user


def test_leaders_see_names_masked_on_the_ledger_and_the_office_in_full(open_page, demo_session):
    recorded(open_page, demo_session)
    leader = open_page("leader", "pages/wish_desk.py")
    office = open_page("office", "pages/wish_desk.py")

    leader_names = set(leader.dataframe[0].value["心愿群众"])
    assert "欧**" in leader_names and RESIDENT not in leader_names
    assert RESIDENT in set(office.dataframe[0].value["心愿群众"])
    department = open_page("dept_jyj", "pages/wish_desk.py")
    assert "心愿群众" not in department.dataframe[0].value.columns


def test_bad_input_on_recording_is_refused_with_the_reason_and_nothing_written(open_page, demo_session):
    at, wish = recorded(open_page, demo_session, wish="为困难家庭购买冰箱", value=50_000)
    assert wish is None
    assert at.error[0].value == "预估价值须为 0 至 20000 元之间的整数。"


def test_a_deputy_cannot_claim_a_wish_another_deputy_claimed_meanwhile(open_page, demo_session):
    _, wish = recorded(open_page, demo_session)
    first, second = open_page("d001", "pages/wishes.py"), open_page("d002", "pages/wishes.py")
    first.selectbox(key="wall_wish").set_value(wish.id)
    second.selectbox(key="wall_wish").set_value(wish.id)
    first.button(key="FormSubmitter:claim-认领").click().run()

    second = second.button(key="FormSubmitter:claim-认领").click().run()

    assert second.error[0].value == "该心愿已被其他代表认领。"
    assert fresh(demo_session).get(MicroWish, wish.id).deputy.code == "d001"
