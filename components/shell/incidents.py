"""No raw error reaches a person: an unexpected error shows a Chinese message with an incident code,
and the server log gets the trace under the same code.

How it wraps every page: Streamlit runs a page file as a script, and what the script does not catch
goes to the script run's `on_script_error` handler (the hook `st.App(on_script_error=…)` sets; it
also sees errors in widget callbacks). `streamlit run` leaves that hook empty, so the guard, which
every page calls first, sets it on the current script run with install(). A handler that returns
True keeps Streamlit's own error box (type, message, trace, SQL) off the page; should it ever fail,
Streamlit falls back to its box, which `client.showErrorDetails = "none"` reduces to a generic line.
"""

from __future__ import annotations

import secrets

import streamlit as st
from sqlalchemy.exc import InterfaceError, OperationalError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.shell import logs, plain

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread over the phone


def install() -> None:
    """Let handle() answer for whatever this script run (page or callback) does not catch."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        ctx.on_script_error = handle


def new_code() -> str:
    """A code a person can read out to the administrator, e.g. 7KQ2-M9XD."""
    letters = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def handle(error: Exception) -> bool:
    """Log the trace under a new incident code and show the person the code; True: shown."""
    code = new_code()
    logs.get("incident").error("incident %s: unexpected %s", code, type(error).__name__, exc_info=error)
    unreachable = isinstance(error, OperationalError | InterfaceError)
    st.error(plain.md("app.incident_database" if unreachable else "app.incident", code=code), icon=":material/error:")
    return True
