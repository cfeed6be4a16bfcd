"""The first call of every page: prepare the store, sign the person in, check the role, menu.

Opening a page's URL directly runs the page file without app.py, so the gate must be here,
in every page, rather than in the entry point.
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st
from sqlalchemy.exc import InterfaceError, OperationalError

from components.shell import (
    auth,
    cached,
    collector,
    feedback,
    incidents,
    leading_emoji,
    logs,
    look,
    menu,
    page_list,
    plain,
    theme_message,
)
from components.text import label, language_switch, t
from db.core import clock, migrate, settings
from db.core.actors import Actor, Role
from db.core.session import get_engine


def require(page_file: str) -> Actor:
    """Return the signed-in person allowed on this page, or draw why not and stop the run.

    First of all it puts the page's run inside the error boundary (components/shell/incidents.py).
    A kiosk page (the hall's projector, marked so in the menu's registry) draws no sidebar, menu,
    demo banner or Streamlit header: the whole screen is the page's.
    """
    incidents.install()
    page_list.install()
    theme_message.install()
    leading_emoji.install()
    page = menu.page_for(page_file)
    kiosk = page.kiosk
    logs.install()
    collector.settle()
    logs.session_opened(page.path)
    config = settings.load()
    st.set_page_config(
        page_title=f"{t(page.label)} · {t('app.name')}",
        page_icon="🏛️",
        layout="wide",
        initial_sidebar_state="collapsed" if kiosk else "auto",
    )
    look.install(kiosk=kiosk)
    if not kiosk:
        language_switch()
    if config.demo_mode and not kiosk:
        st.warning(t("app.demo_banner"), icon=":material/science:")
    problem = settings.cookie_key_problem(auth.cookie_key(), demo_mode=config.demo_mode)
    if problem:
        _stop_with(problem)
    try:
        _prepare_database(config.database_url, config.demo_mode)
        actor = auth.current_actor(cached.read_data_version())
    except (OperationalError, InterfaceError):
        # The database restarting or out of reach: say so, and the next rerun tries afresh
        # (pool_pre_ping replaces the dead connections).
        logs.get("guard").exception("database unreachable")
        _stop_with("app.database_unavailable")
    menu.show(actor, kiosk=kiosk)
    if actor is None:
        auth.sign_in_form()
        st.stop()
    if not kiosk:
        _sidebar(actor)
    if not page.admits(actor):
        st.error(t("guard.forbidden"))
        st.stop()
    feedback.show_flash()
    return actor


def _stop_with(message: str) -> NoReturn:
    """Say why, and end the run before anyone is known. The menu goes out first, hidden: every run
    names its page in a navigation message (components/shell/page_list.py), and after st.stop()
    nothing more can be sent."""
    st.error(t(message))
    menu.show(None)
    st.stop()


@st.cache_resource(show_spinner=False)
def _prepare_database(database_url: str, demo_mode: bool) -> None:
    """Once per process and store: migrate, and seed an empty demo database."""
    migrate.prepare(demo_mode=demo_mode, today=clock.today(), engine=get_engine(database_url))


def _sidebar(actor: Actor) -> None:
    st.sidebar.markdown(f"**{plain.escape(actor.display_name)}** · {label(Role, actor.role)}")
    auth.sign_out_button(actor)
