from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.system import accounts
from db.system.accounts import AccountInput
from db.system.models import Account, SecurityEvent
from db.system.passwords import new_password
from tests import factories
from tests.conftest import fresh
from tests.factories import PASSWORD, actor_of

NOW = datetime(2026, 3, 1, 9, 0)


def sign_in(username, password, now=NOW):
    return factories.sign_in(username, password, now)


def audit_count(session):
    fresh(session)
    return session.scalar(select(func.count()).select_from(AuditEntry))


def test_the_right_password_signs_in_and_the_wrong_one_is_logged(session):
    factories.account(session, "leader", username="lee")
    assert sign_in("lee", PASSWORD).actor.username == "lee"
    refused = sign_in("lee", "wrong-password")
    assert (refused.actor, refused.reason) == (None, "auth.wrong_credentials")
    fresh(session)
    kinds = session.scalars(
        select(SecurityEvent.kind).where(SecurityEvent.username == "lee").order_by(SecurityEvent.id)
    )
    assert list(kinds) == ["signed_in", "failed"]


def test_usernames_are_matched_without_regard_to_case_or_spaces(session):
    factories.account(session, "leader", username="lee")
    assert sign_in("  LEE ", PASSWORD).actor is not None


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(session):
    assert sign_in("nobody", "whatever1").reason == "auth.wrong_credentials"


def test_an_admin_can_clear_an_accounts_throttle(session):
    admin = actor_of(session, factories.account(session, "admin").username)
    dep = factories.account(session, "deputy", username="dep")
    for i in range(5):
        sign_in("dep", f"wrong-{i}")
    assert sign_in("dep", PASSWORD).reason == "auth.throttled"
    with read_scope() as s:
        assert [a.locked for a in accounts.list_accounts(s, admin, NOW) if a.username == "dep"] == [True]
    with session_scope() as s:
        accounts.unlock(s, admin, dep.id)
    assert sign_in("dep", PASSWORD).actor is not None


def test_a_deactivated_account_cannot_sign_in(session):
    factories.account(session, "leader", username="lee", active=False)
    assert sign_in("lee", PASSWORD).reason == "auth.inactive"


@pytest.mark.parametrize("change", ["sign_out", "change_password", "reset_password", "deactivate"])
def test_sign_out_password_change_reset_and_deactivation_revoke_earlier_sign_ins(session, change):
    admin = actor_of(session, factories.account(session, "admin").username)
    lee = factories.account(session, "leader", username="lee")
    lee_actor = actor_of(session, "lee")
    issued = datetime.utcnow() - timedelta(seconds=1)
    with read_scope() as s:
        assert accounts.current_actor(s, "lee", issued) == lee_actor
    with read_scope() as s:
        stored = accounts.password_hash_of(s, "lee")
    password_change = accounts.check_password_change(stored, PASSWORD, "a-new-password")
    with session_scope() as s:
        if change == "sign_out":
            accounts.sign_out(s, lee_actor)
        elif change == "change_password":
            accounts.change_own_password(s, lee_actor, password_change)
        elif change == "reset_password":
            accounts.reset_password(s, admin, lee.id, password_change.new)
        else:
            accounts.set_active(s, admin, lee.id, False)
    with read_scope() as s:
        assert accounts.current_actor(s, "lee", issued) is None
    if change != "deactivate":
        with read_scope() as s:
            assert accounts.current_actor(s, "lee", datetime.utcnow() + timedelta(seconds=1)) is not None


def test_changing_ones_password_needs_the_old_one_and_a_different_strong_new_one(session):
    factories.account(session, "leader", username="lee")
    lee = actor_of(session, "lee")
    before = audit_count(session)
    with read_scope() as s:
        stored = accounts.password_hash_of(s, lee.username)
    for old, new, reason in [
        ("wrong-old-pw", "a-new-password", "account.old_password_wrong"),
        (PASSWORD, PASSWORD, "account.password_unchanged"),
        (PASSWORD, "short", "account.password_too_short"),
    ]:
        with pytest.raises(Refused) as refused:
            accounts.check_password_change(stored, old, new)
        assert refused.value.reason == reason
    assert audit_count(session) == before
    assert sign_in("lee", PASSWORD).actor is not None


def test_a_password_changed_or_reset_after_the_old_one_was_checked_is_not_overwritten(session):
    admin = actor_of(session, factories.account(session, "admin").username)
    lee = factories.account(session, "leader", username="lee")
    with read_scope() as s:
        stored = accounts.password_hash_of(s, "lee")
    change = accounts.check_password_change(stored, PASSWORD, "a-new-password")
    with session_scope() as s:  # meanwhile, an administrator resets it
        accounts.reset_password(s, admin, lee.id, new_password("the-admins-choice"))
    with pytest.raises(Refused, match="account.password_changed_meanwhile"), session_scope() as s:
        accounts.change_own_password(s, actor_of(session, "lee"), change)
    assert sign_in("lee", "the-admins-choice").actor is not None


