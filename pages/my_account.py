"""My account: who I am, and changing my own password."""

import streamlit as st
from sqlalchemy.orm import Session

from components.shell import auth, feedback, guard
from components.text import label, t
from db.core.actors import Role
from db.core.errors import Refused
from db.system import accounts

user = guard.require(__file__)

st.title(t("menu.my_account"))
st.write(f"{t('account.username')}: `{user.username}` · {label(Role, user.role)}")

st.subheader(t("my_account.change_password"))
with st.form("change_password", clear_on_submit=True):
    old = st.text_input(t("my_account.old_password"), type="password", key="old_password")
    new = st.text_input(
        t("my_account.new_password"),
        type="password",
        key="new_password",
        help=t("account.password_help"),
    )
    again = st.text_input(t("my_account.repeat_password"), type="password", key="repeat_password")
    submitted = st.form_submit_button(t("my_account.change"), type="primary")


def change_password(s: Session) -> None:
    if new != again:
        raise Refused("account.passwords_differ")
    accounts.change_own_password(s, user, old, new)
    # The change revokes every sign-in of the account, this one too: the guard signs the
    # person out on the rerun and shows this notice above the sign-in form.
    auth.leave_notice("my_account.changed")


if submitted:
    feedback.apply(change_password, "my_account.changed")
