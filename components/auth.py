"""Sign-in on top of streamlit-authenticator's cookie, with the checks it lacks.

The library signs a cookie (JWT) and re-authenticates from it, but its cookie cannot be
revoked and its failed-attempt counter lives in one process's memory. So the password check
and the lockout happen in `db.accounts` (one transaction, every process sees them), and every
rerun asks the database whether the account is still active and the sign-in not revoked.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth

from components.text import t
from db import accounts, settings
from db.actors import Actor
from db.session import read_scope, session_scope

COOKIE_NAME = "minsheng_auth"
COOKIE_EXPIRY_DAYS = 1.0
_NOTICE = "auth_notice"  # why the person was signed out, shown above the sign-in form


def cookie_key() -> str | None:
    key = os.environ.get("MINSHENG_COOKIE_KEY")
    if key:
        return key
    try:
        return st.secrets.get("cookie_key")
    except Exception:  # no secrets.toml at all
        return None


def authenticator() -> stauth.Authenticate:
    """Built on every run, as the library expects. It keeps no credentials: see module doc."""
    key = cookie_key() or settings.DEMO_COOKIE_KEY
    return stauth.Authenticate(
        {"usernames": {}}, COOKIE_NAME, key, COOKIE_EXPIRY_DAYS, auto_hash=False, login_sleep_time=0
    )


def current_actor(auth: stauth.Authenticate) -> Actor | None:
    """The signed-in person of this browser session or of a still-valid cookie, else None."""
    state = st.session_state
    if state.get("authentication_status") and state.get("auth_issued_at"):
        actor = _still_valid(state["username"], state["auth_issued_at"])
        if actor is None:
            _forget(auth, notice="auth.session_ended")
        return actor
    token = auth.cookie_controller.get_cookie()
    if not token:
        return None
    issued_at = _utc(token["exp_date"]) - timedelta(days=COOKIE_EXPIRY_DAYS)
    actor = _still_valid(token["username"], issued_at)
    if actor is None:
        _forget(auth, notice="auth.session_ended")
        return None
    _remember(actor, issued_at)
    return actor


def sign_in_form(auth: stauth.Authenticate) -> Actor | None:
    """Draw the sign-in form; return the person once the password is right."""
    notice = st.session_state.get(_NOTICE)
    if notice:
        st.info(t(notice))
    holder = st.empty()
    with holder.form("sign_in"):
        st.subheader(t("auth.title"))
        username = st.text_input(t("auth.username"), key="sign_in_username", max_chars=32)
        password = st.text_input(t("auth.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary")
    if not submitted:
        return None
    with session_scope() as session:
        result = accounts.sign_in(session, username, password)
    if result.actor is None:
        st.error(t(result.reason or "auth.wrong_credentials", minutes=result.minutes))
        return None
    holder.empty()
    st.session_state.pop(_NOTICE, None)
    st.session_state["username"] = result.actor.username
    auth.cookie_controller.set_cookie()
    issued_at = _utc(auth.cookie_controller.cookie_model.exp_date) - timedelta(days=COOKIE_EXPIRY_DAYS)
    _remember(result.actor, issued_at)
    return result.actor


def sign_out(auth: stauth.Authenticate, actor: Actor) -> None:
    """Revoke every session of the account (all processes, all browsers), then forget this one."""
    with session_scope() as session:
        accounts.sign_out(session, actor)
    _forget(auth, notice="auth.signed_out")


def _still_valid(username: str, issued_at: datetime) -> Actor | None:
    with read_scope() as session:
        return accounts.current_actor(session, username, issued_at)


def _remember(actor: Actor, issued_at: datetime) -> None:
    st.session_state.update(
        username=actor.username,
        name=actor.display_name,
        roles=[actor.role],
        authentication_status=True,
        auth_issued_at=issued_at,
    )


def _forget(auth: stauth.Authenticate, notice: str) -> None:
    if st.session_state.get("authentication_status"):
        auth.logout(location="unrendered")  # clears the library's state, deletes the cookie
    else:
        auth.cookie_controller.delete_cookie()
    st.session_state.pop("auth_issued_at", None)
    st.session_state.setdefault(_NOTICE, notice)  # a more specific notice may be waiting


def leave_notice(notice: str) -> None:
    """Say why on the sign-in form the next time this session is signed out."""
    st.session_state[_NOTICE] = notice


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)

