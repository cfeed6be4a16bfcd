"""Sign-in with a signed cookie (a JWT in streamlit-authenticator's format), with the checks it lacks.

The cookie cannot be revoked by itself and a failed-attempt counter in one process's memory
would not hold, so the password check and the throttle happen in `db.accounts` and
`db.security` (short transactions every process sees), and every rerun asks the database
whether the account is still active and the sign-in not revoked.

The cookie is read from the request that opened the browser session (`st.context.cookies`), not
through a cookie component: that component reports the browser's cookies a moment after a page
loads, and its report cost a second script run of every page load. For the same reason the cookie
is written, in the run after a sign-in, by a script in the page (st.html) that reports nothing:
the component wrote it too, but then reported having done so, and that report ran the whole
signed-in page a second time (377 times over when the hall signs in at once). The component is
drawn only to delete the cookie after a sign-out, where its report confirms the deletion.

Signing in and out happen in widget callbacks, which finish before any run starts: a run
interrupted by the cookie component's report cannot cut a sign-in off half-way.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import streamlit as st

# The cookie component of extra_streamlit_components (which streamlit-authenticator uses), called
# directly: its CookieManager class draws a second, cookie-reading component on construction.
from extra_streamlit_components.CookieManager import _component_func as _cookie_component

from components.shell import client, feedback, logs, plain
from components.text import t
from db.core import settings
from db.core.actors import Actor
from db.core.clock import utcnow
from db.core.errors import Refused
from db.core.session import read_scope
from db.system import accounts

COOKIE_NAME = "minsheng_auth"
COOKIE_EXPIRY_DAYS = 1.0
_NOTICE = "auth_notice"  # why the person was signed out, shown above the sign-in form
_REFUSED = "auth_refused"  # why the last sign-in attempt failed: (catalogue key, parameters)
_COOKIE = "auth_cookie_pending"  # "set" after a sign-in, "delete" after a sign-out
_SIGNED_OUT = "logout"  # this browser session signed out: the request's cookie is stale
_SIGN_OUT_FAILED = "auth_sign_out_failed"
_JUST_SIGNED_IN = "auth_just_signed_in"  # the actor the sign-in's callback found, for the run right after it
_ACCOUNT_ANSWER = "auth_account_answer"  # ((username, issued at, data version), actor): the last account check
_STATE = ("username", "name", "roles", "authentication_status")
_CHECKS = 3  # a password changed (or a throttle ended) between its check and the write: check again
_log = logs.get("auth")


def cookie_key() -> str | None:
    return os.environ.get("MINSHENG_COOKIE_KEY") or _secrets_cookie_key()


@functools.cache
def _secrets_cookie_key() -> str | None:
    """secrets.toml's key, looked up once per process: without the file, st.secrets searches the
    disk for it again on every call, the costliest step of a page run after bcrypt."""
    try:
        return st.secrets.get("cookie_key")
    except Exception:  # no secrets.toml at all
        return None


def _signing_key() -> str:
    return cookie_key() or settings.DEMO_COOKIE_KEY


def current_actor(data_version: int) -> Actor | None:
    """The signed-in person of this browser session or of a still-valid cookie, else None.

    `data_version` is the version this run read before asking (cached.read_data_version).
    """
    _write_pending_cookie()
    state = st.session_state
    just_signed_in = state.pop(_JUST_SIGNED_IN, None)
    if just_signed_in is not None and state.get("authentication_status"):
        return just_signed_in  # checked by the sign-in's transaction a moment ago: no second read
    if state.get("authentication_status") and state.get("auth_issued_at"):
        actor = _still_valid(state["username"], state["auth_issued_at"], data_version)
        if actor is None:
            _forget(notice="auth.session_ended")
            _write_pending_cookie()
        return actor
    if state.get(_SIGNED_OUT):
        return None
    token = _request_token()
    if token is None:
        return None
    issued_at = _utc(token["exp_date"]) - timedelta(days=COOKIE_EXPIRY_DAYS)
    actor = _still_valid(token["username"], issued_at, data_version)
    if actor is None:
        _forget(notice="auth.session_ended")
        _write_pending_cookie()
        return None
    _remember(actor, issued_at)
    _log.info("signed in by cookie username=%s", actor.username)
    return actor


# When the hall signs in at once, the GIL goes round every thread that is ready: with a few hundred
# sign-ins' checks and first pages ready, a run of a deputy already at work (the review or the
# confirmation of a ballot) waited 7-12 s (benchmarks/bench_signin.py), and so did the server's
# event loop, which carries every session's messages. Sign-ins take turns instead, two at a time in
# this process for their checks and two for the first page they draw; waiting for a turn, a thread
# is blocked, not ready, and the CPU goes first to those already at work. The sign-ins lose little:
# they are bound by the same CPU, and two at a time keep both of the hashing pool's threads busy.
_SIGN_IN_TURNS = threading.BoundedSemaphore(2)
_FIRST_PAGE_TURNS = threading.BoundedSemaphore(2)


@contextlib.contextmanager
def first_page_after_sign_in_waits_its_turn() -> Iterator[None]:
    """Around a whole script run (components/shell/page_list.py): the page drawn right after a
    sign-in waits for a turn; any other run goes ahead."""
    if st.session_state.get(_JUST_SIGNED_IN) is None:
        yield
        return
    with _FIRST_PAGE_TURNS:
        yield


def _request_token() -> dict[str, Any] | None:
    """The signed, unexpired sign-in cookie the browser sent when it opened this session, else None."""
    raw = st.context.cookies.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        token = jwt.decode(raw, _signing_key(), algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None
    if not isinstance(token.get("username"), str) or not isinstance(token.get("exp_date"), int | float):
        return None
    return token if token["exp_date"] > time.time() else None


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
        st.error(plain.md(refused[0], **refused[1]))


def sign_out_button(actor: Actor) -> None:
    st.sidebar.button(t("auth.sign_out"), key="sign_out", icon=":material/logout:", on_click=_sign_out, args=(actor,))
    failed = st.session_state.pop(_SIGN_OUT_FAILED, None)
    if failed:
        st.sidebar.error(t(failed))


def leave_notice(notice: str) -> None:
    """Say why on the sign-in form the next time this session is signed out."""
    st.session_state[_NOTICE] = notice


def _sign_in() -> None:
    # The spinner shows while the sign-in waits for its turn and its password is checked.
    with st.spinner(t("auth.signing_in")), _SIGN_IN_TURNS:
        _check_sign_in()


def _check_sign_in() -> None:
    state = st.session_state
    username, password = state.get("sign_in_username", ""), state.get("sign_in_password", "")
    address = client.address()
    try:
        result = _attempt(username, password, address)
    except Refused as refused:  # busy: nothing written, try again
        state[_REFUSED] = (refused.reason, refused.params)
        return
    if result.actor is None:
        reason = result.reason or "auth.wrong_credentials"
        state[_REFUSED] = (reason, {"seconds": result.seconds} if result.seconds else {})
        _log.info("sign-in refused username=%r client=%s reason=%s", username, address, reason)
        return
    _log.info("signed in username=%s client=%s", result.actor.username, address)
    for key in (_REFUSED, _NOTICE, _SIGNED_OUT):
        state.pop(key, None)
    _remember(result.actor, utcnow())
    state[_JUST_SIGNED_IN] = result.actor
    state[_COOKIE] = "set"


def _attempt(username: str, password: str, address: str) -> accounts.SignInResult:
    """Check the password against the stored hash, then log the attempt, as often as the hash changed
    in between (or a throttle ended): the check is never made inside the write."""
    for _ in range(_CHECKS):
        with read_scope() as session:
            before = accounts.before_sign_in(session, username, address)
        # argon2id, holding no lock and no connection; none for a client that must wait (the throttle)
        checked = None if before.wait_seconds else accounts.check_password(before.password_hash, password)
        result = feedback.write(
            functools.partial(accounts.sign_in, username=username, checked=checked, client=address, before=before)
        )
        if not result.check_again:
            return result
    raise Refused("error.busy")


def _sign_out(actor: Actor) -> None:
    """Revoke every session of the account (all processes, all browsers), then forget this one."""
    try:
        feedback.write(lambda session: accounts.sign_out(session, actor))
    except Refused as refused:  # busy: still signed in, say so
        st.session_state[_SIGN_OUT_FAILED] = refused.reason
        return
    _log.info("signed out username=%s", actor.username)
    _forget(notice="auth.signed_out")


def _write_pending_cookie() -> None:
    """Write or delete the cookie a callback asked for, in the first run that gets here.

    A deletion stays pending until the browser confirms it: a run cut short by another may
    never have shown the browser its cookie component. (A cookie left behind would not sign
    anyone in, being revoked, but would greet a reload with "your sign-in has ended".)
    """
    state = st.session_state
    pending = state.get(_COOKIE)
    if pending == "set" and state.get("authentication_status"):
        state.pop(_COOKIE)
        expires = datetime.now(UTC) + timedelta(days=COOKIE_EXPIRY_DAYS)
        # streamlit-authenticator's format: a cookie it wrote before still signs in, and back.
        token = jwt.encode({"username": state["username"], "exp_date": expires.timestamp()}, _signing_key(), "HS256")
        st.html(
            _SET_COOKIE
            % {
                "name": json.dumps(COOKIE_NAME),
                "value": json.dumps(token),
                "expires_ms": int(expires.timestamp() * 1000),
            },
            unsafe_allow_javascript=True,
        )
    elif pending == "delete":
        # The component's value turns True once the browser has deleted the cookie.
        if _cookie_component(method="delete", cookie=COOKIE_NAME, key="delete", default=False):
            state.pop(_COOKIE)


# Runs once, when the run after a sign-in draws it; the page's own document, so its cookie jar.
# streamlit-authenticator's cookie: the same name, path, lifetime and SameSite; a JWT needs no escaping.
_SET_COOKIE = """<script>
document.cookie = %(name)s + "=" + %(value)s + "; path=/; expires=" + new Date(%(expires_ms)d).toUTCString()
  + "; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : "");
