"""The language switch's callback, including when Streamlit calls it after the switch's value is gone."""

from __future__ import annotations

import pytest
import streamlit as st

from components.text import language, remember_language


@pytest.fixture(autouse=True)
def clean_state():
    for key in ("lang", "lang_choice"):
        st.session_state.pop(key, None)
    yield
    for key in ("lang", "lang_choice"):
        st.session_state.pop(key, None)


def test_choosing_english_makes_it_the_sessions_language():
    st.session_state["lang_choice"] = "en"
    remember_language()
    assert language() == "en"


def test_clicking_the_chosen_language_again_keeps_it():
    st.session_state["lang"] = "en"
    st.session_state["lang_choice"] = None
    remember_language()
    assert language() == "en" and st.session_state["lang_choice"] == "en"


def test_a_callback_from_a_page_just_left_whose_switch_value_is_gone_keeps_the_language():
    # seen in Chromium: a menu link clicked just after sign-in, the cookie component's report arriving
    # with the home page's widget values; this raised KeyError and Streamlit showed its bare error screen
    st.session_state["lang"] = "en"
    remember_language()
    assert language() == "en"
