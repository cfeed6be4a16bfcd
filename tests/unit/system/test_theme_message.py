"""The theme part of the new_session message made once (components/shell/theme_message.py) is Streamlit's own."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig, NewSession
from streamlit.runtime import app_session

from components.shell import theme_message

# Streamlit 1.67's `_populate_theme_msg`, which theme_message calls once per section. If an upgrade
# changes it, check theme_message against the new source, then record its new digest here.
STREAMLIT_POPULATE_THEME_SHA256 = "844b9eb40d0f7d97356dd05beb5c07cf44ee73a95cfdfa0dd02e53868e3c341f"
SECTIONS = ["theme", *(f"theme.{category.value}" for category in config.CustomThemeCategories)]
THEME = {
    "theme.base": "light",
    "theme.primaryColor": "#b71c1c",
    "theme.font": "sans-serif",
    "theme.headingFontSizes": ["2rem", "1.5rem"],
    "theme.chartCategoricalColors": ["#b71c1c", "#1565c0"],
    "theme.sidebar.backgroundColor": "#f8f8f7",
    "theme.dark.primaryColor": "#ef9a9a",
    "theme.light.linkColor": "#0d47a1",
    "theme.light.sidebar.textColor": "#222222",
    "theme.dark.sidebar.primaryColor": "#ffcdd2",
}


@pytest.fixture
def themed():
    """A theme in every kind of section, Streamlit's own function in place, both put back afterwards."""
    config.get_config_options()
    before = {key: config.get_option(key) for key in THEME}
    for key, value in THEME.items():
        config.set_option(key, value)
    theme_message._section.cache_clear()
    yield
    for key, value in before.items():
        config.set_option(key, value)
    theme_message._section.cache_clear()
    app_session._populate_theme_msg = theme_message.STREAMLITS_OWN


def test_the_streamlit_function_theme_message_repeats_is_the_one_it_was_written_against():
    source = inspect.getsource(theme_message.STREAMLITS_OWN)
    assert hashlib.sha256(source.encode()).hexdigest() == STREAMLIT_POPULATE_THEME_SHA256


@pytest.mark.parametrize("section", SECTIONS)
def test_each_theme_section_made_once_is_what_streamlits_own_function_makes(themed, section):
    own, once, again = CustomThemeConfig(), CustomThemeConfig(), CustomThemeConfig()
    theme_message.STREAMLITS_OWN(own, section)
    theme_message._theme_made_once(once, section)
    theme_message._theme_made_once(again, section)
    assert once == own == again and own.ListFields()  # every section of THEME sets something


def _whole_theme(fill) -> NewSession:
    """A new_session message's theme, each section filled by `fill` as Streamlit's own code does."""
    message = NewSession()
    theme = message.custom_theme
    fill(theme)
    for category, place in [
        ("light", theme.light),
        ("dark", theme.dark),
        ("sidebar", theme.sidebar),
        ("light.sidebar", theme.light.sidebar),
        ("dark.sidebar", theme.dark.sidebar),
    ]:
        fill(place, f"theme.{category}")
    return message


@pytest.mark.parametrize("configured", [True, False], ids=["themed", "no theme"])
def test_the_whole_theme_made_once_is_streamlits_own_to_the_byte_set_or_not(configured):
    config.get_config_options()
    before = {key: config.get_option(key) for key in THEME}
    for key in THEME:
        config.set_option(key, THEME[key] if configured else None)
    theme_message._section.cache_clear()
    try:
        own, once = _whole_theme(theme_message.STREAMLITS_OWN), _whole_theme(theme_message._theme_made_once)
        assert once.SerializeToString(deterministic=True) == own.SerializeToString(deterministic=True)
        assert once.custom_theme.HasField("dark") == own.custom_theme.HasField("dark") == configured
    finally:
        for key, value in before.items():
            config.set_option(key, value)
        theme_message._section.cache_clear()


def test_a_section_is_read_from_the_configuration_once_per_process(themed, monkeypatch):
    reads = []
    monkeypatch.setattr(
        config, "get_options_for_section", lambda s, read=config.get_options_for_section: reads.append(s) or read(s)
    )
    for _ in range(3):
        theme_message._theme_made_once(CustomThemeConfig())
    assert reads == ["theme"]


def test_without_a_file_watcher_streamlit_fills_each_run_from_the_copy(themed, monkeypatch):
    monkeypatch.setattr(
        config, "get_option", lambda key, own=config.get_option: "none" if key == "server.fileWatcherType" else own(key)
    )
    theme_message.install()
    assert app_session._populate_theme_msg is theme_message._theme_made_once


def test_with_a_file_watcher_streamlit_keeps_its_own_since_the_theme_may_change(themed, monkeypatch):
    monkeypatch.setattr(
        config, "get_option", lambda key, own=config.get_option: "auto" if key == "server.fileWatcherType" else own(key)
    )
    theme_message.install()
    assert app_session._populate_theme_msg is theme_message.STREAMLITS_OWN