</script>"""


def _still_valid(username: str, issued_at: datetime, data_version: int) -> Actor | None:
    """The account's answer, asked again only once some write has bumped the data version.

    Every change that can end a sign-in or change the person (deactivation, a new role, sessions
    revoked, a password reset) is audited, and every audited write bumps the version in the same
    transaction: an unchanged version is an unchanged account. The version was read before this
    check, so a change landing in between is asked about again on the next run. Under a crowd the
    account read was a tenth of a signed-in page's server time.
    """
    asked = (username, issued_at, data_version)
    answer = st.session_state.get(_ACCOUNT_ANSWER)
    if answer is not None and answer[0] == asked:
        return answer[1]
    with read_scope() as session:
        actor = accounts.current_actor(session, username, issued_at)
    if actor is not None:
        st.session_state[_ACCOUNT_ANSWER] = (asked, actor)
    return actor


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
    for key in _STATE:
        state[key] = None
    state[_SIGNED_OUT] = True  # the request's cookie, read at this session's start, is stale now
    state.pop("auth_issued_at", None)
    state.pop(_JUST_SIGNED_IN, None)
    state.pop(_ACCOUNT_ANSWER, None)
    state[_COOKIE] = "delete"
    state.setdefault(_NOTICE, notice)  # a more specific notice may be waiting


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)
