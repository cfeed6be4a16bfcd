"""The admin reads the security log: every sign-in, failed and throttled attempt, filtered by account and client."""

from datetime import timedelta

from db.core import clock
from db.core.session import session_scope
from db.system import security
from db.system.rules import SecurityEventKind
from tests.pages.conftest import texts

STRANGER, PHONE = "203.0.113.9", "198.51.100.7"


def logged(kind, username, client, minutes_ago, account=True, wait=None):
    with session_scope() as s:
        security.record(
            s,
            kind,
            username,
            client,
            account_id=1 if account else None,
            wait_seconds=wait,
            now=clock.utcnow() - timedelta(minutes=minutes_ago),
        )


def test_the_admin_filters_the_security_log_by_account_and_by_client_address(open_page):
    logged(SecurityEventKind.SIGNED_IN, "d010", PHONE, 30)
    logged(SecurityEventKind.FAILED, "d010", STRANGER, 20)
    logged(SecurityEventKind.THROTTLED, "d010", STRANGER, 19, wait=5)
    logged(SecurityEventKind.FAILED, "ghost", STRANGER, 18, account=False)
    at = open_page("admin", "pages/security_log.py")
    assert not at.exception and at.title[0].value == "安全日志"

    at.selectbox(key="security_username").set_value("d010").run()
    table = at.dataframe[0].value
    assert list(table["客户端地址"]) == [STRANGER, STRANGER, PHONE]
    assert list(table["事件"]) == ["尝试过多，被限流", "用户名或密码错误", "登录成功"]
    assert list(table["需等待（秒）"].fillna(0)) == [5, 0, 0]

    at.selectbox(key="security_username").set_value(None)
    at.selectbox(key="security_client").set_value(STRANGER).run()
    table = at.dataframe[0].value
    assert list(table["用户名"]) == ["ghost", "d010", "d010"]
    assert list(table["账号存在"]) == [False, True, True]
    assert "共 3 条" in texts(at)


def test_only_the_admin_may_open_the_security_log(open_page):
    at = open_page("leader", "pages/security_log.py")
    assert "您的角色无权访问此页面" in at.error[0].value and not at.dataframe
