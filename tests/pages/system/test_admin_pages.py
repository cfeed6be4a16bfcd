import pytest
from sqlalchemy import func, select

from db.core import session as db_session
from db.core.models import AuditEntry
from db.system import passwords
from db.system.models import Account, Department, Deputy
from tests import factories
from tests.conftest import fresh
from tests.pages.conftest import texts

ROSTER_HEADER = "编号,姓名,代表团,常委会组成人员,在任\n"


def count(session, column, *where):
    return fresh(session).scalar(select(func.count(column)).where(*where))


@pytest.fixture
def password_work(monkeypatch):
    """For each hash or check of a password, whether it ran inside a write transaction. None may (issue
    14): argon2id's ~24 ms would hold SQLite's write lock while every other write, ballots included, queued."""
    seen: list[bool] = []
    bounded = passwords._bounded
    monkeypatch.setattr(passwords, "_bounded", lambda work: seen.append(db_session.writing()) or bounded(work))
    return seen


def test_an_admin_creates_a_department_liaison_account_through_the_form(open_page, demo_session, password_work):
    at = open_page("admin", "pages/accounts.py")
    at.text_input(key="new_username").input("liaison_jyj")
    at.text_input(key="new_display_name").input("教育局联络员")
    at.selectbox(key="new_role").set_value("staff")
    jyj = demo_session.scalar(select(Department.id).where(Department.code == "jyj"))
    at.selectbox(key="new_department").set_value(jyj)
    at.text_input(key="new_password").input("a-good-password")
    at = at.button(key="FormSubmitter:create_account-新建账号").click().run()
    assert not at.exception and not at.error
    assert "账号已创建" in texts(at)
    assert password_work == [False]  # hashed before the transaction opened
    row = fresh(demo_session).scalar(select(Account).where(Account.username == "liaison_jyj"))
    assert (row.role, row.department_id) == ("staff", jyj)


def test_bad_account_input_shows_why_in_the_form_and_creates_nothing(open_page, demo_session):
    before = count(demo_session, Account.id)
    at = open_page("admin", "pages/accounts.py")
    at.text_input(key="new_username").input("office")  # taken
    at.text_input(key="new_display_name").input("重名")
    at.text_input(key="new_password").input("a-good-password")
    at = at.button(key="FormSubmitter:create_account-新建账号").click().run()
    assert at.error[0].value == "用户名“office”已被使用。"
    at.text_input(key="new_username").input("fresh_one")
    at.selectbox(key="new_role").set_value("staff")
    at.text_input(key="new_password").input("short")
    at = at.button(key="FormSubmitter:create_account-新建账号").click().run()
    assert at.error[0].value == "密码太短：至少需要 8 位。"
    assert count(demo_session, Account.id) == before


def test_a_new_account_starts_as_a_deputy_and_needs_its_deputy_never_a_leader(open_page, demo_session):
    before = count(demo_session, Account.id)
    at = open_page("admin", "pages/accounts.py")
    assert at.selectbox(key="new_role").value == "deputy"
    at.text_input(key="new_username").input("left_alone")
    at.text_input(key="new_display_name").input("没选角色")
    at.text_input(key="new_password").input("a-good-password")
    at = at.button(key="FormSubmitter:create_account-新建账号").click().run()
    assert at.error and "代表" in at.error[0].value  # a deputy account is linked to a deputy on the roster
    assert count(demo_session, Account.id) == before
    assert not count(demo_session, Account.id, Account.role == "leader", Account.username == "left_alone")


def test_an_admin_deactivates_and_reactivates_an_account_and_the_log_shows_it(open_page, demo_session):
    target = demo_session.scalar(select(Account.id).where(Account.username == "d010"))
    at = open_page("admin", "pages/accounts.py")
    at.selectbox(key="edit_account").set_value(target).run()
    at = at.button(key="deactivate").click().run()
    assert "账号已停用" in texts(at)
    assert fresh(demo_session).get(Account, target).active is False
    at = at.button(key="reactivate").click().run()
    assert fresh(demo_session).get(Account, target).active is True
    actions = demo_session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == str(target)))
    assert list(actions) == ["deactivate", "reactivate"]


