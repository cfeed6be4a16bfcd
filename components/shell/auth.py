"""Sign-in on top of streamlit-authenticator's cookie, with the checks it lacks.

The library signs a cookie (JWT) and re-authenticates from it, but its cookie cannot be
revoked and its failed-attempt counter lives in one process's memory. So the password check
and the lockout happen in `db.accounts` (one transaction, every process sees them), and every
rerun asks the database whether the account is still active and the sign-in not revoked.

Signing in and out happen in widget callbacks. The library's cookie component reports the
browser's cookies a moment after a page loads, and that report starts a new run that
interrupts the current one: work done in the script body after a click could be cut off
half-way (a password checked but no message shown). A callback finishes before any run, and
the cookie is then written or deleted by the next run that gets that far (a pending flag).
"""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth

from components.shell import feedback, logs, plain
from components.text import t
from db.core import settings
from db.core.actors import Actor
from db.core.clock import utcnow
from db.core.session import read_scope
from db.system import accounts

COOKIE_NAME = "minsheng_auth"
COOKIE_EXPIRY_DAYS = 1.0
_NOTICE = "auth_notice"  # why the person was signed out, shown above the sign-in form
_REFUSED = "auth_refused"  # why the last sign-in attempt failed: (catalogue key, minutes)
_COOKIE = "auth_cookie_pending"  # "set" after a sign-in, "delete" after a sign-out
_LIBRARY_STATE = ("username", "name", "roles", "authentication_status", "email")
_log = logs.get("auth")


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
    _write_pending_cookie(auth)
    state = st.session_state
    if state.get("authentication_status") and state.get("auth_issued_at"):
        actor = _still_valid(state["username"], state["auth_issued_at"])
        if actor is None:
            _forget(notice="auth.session_ended")
            _write_pending_cookie(auth)
        return actor
    token = auth.cookie_controller.get_cookie()
    if not token:
        return None
    issued_at = _utc(token["exp_date"]) - timedelta(days=COOKIE_EXPIRY_DAYS)
    actor = _still_valid(token["username"], issued_at)
    if actor is None:
        _forget(notice="auth.session_ended")
        _write_pending_cookie(auth)
        return None
    _remember(actor, issued_at)
    _log.info("signed in by cookie username=%s", actor.username)
    return actor


def sign_in_form() -> None:
    """Draw the sign-in form; the submit button's callback does the signing in."""
    notice = st.session_state.get(_NOTICE)
    if notice:
        st.info(t(notice))
    with st.form("sign_in"):
        # The page's one heading, so an h1 (headings in order), drawn at a section's size; not
        # st.title, whose absence tells the tests (and the guard's callers) nobody is signed in.
        st.html(f"<h1 class='sign-in-title'>{html.escape(t('auth.title'))}</h1>")
        st.text_input(t("auth.username"), key="sign_in_username", max_chars=32)
        st.text_input(t("auth.password"), type="password", key="sign_in_password")
        st.form_submit_button(t("auth.sign_in"), type="primary", on_click=_sign_in)
    refused = st.session_state.get(_REFUSED)
    if refused:
        st.error(plain.md(refused[0], minutes=refused[1]))


def sign_out_button(actor: Actor) -> None:
    st.sidebar.button(t("auth.sign_out"), key="sign_out", icon=":material/logout:", on_click=_sign_out, args=(actor,))


def leave_notice(notice: str) -> None:
    """Say why on the sign-in form the next time this session is signed out."""
    st.session_state[_NOTICE] = notice


def _sign_in() -> None:
    state = st.session_state
    username, password = state.get("sign_in_username", ""), state.get("sign_in_password", "")
    with read_scope() as session:
        stored = accounts.password_hash_of(session, username)
    checked = accounts.check_password(stored, password)  # bcrypt, holding no lock and no connection
    result = feedback.write(lambda session: accounts.sign_in(session, username, password, checked=checked))
    if result.actor is None:
        state[_REFUSED] = (result.reason or "auth.wrong_credentials", result.minutes)
        _log.info("sign-in refused username=%r reason=%s", state.get("sign_in_username", ""), state[_REFUSED][0])
        return
    _log.info("signed in username=%s", result.actor.username)
    for key in (_REFUSED, _NOTICE, "logout"):
        state.pop(key, None)
    _remember(result.actor, utcnow())
    state[_COOKIE] = "set"


def _sign_out(actor: Actor) -> None:
    """Revoke every session of the account (all processes, all browsers), then forget this one."""
    feedback.write(lambda session: accounts.sign_out(session, actor))
    _log.info("signed out username=%s", actor.username)
    _forget(notice="auth.signed_out")


def _write_pending_cookie(auth: stauth.Authenticate) -> None:
    """Write or delete the cookie a callback asked for, in the first run that gets here.

    A deletion stays pending until the browser confirms it: a run cut short by another may
    never have shown the browser its cookie component. (A cookie left behind would not sign
    anyone in, being revoked, but would greet a reload with "your sign-in has ended".)
    """
    pending = st.session_state.get(_COOKIE)
    if pending == "set":
        st.session_state.pop(_COOKIE)
        auth.cookie_controller.set_cookie()
    elif pending == "delete":
        # extra_streamlit_components' own component: its value turns True once deleted.
        manager = auth.cookie_controller.cookie_model.cookie_manager
        if manager.cookie_manager(method="delete", cookie=COOKIE_NAME, key="delete", default=False):
            st.session_state.pop(_COOKIE)


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


def _forget(notice: str) -> None:
    state = st.session_state
    for key in _LIBRARY_STATE:
        state[key] = None
    state["logout"] = True  # tells the library not to sign in again from the old cookie
    state.pop("auth_issued_at", None)
    state[_COOKIE] = "delete"
    state.setdefault(_NOTICE, notice)  # a more specific notice may be waiting


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)
