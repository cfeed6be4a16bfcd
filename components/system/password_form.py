"""Changing one's own password: the old one, the new one twice."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from components.shell import feedback
from components.text import t
from db.core.actors import Actor
from db.core.errors import Refused
from db.core.session import read_scope
from db.system import accounts


class PasswordChange(NamedTuple):
    old: str
    new: str


def password_change_form(*, key: str) -> PasswordChange | None:
    """The passwords once sent and the new one typed the same twice; a mistyped repeat is said here.

    The form empties itself when sent: passwords are not kept in the browser.
    """
    with st.form(key, clear_on_submit=True):
        old = st.text_input(t("my_account.old_password"), type="password", key="old_password")
        new = st.text_input(
            t("my_account.new_password"),
            type="password",
            key="new_password",
            help=t("account.password_help"),
        )
        again = st.text_input(t("my_account.repeat_password"), type="password", key="repeat_password")
        submitted = st.form_submit_button(t("my_account.change"), type="primary")
    if not submitted:
        return None
    if new != again:
        feedback.refusal(Refused("account.passwords_differ"))
        return None
    return PasswordChange(old, new)


def checked_change(actor: Actor, entered: PasswordChange) -> accounts.CheckedPasswordChange:
    """The old password checked against the stored hash and the new one hashed, outside any write
    transaction (feedback.apply_prepared): accounts.change_own_password then only stores it."""
    with read_scope() as s:
        stored = accounts.password_hash_of(s, actor.username)
    return accounts.check_password_change(stored, entered.old, entered.new)