def test_an_admin_resets_a_password_and_the_person_signs_in_with_the_new_one(open_page, demo_session, password_work):
    target = demo_session.scalar(select(Account.id).where(Account.username == "d011"))
    at = open_page("admin", "pages/accounts.py")
    at.selectbox(key="edit_account").set_value(target).run()
    at.text_input(key="reset_password").input("brand-new-pass")
    at = at.button(key=f"FormSubmitter:reset_password_{target}-重置密码").click().run()
    assert "密码已重置" in texts(at)
    assert password_work == [False]
    assert factories.sign_in("d011", "brand-new-pass").actor is not None
    assert factories.sign_in("d011", "demo2024").actor is None


def test_changing_my_password_signs_me_out_everywhere_and_the_new_one_works(open_page, demo_session, password_work):
    at = open_page("d012", "pages/my_account.py")
    at.text_input(key="old_password").input("demo2024")
    at.text_input(key="new_password").input("my-new-password")
    at.text_input(key="repeat_password").input("my-new-password")
    at = at.button(key="FormSubmitter:change_password-修改密码").click().run()
    assert not at.exception
    assert "密码已修改" in texts(at) and at.text_input(key="sign_in_username") is not None
    assert password_work == [False, False]  # the old one checked, the new one hashed: both before the write
    assert factories.sign_in("d012", "my-new-password").actor is not None


def test_a_mistyped_repeat_or_wrong_old_password_changes_nothing(open_page, demo_session):
    at = open_page("d013", "pages/my_account.py")
    at.text_input(key="old_password").input("demo2024")
    at.text_input(key="new_password").input("my-new-password")
    at.text_input(key="repeat_password").input("my-new-passwort")
    at = at.button(key="FormSubmitter:change_password-修改密码").click().run()
    assert at.error[0].value == "两次输入的新密码不一致。"
    at.text_input(key="old_password").input("not-my-password")
    at.text_input(key="new_password").input("my-new-password")
    at.text_input(key="repeat_password").input("my-new-password")
    at = at.button(key="FormSubmitter:change_password-修改密码").click().run()
    assert at.error[0].value == "原密码不正确。"
    assert at.title  # still signed in
    assert count(demo_session, AuditEntry.id, AuditEntry.action == "change_password") == 0


def test_an_admin_imports_a_roster_file_and_sees_the_counts(open_page, demo_session):
    at = open_page("admin", "pages/deputies.py")
    content = (ROSTER_HEADER + "d001,改名代表,蓬江区,是,是\nn001,新代表,恩平市,否,是\n").encode()
    at.file_uploader(key="roster_file").upload("roster.csv", content, "text/csv").run()
    at = at.button(key="apply_import").click().run()
    assert not at.exception and not at.error
    assert "新增 1 位，更新 1 位" in texts(at)
    assert count(demo_session, Deputy.id) == 378


def test_a_roster_with_bad_rows_is_refused_listing_each_row(open_page, demo_session):
    at = open_page("admin", "pages/deputies.py")
    content = (ROSTER_HEADER + "n001,新代表,火星区,否,是\nn002,,恩平市,否,是\n").encode()
    at.file_uploader(key="roster_file").upload("roster.csv", content, "text/csv").run()
    at = at.button(key="apply_import").click().run()
    assert at.error[0].value == "文件未导入：共有 2 处错误，请修改后重新上传。"
    problems = at.dataframe[-1].value
    assert list(problems["行号"]) == [2, 3]
    assert count(demo_session, Deputy.id) == 377


def test_an_admin_adds_a_department_and_a_duplicate_is_refused(open_page, demo_session):
    at = open_page("admin", "pages/reference_data.py")
    at.text_input(key="department_name_None").input("市数据局")
    at.text_input(key="department_code_None").input("sjj")
    at = at.button(key="FormSubmitter:department_None-保存").click().run()
    assert "已保存" in texts(at)
    at.text_input(key="department_name_None").input("市数据局")
    at.text_input(key="department_code_None").input("sjj2")
    at = at.button(key="FormSubmitter:department_None-保存").click().run()
    assert at.error[0].value == "“市数据局”已存在。"
    assert count(demo_session, Department.id, Department.name == "市数据局") == 1


def test_the_audit_log_shows_changes_to_a_leader_filtered_by_person(open_page, demo_session):
    at = open_page("admin", "pages/reference_data.py")
    at.text_input(key="division_name_None").input("大广海湾")
    at.button(key="FormSubmitter:division_None-保存").click().run()
    at = open_page("leader", "pages/audit_log.py")
    at.selectbox(key="audit_person").set_value("admin").run()
    table = at.dataframe[0].value
    assert list(table["操作人"]) == ["admin"]
    assert "大广海湾" in table["修改后"][0]


