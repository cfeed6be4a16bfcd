"""Log lines that say which process and which browser session wrote them.

With several processes behind the proxy, a line is useful only if it says where it came from:
every line carries the process (pid, port) and the Streamlit session it was written for (or
"-" outside a session). When a session opens it logs the proxy's request id (X-Request-ID of
its websocket), which nginx's access log (deploy/nginx) shows beside the routing cookie and
the process that served it: one id to follow a browser from the proxy into the app.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

FORMAT = "%(asctime)s %(levelname)s pid=%(process)d port=%(port)s session=%(session)s %(name)s: %(message)s"
APP_LOGGER = "minsheng"
_SESSION_LOGGED = "log_session_opened"
_installed = False


class ProcessAndSession(logging.Filter):
    """Adds `port` and `session` to every record it sees."""

    def __init__(self, port: str) -> None:
        super().__init__()
        self.port = port

    def filter(self, record: logging.LogRecord) -> bool:
        record.port = self.port
        ctx = get_script_run_ctx(suppress_warning=True)
        record.session = ctx.session_id[:8] if ctx is not None else "-"
        return True


def install() -> None:
    """Once per process: the app's lines, the root logger's (SQLAlchemy's pool) and Streamlit's own."""
    global _installed
    if _installed:
        return
    _installed = True
    context = ProcessAndSession(str(st.get_option("server.port")))
    formatter = logging.Formatter(FORMAT)
    handler = logging.StreamHandler()
    handler.addFilter(context)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger(APP_LOGGER).setLevel(logging.INFO)
    # Streamlit's loggers do not propagate and write through handlers of their own (among them
    # the "Uncaught app exception" of a failed page run): give those handlers the same fields.
    for name in list(logging.root.manager.loggerDict):
        if name == "streamlit" or name.startswith("streamlit."):
            for streamlit_handler in logging.getLogger(name).handlers:
                streamlit_handler.addFilter(context)
                streamlit_handler.setFormatter(formatter)


def get(name: str) -> logging.Logger:
    """A logger of the app (under "minsheng", at INFO)."""
    return logging.getLogger(f"{APP_LOGGER}.{name}")


def session_opened(page: str) -> None:
    """Log the first run of each browser session, with the proxy's request id of its websocket."""
    if st.session_state.get(_SESSION_LOGGED):
        return
    st.session_state[_SESSION_LOGGED] = True
    request = st.context.headers.get("X-Request-Id") or "-"
    get("session").info("session opened page=%s request=%s", page, request)
