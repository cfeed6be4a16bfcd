"""My account: who I am, and changing my own password."""

from functools import partial

import streamlit as st

from components.shell import auth, feedback, guard, plain
from components.system.password_form import checked_change, password_change_form
from components.text import label, t
from db.core.actors import Role
from db.system import accounts

user = guard.require(__file__)

st.title(t("menu.my_account"))
st.write(f"{t('account.username')}: {plain.escape(user.username)} · {label(Role, user.role)}")

st.header(t("my_account.change_password"))
entered = password_change_form(key="change_password")
if entered is not None:
    feedback.apply_prepared(
        partial(checked_change, user, entered),
        lambda s, change: accounts.change_own_password(s, user, change),
        "my_account.changed",
        # The change revokes every sign-in of the account, this one too: the guard signs the
        # person out on the rerun and shows this notice above the sign-in form.
        then=lambda _: auth.leave_notice("my_account.changed"),
    )
