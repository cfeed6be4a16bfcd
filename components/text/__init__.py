"""Text shown to people, in the interface language chosen for this browser session."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.shell import this_run
from components.text.catalogue import CATALOGUE
from db.core.vocabulary import Vocabulary

LANGUAGES = {"zh": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"
_INDEX = {"zh": 0, "en": 1}
_RUN_LANGUAGE = "_minsheng_language"


def language() -> str:
    """This browser session's language, read from session state once per script run.

    Every t() asks, some hundred times a run on the dashboard, and each read of session state goes
    through three layers and a lock: a tenth of the dashboard's server time. The switch's callback,
    which runs inside a run before the page, forgets it (components/shell/this_run.py).
    """
    return this_run.once(_RUN_LANGUAGE, lambda: str(st.session_state.get("lang", DEFAULT_LANGUAGE)))


def t(key: str, **params: Any) -> str:
    """The text of `key`; a parameter that is a code of one of db's vocabularies shows as its words."""
    text = CATALOGUE[key][_INDEX[language()]]
    if not params:
        return text
    return text.format(**{name: t(v.label_key) if isinstance(v, Vocabulary) else v for name, v in params.items()})


def language_switch() -> None:
    """A selector that changes the language for every page of this browser session."""
    st.session_state.setdefault("lang", DEFAULT_LANGUAGE)
    st.sidebar.segmented_control(
        "🌐",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        default=language(),
        key="lang_choice",
        on_change=remember_language,
        label_visibility="collapsed",
    )


def remember_language() -> None:
    """The language switch's callback: the language chosen becomes this browser session's.

    Streamlit may call it when the switch's value is no longer in session state: a rerun asked for
    by the page the person just left (the sign-in cookie's component reporting, a moment after a
    menu link was clicked) carries that page's widget values into the new page's run, where the
    switch is not drawn yet. Reading the value as missing keeps the language, where indexing it
    raised KeyError before the page ran, and Streamlit showed its bare error screen.
    """
    chosen = st.session_state.get("lang_choice")
    if chosen is None:  # the selected language clicked again deselects it, or the value is gone: keep it
        st.session_state["lang_choice"] = language()
    else:
        st.session_state["lang"] = chosen
        this_run.forget(_RUN_LANGUAGE)


def label(vocabulary: type[Vocabulary], code: str) -> str:
    """The words for a code of one of db's vocabularies (a state, a kind, a rating …)."""
    return t(vocabulary(code).label_key)
