import re
import sqlite3

import streamlit as st
from sqlalchemy import select
from sqlalchemy.engine import make_url
from streamlit.runtime.state.session_state_proxy import SessionStateProxy
from streamlit.testing.v1 import AppTest

from db.core import session as db_session
from db.core.session import session_scope
from db.system import accounts, passwords
from db.system.models import Account, SecurityEvent
from tests.conftest import fresh
from tests.factories import actor_of
from tests.pages.conftest import ENTRY, TIMEOUT_S, menu_sections, menu_shown, signed_in, texts


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    return at.button(key="FormSubmitter:sign_in-登录").click().run()


def test_signing_in_with_the_demo_password_shows_the_home_page_and_the_menu(demo_url):
    at = sign_in(AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run(), "leader", "demo2024")
    assert not at.exception
    assert at.title[0].value == "民生实事工作平台"
    assert "常委会领导" in texts(at)
    assert list(menu_sections()) == [
        "",
        "十件民生实事",
        "项目票决",
        "满意度测评",
        "监督与整改",
        "微实事 · 微心愿",
        "系统",
    ]
    assert menu_shown() == [
        "首页",
        "领导驾驶舱",
        "报告生成",
        "民生实事项目",
        "项目详情",
        "票决结果",
        "票决大屏",
        "测评结果",
        "监督活动",
        "整改台账",
        "回头看",
        "跨年成绩单",
        "微实事总览",
        "微心愿墙",
        "微心愿台账",
        "操作日志",
        "我的账号",
    ]


def test_a_wrong_password_is_refused_and_logged_with_the_client_address(demo_url, demo_session):
    at = sign_in(AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run(), "leader", "not-the-password")
    assert "用户名或密码错误" in at.error[0].value
    assert not at.title
    event = fresh(demo_session).scalar(select(SecurityEvent).where(SecurityEvent.username == "leader"))
    assert (event.kind, event.client) == ("failed", "127.0.0.1")


def test_an_unknown_username_is_told_exactly_what_a_wrong_password_is(demo_url):
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    wrong = sign_in(at, "leader", "not-the-password").error[0].value
    assert sign_in(at, "nobody_here", "not-the-password").error[0].value == wrong


def test_after_three_wrong_passwords_the_person_is_told_to_wait_some_seconds(demo_url):
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    for attempt in range(3):
        at = sign_in(at, "d002", f"wrong-{attempt}")
        assert "用户名或密码错误" in at.error[0].value
    at = sign_in(at, "d002", "demo2024")  # the right password, too soon
    assert re.search(r"尝试次数过多，请 \d+ 秒后再试", at.error[0].value) and not at.title


def test_the_sign_in_button_shows_a_spinner_while_the_password_is_checked(demo_url, monkeypatch):
    shown: list[str] = []
    spinner = st.spinner

    def recording_spinner(text: str = "", **kwargs):
        shown.append(text)
        return spinner(text, **kwargs)

    monkeypatch.setattr(st, "spinner", recording_spinner)
    at = sign_in(AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run(), "leader", "demo2024")
    assert at.title and "正在登录，请稍候…" in shown


def test_the_run_after_a_sign_in_writes_the_cookie_without_a_component_and_reads_the_account_once(
    demo_url, monkeypatch
):
    # The cookie component reported having written the cookie, and that report ran the whole page
    # again; the sign-in's own transaction has just checked the account, so the run reads it no more.
    reads: list[str] = []
    current_actor = accounts.current_actor
    monkeypatch.setattr(accounts, "current_actor", lambda s, u, at: reads.append(u) or current_actor(s, u, at))
    at = sign_in(AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run(), "leader", "demo2024")
    assert at.title and reads == []
    assert not [c for c in at.get("component_instance") if c.proto.component_name.endswith("cookie_manager")]
    scripts = [h.proto.body for h in at.get("html") if "document.cookie" in h.proto.body]
    assert len(scripts) == 1 and "minsheng_auth" in scripts[0] and "SameSite=Strict" in scripts[0]
    at = at.run()
    assert at.title and reads == ["leader"]  # from then on every run asks whether the sign-in still holds
    assert not [h for h in at.get("html") if "document.cookie" in h.proto.body]


def test_the_account_is_asked_again_only_once_a_write_has_bumped_the_data_version(demo_url, demo_session, monkeypatch):
    # Every change that can end a sign-in is audited, and every audited write bumps the version.
    reads: list[str] = []
    current_actor = accounts.current_actor
    monkeypatch.setattr(accounts, "current_actor", lambda s, u, at: reads.append(u) or current_actor(s, u, at))
    at = signed_in("leader").run().run()
    assert at.title and reads == ["leader"]
    admin = actor_of(demo_session, "admin")
    other = demo_session.scalar(select(Account.id).where(Account.username == "d003"))
    with session_scope() as s:
        accounts.set_active(s, admin, other, False)  # someone else's account: this sign-in still holds
    at = at.run().run()
    assert at.title and reads == ["leader", "leader"]
    with session_scope() as s:
        accounts.set_active(s, admin, actor_of(demo_session, "leader").id, False)
    assert "登录已失效" in texts(at.run()) and reads == ["leader", "leader", "leader"]