def test_an_admin_adds_next_years_cycle_and_a_bad_year_is_refused(open_page, demo_session):
    from db.system.models import Year

    at = open_page("admin", "pages/reference_data.py")
    newest = max(y for y in fresh(demo_session).scalars(select(Year.year)))
    assert at.number_input(key="year_number_None").value == newest + 1
    at.text_input(key="year_session_None").input("市十七届人大一次会议")
    at = at.button(key="FormSubmitter:year_None-保存").click().run()
    assert "已保存" in texts(at)
    added = fresh(demo_session).get(Year, newest + 1)
    assert (added.session_name, added.places, added.threshold_rule) == ("市十七届人大一次会议", 10, "electorate_half")
    entry = fresh(demo_session).scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.entity, entry.action, entry.entity_id) == ("year", "create", str(newest + 1))
    assert at.selectbox(key="year_pick").value == newest + 1  # the year just added, ready to edit
    at.selectbox(key="year_pick").set_value(None).run()
    at.text_input(key="year_session_None").input("  ")
    at = at.button(key="FormSubmitter:year_None-保存").click().run()
    assert at.error[0].value == "必填项不能为空。"
    assert fresh(demo_session).get(Year, newest + 2) is None


def test_the_audit_log_reads_in_words_with_labelled_fields_and_no_codes_json_or_ids(open_page, demo_session):
    at = open_page("admin", "pages/audit_log.py")
    table = at.dataframe[0].value
    shown = "\n".join(str(v) for column in table.columns for v in table[column])
    for code in ("survey_round", "rectification_item", "project_id", "department_id", "{", '"state"'):
        assert code not in shown, code
    assert "对象编号" not in table.columns
    survey_moves = table[table["对象类型"] == "满意度测评"]
    assert {"测评中", "已结束"} <= set(survey_moves["操作"])  # the state moved to, in words
    assert "状态：测评中" in set(survey_moves["修改后"])
    items = table[table["对象类型"] == "整改事项"]
    assert any("部门：" in text and "状态：待整改" in text for text in items["修改后"])  # the department by name


def test_the_audit_page_says_the_chain_is_whole_and_where_an_edit_past_the_triggers_breaks_it(open_page, demo_session):
    from sqlalchemy import text

    from db.core.session import get_engine

    at = open_page("leader", "pages/audit_log.py")
    assert "审计日志完整" in at.success[0].value
    target = fresh(demo_session).scalar(select(func.min(AuditEntry.id)))
    engine = get_engine()
    with engine.begin() as connection:  # as someone with the database's password could
        if engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_entry_no_update"))
        else:
            connection.execute(text("DROP TRIGGER audit_entry_append_only ON audit_entry"))
        connection.execute(text("UPDATE audit_entry SET actor_username = 'nobody' WHERE id = :id"), {"id": target})
    at = open_page("leader", "pages/audit_log.py")
    assert "审计日志被改动" in at.error[0].value and f"#{target}" in at.error[0].value
    assert list(at.dataframe[0].value["记录编号"]) == [f"#{target}"]


def test_a_workbook_bomb_or_a_damaged_file_shows_the_catalogue_message_and_writes_nothing(open_page, demo_session):
    import time

    from tests.db.system.test_upload_bombs import workbook_of_rows

    audit_rows = count(demo_session, AuditEntry.id)
    for name, content, message in [
        ("bomb.xlsx", workbook_of_rows(300_000, dimension=False), "行数过多：最多 5000 行。"),
        ("roster.xlsx", b"PK\x03\x04 not really a workbook", "文件无法读取：它不是完好的 Excel（.xlsx）或 CSV 文件。"),
    ]:
        at = open_page("admin", "pages/deputies.py")
        at.file_uploader(key="roster_file").upload(name, content, "application/octet-stream").run()
        started = time.monotonic()
        at = at.button(key="apply_import").click().run()
        assert time.monotonic() - started < 5  # the page's whole run, parsing refused within a second
        assert not at.exception
        shown = at.dataframe[-1].value["原因"][0]
        assert shown.startswith(message)
        assert "zip" not in shown.lower() and "openpyxl" not in shown.lower()
    assert count(demo_session, Deputy.id) == 377
    assert count(demo_session, AuditEntry.id) == audit_rows
