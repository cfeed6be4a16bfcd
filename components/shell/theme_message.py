"""The theme part of Streamlit's per-run new_session message, made once per process.

Streamlit starts every script run with a new_session message carrying the theme, and fills its six
theme sections ([theme], [theme.light], … [theme.dark.sidebar]) afresh each time: each walks the
whole configuration (`config.get_options_for_section`). Under a crowd of 20 sessions that was 4 % of
the dashboard's server time and more of a smaller page's, for a message that never changes: with no
file watcher (production), the configuration is read once at start and nothing here changes it.
Each section is filled once by Streamlit's own function, and later runs copy it.

tests/unit/system/test_theme_message.py pins the function this repeats: an upgrade that changes it
fails there until this module is checked against it again.
"""

from __future__ import annotations

import functools

from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

STREAMLITS_OWN = app_session._populate_theme_msg


def install() -> None:
    """From the next run on, copy each theme section made once (not where a file watcher may change it)."""
    if config.get_option("server.fileWatcherType") == "none":
        app_session._populate_theme_msg = _theme_made_once


def _theme_made_once(msg: CustomThemeConfig, section: str = "theme") -> None:
    # Streamlit fills a fresh message, a section's fields only (its sub-sections are separate calls).
    # An empty section is left alone: merging it would mark the sub-message present, where
    # Streamlit leaves it unset.
    made = _section(section)
    if made.ListFields():
        msg.MergeFrom(made)


@functools.cache
def _section(section: str) -> CustomThemeConfig:
    made = CustomThemeConfig()
    STREAMLITS_OWN(made, section)
    return made