def test_an_admin_creates_an_account_and_the_audit_log_records_it_without_the_password(session):
    admin = actor_of(session, factories.account(session, "admin").username)
    department = factories.department(session)
    with session_scope() as s:
        new_id = accounts.create_account(
            s, admin, " Liaison_1 ", AccountInput("部门联络员", "staff", department.id), new_password("good-password")
        )
    assert sign_in("liaison_1", "good-password").actor.department_id == department.id
    entry = session.scalar(select(AuditEntry).where(AuditEntry.entity_id == str(new_id)))
    assert (entry.actor_username, entry.action, entry.entity) == (admin.username, "create", "account")
    assert entry.after["role"] == "staff" and "password" not in str(entry.after)


@pytest.mark.parametrize(
    ("username", "fields", "password", "reason"),
    [
        ("taken", {}, "good-password", "account.username_taken"),
        ("", {}, "good-password", "input.required"),
        ("Bad Name", {}, "good-password", "account.username_invalid"),
        ("fresh", {"display_name": ""}, "good-password", "input.required"),
        ("fresh", {"display_name": "长" * 51}, "good-password", "input.too_long"),
        ("fresh", {}, "short", "account.password_too_short"),
        ("fresh", {"role": "emperor"}, "good-password", "account.role_unknown"),
        ("fresh", {"role": "deputy"}, "good-password", "account.deputy_required"),
        (
            "fresh",
            {"role": "leader", "department_id": "dep"},
            "good-password",
            "account.department_only_for_staff",
        ),
        ("fresh", {"role": "staff", "department_id": 9999}, "good-password", "account.department_unknown"),
        (
            "fresh",
            {"role": "leader", "deputy_id": "free"},
            "good-password",
            "account.deputy_only_for_deputies",
        ),
        ("fresh", {"role": "deputy", "deputy_id": 9999}, "good-password", "account.deputy_unknown"),
        ("fresh", {"role": "deputy", "deputy_id": "taken"}, "good-password", "account.deputy_taken"),
    ],
)
def test_bad_account_input_is_refused_with_a_reason_and_nothing_is_written(session, username, fields, password, reason):
    admin = actor_of(session, factories.account(session, "admin").username)
    factories.account(session, "leader", username="taken")
    taken = factories.account(session, "deputy")
    free = factories.deputy(session)
    department = factories.department(session)
    session.commit()
    ids = {"dep": department.id, "free": free.id, "taken": taken.deputy_id}
    values = {"display_name": "新账号", "role": "leader", **fields}
    for key in ("department_id", "deputy_id"):
        values[key] = ids.get(values.get(key), values.get(key))
    accounts_before, audit_before = session.scalar(select(func.count(Account.id))), audit_count(session)
    with pytest.raises(Refused) as refused:
        hashed = new_password(password)  # before the transaction, as the page does
        with session_scope() as s:
            accounts.create_account(s, admin, username, AccountInput(**values), hashed)
    assert refused.value.reason == reason
    fresh(session)
    assert session.scalar(select(func.count(Account.id))) == accounts_before
    assert audit_count(session) == audit_before


@pytest.mark.parametrize("role", ["leader", "deputy", "staff"])
def test_only_admins_manage_accounts(session, role):
    actor = actor_of(session, factories.account(session, role).username)
    target = factories.account(session, "leader")
    good = new_password("good-password")
    calls = [
        lambda s: accounts.create_account(s, actor, "someone", AccountInput("某人", "leader"), good),
        lambda s: accounts.update_account(s, actor, target.id, AccountInput("某人", "admin")),
        lambda s: accounts.set_active(s, actor, target.id, False),
        lambda s: accounts.reset_password(s, actor, target.id, good),
        lambda s: accounts.unlock(s, actor, target.id),
        lambda s: accounts.list_accounts(s, actor),
    ]
    for call in calls:
        with pytest.raises(Forbidden), session_scope() as s:
            call(s)


def test_an_admin_edits_deactivates_and_reactivates_an_account_with_before_and_after_audited(session):
    admin = actor_of(session, factories.account(session, "admin").username)
    target = factories.account(session, "leader", username="lee")
    department = factories.department(session)
    with session_scope() as s:
        accounts.update_account(s, admin, target.id, AccountInput("李科长", "staff", department.id))
        accounts.set_active(s, admin, target.id, False)
        accounts.set_active(s, admin, target.id, True)
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_id == str(target.id)).order_by(AuditEntry.id)
    ).all()
    assert [r.action for r in rows] == ["update", "deactivate", "reactivate"]
    assert (rows[0].before["role"], rows[0].after["role"]) == ("leader", "staff")
    assert rows[0].after["display_name"] == "李科长"


def test_an_admin_cannot_lock_themselves_out(session):
    admin = actor_of(session, factories.account(session, "admin").username)
    with pytest.raises(Refused, match="account.cannot_deactivate_self"), session_scope() as s:
        accounts.set_active(s, admin, admin.id, False)
    with pytest.raises(Refused, match="account.cannot_demote_self"), session_scope() as s:
        accounts.update_account(s, admin, admin.id, AccountInput("管理员", "leader"))


def test_create_admin_makes_the_first_administrator_without_an_actor(session):
    with session_scope() as s:
        accounts.create_admin(s, "root", "首位管理员", new_password("a-strong-password"))
    assert sign_in("root", "a-strong-password").actor.role == "admin"
    with pytest.raises(Refused, match="account.username_taken"), session_scope() as s:
        accounts.create_admin(s, "root", "又一位", new_password("a-strong-password"))