def test_a_sign_in_that_cannot_get_the_write_lock_says_the_system_is_busy(demo_url, monkeypatch):
    monkeypatch.setattr(db_session, "LOCK_WAIT_MS", 100)
    db_session.reset_engines()
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    holder = sqlite3.connect(make_url(demo_url).database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process writing, for longer than every retry waits
        at = sign_in(at, "leader", "demo2024")
    finally:
        holder.rollback()
        holder.close()
    assert "系统正忙" in at.error[0].value and "locked" not in texts(at)
    assert not at.exception and not at.title
    assert sign_in(at, "leader", "demo2024").title  # nothing half-written: it simply works now


def test_a_password_reset_while_the_typed_one_is_checked_is_checked_again_outside_the_write(demo_url, monkeypatch):
    # An admin resets d004's password just as d004 signs in with the new one: the first check was
    # against the old hash, so the write sends it back and the new hash is checked, still outside.
    inside: list[bool] = []
    check = accounts.check_password

    def reset_during_the_first_check(stored, password):
        if not inside:
            with session_scope() as s:
                s.scalar(select(Account).where(Account.username == "d004")).password_hash = passwords.hash_password(
                    "reset-by-admin"
                )
        inside.append(db_session.writing())
        return check(stored, password)

    monkeypatch.setattr(accounts, "check_password", reset_during_the_first_check)
    at = sign_in(AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run(), "d004", "reset-by-admin")
    assert at.title and inside == [False, False]


def test_a_password_that_keeps_changing_under_the_check_ends_in_busy_with_nothing_written(
    demo_url, demo_session, monkeypatch
):
    def changing_every_time(stored, password):
        with session_scope() as s:
            s.scalar(select(Account).where(Account.username == "d004")).password_hash = passwords.hash_password(
                f"changed-{stored}"[:60]
            )
        return accounts.CheckedPassword(stored, False)

    monkeypatch.setattr(accounts, "check_password", changing_every_time)
    at = sign_in(AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run(), "d004", "demo2024")
    assert "系统正忙" in at.error[0].value and not at.title
    logged = fresh(demo_session).scalars(select(SecurityEvent.kind).where(SecurityEvent.username == "d004"))
    assert list(logged) == []


def test_signing_out_revokes_the_session_and_shows_the_sign_in_form(demo_url):
    at = signed_in("leader")
    at = at.sidebar.button(key="sign_out").click().run()
    at = at.run()
    assert "您已安全退出" in texts(at)
    assert at.text_input(key="sign_in_username") is not None and not at.title


def test_a_session_ends_at_its_next_rerun_when_the_account_is_deactivated_elsewhere(demo_url, demo_session):
    at = signed_in("d003")
    assert at.title
    admin = actor_of(demo_session, "admin")
    target = demo_session.scalar(select(Account.id).where(Account.username == "d003"))
    with session_scope() as s:
        accounts.set_active(s, admin, target, False)
    at = at.run()
    assert "登录已失效" in texts(at) and not at.title


def test_the_interface_switches_to_english_and_back(demo_url):
    at = signed_in("admin")
    at.sidebar.button_group[0].set_value("en").run()
    assert at.title[0].value == "Livelihood projects workspace"
    at.switch_page("pages/accounts.py").run()
    assert at.title[0].value == "Accounts"  # the choice holds across pages
    at.sidebar.button_group[0].set_value("zh").run()
    assert at.title[0].value == "账号管理"


def test_outside_demo_mode_the_app_refuses_to_start_without_a_real_cookie_key(demo_url, monkeypatch):
    monkeypatch.setenv("MINSHENG_DEMO", "0")
    monkeypatch.delenv("MINSHENG_COOKIE_KEY", raising=False)
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    assert "未配置登录凭证签名密钥" in at.error[0].value
    assert not at.text_input
    monkeypatch.setenv("MINSHENG_COOKIE_KEY", "demo-cookie-key-not-for-production")
    assert "演示密钥" in AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run().error[0].value
    monkeypatch.setenv("MINSHENG_COOKIE_KEY", "k" * 40)
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    assert not at.error and at.text_input(key="sign_in_username") is not None
    assert "演示模式" not in texts(at)


def test_a_run_reads_the_language_from_session_state_once_however_much_text_it_shows(demo_url, monkeypatch):
    # Each read goes through three layers and a lock; the dashboard asks some hundred times a run.
    at = signed_in("leader")
    at.switch_page("pages/dashboard.py").run()
    reads: list[str] = []
    getitem = SessionStateProxy.__getitem__
    monkeypatch.setattr(SessionStateProxy, "__getitem__", lambda self, key: reads.append(key) or getitem(self, key))
    at.run()
    assert at.title[0].value == "领导驾驶舱"
    assert reads.count("lang") <= 2  # the switch sets its default, then the first t() of the run
    at.sidebar.button_group[0].set_value("en").run()  # chosen in the run's callback: that run's text follows
    assert at.title[0].value == "Dashboard"


def test_clicking_the_selected_language_again_keeps_it(demo_url):
    at = signed_in("admin")
    at.sidebar.button_group[0].set_value(None).run()
    assert not at.exception
    assert at.title[0].value == "民生实事工作平台" and menu_shown()


def test_the_menu_follows_the_language_and_the_role_each_run(demo_url):
    at = signed_in("leader")
    assert menu_shown()[:2] == ["首页", "领导驾驶舱"] and "票决投票" not in menu_shown()
    at.sidebar.button_group[0].set_value("en").run()
    assert menu_shown()[:2] == ["Home", "Dashboard"] and list(menu_sections())[1] == "The ten projects"
    signed_in("d001")  # another person in the same process: their own pages, not the leader's
    assert "票决投票" in menu_shown() and "领导驾驶舱" not in menu_shown()
