"""Accounts (admin): list, create, edit, deactivate or reactivate, reset a password, unlock."""

import pandas as pd
import streamlit as st

from components.shell import feedback, guard
from components.system.account_form import account_fields
from components.text import label, t
from db.core.actors import Role
from db.core.session import read_scope
from db.system import accounts, deputies, reference
from db.system.passwords import new_password

user = guard.require(__file__)
st.title(t("menu.accounts"))


with read_scope() as s:
    people = accounts.list_accounts(s, user)
    departments = reference.departments(s, active_only=True)
    roster = deputies.roster(s)

table = pd.DataFrame(
    {
        t("account.username"): [a.username for a in people],
        t("account.display_name"): [a.display_name for a in people],
        t("account.role"): [label(Role, a.role) for a in people],
        t("account.department"): [a.department or "" for a in people],
        t("account.deputy"): [a.deputy or "" for a in people],
        t("account.active"): [a.active for a in people],
        t("account.locked"): [a.locked for a in people],
    }
)
st.dataframe(table, hide_index=True, width="stretch", height=320)

create, edit = st.tabs(
    [t("accounts.create"), t("accounts.edit")], key="accounts_tab", on_change="rerun"
)  # remembered across the rerun after a save
with create, st.form("create_account", clear_on_submit=False):
    username = st.text_input(t("account.username"), max_chars=32, key="new_username", help=t("account.username_help"))
    fields = account_fields(departments, roster, key="new")
    password = st.text_input(t("account.initial_password"), type="password", key="new_password")
    if st.form_submit_button(t("accounts.create"), type="primary"):
        feedback.apply_prepared(
            lambda: new_password(password),
            lambda s, hashed: accounts.create_account(s, user, username, fields, hashed),
            "accounts.created",
        )

with edit:
    by_id = {a.id: a for a in people}
    chosen = st.selectbox(
        t("accounts.choose"),
        list(by_id),
        placeholder=t("input.choose"),
        key="edit_account",
        format_func=lambda i: f"{by_id[i].username} · {by_id[i].display_name}",
    )
    current = by_id[chosen]
    with st.form(f"edit_account_{chosen}"):
        fields = account_fields(departments, roster, key=f"edit_{chosen}", current=current)
        if st.form_submit_button(t("accounts.save"), type="primary"):
            feedback.apply(lambda s: accounts.update_account(s, user, chosen, fields), "accounts.saved")
    left, right = st.columns(2)
    with left.form(f"reset_password_{chosen}", clear_on_submit=True):
        typed = st.text_input(t("accounts.new_password"), type="password", key="reset_password")
        if st.form_submit_button(t("accounts.reset_password")):
            feedback.apply_prepared(
                lambda: new_password(typed),
                lambda s, hashed: accounts.reset_password(s, user, chosen, hashed),
                "accounts.password_reset",
            )
    with right:
        if current.active and st.button(t("accounts.deactivate"), key="deactivate"):
            feedback.apply(lambda s: accounts.set_active(s, user, chosen, False), "accounts.deactivated")
        if not current.active and st.button(t("accounts.reactivate"), key="reactivate"):
            feedback.apply(lambda s: accounts.set_active(s, user, chosen, True), "accounts.reactivated")
        if current.locked and st.button(t("accounts.unlock"), key="unlock"):
            feedback.apply(lambda s: accounts.unlock(s, user, chosen), "accounts.unlocked")
