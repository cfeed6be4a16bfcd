"""Streamlit's leading-emoji check, searching with the pattern itself (components/shell/leading_emoji.py)."""

from __future__ import annotations

import hashlib
import inspect

from hypothesis import given
from hypothesis import strategies as st
from streamlit import string_util
from streamlit.emojis import ALL_EMOJIS

from components.shell import leading_emoji

# Streamlit 1.67's `extract_leading_emoji`. If an upgrade changes it, check leading_emoji against the
# new source, then record its new digest here.
STREAMLIT_EXTRACT_LEADING_EMOJI_SHA256 = "fbbfafcb20d36d58ca2b46cc7cd1b32df758c78a36f5d14cde480764e4623646"
SOME_EMOJIS = sorted(ALL_EMOJIS)[::97]
LABELS = ["", "plain", "按项目", "🏛️ 江门", "🏛️江门", "👍🏽 好", "1️⃣ 第一", "中文 🚨", " 🚨", "🚨", ":material/x: 中"]


def test_the_streamlit_function_leading_emoji_replaces_is_the_one_it_was_written_against():
    source = inspect.getsource(leading_emoji.STREAMLITS_OWN)
    assert hashlib.sha256(source.encode()).hexdigest() == STREAMLIT_EXTRACT_LEADING_EMOJI_SHA256


def test_every_label_splits_as_streamlits_own_function_splits_it():
    for label in LABELS:
        assert leading_emoji.leading_emoji(label) == leading_emoji.STREAMLITS_OWN(label), label


@given(st.lists(st.sampled_from(SOME_EMOJIS) | st.text(max_size=3), max_size=4).map("".join))
def test_any_text_of_emojis_and_characters_splits_as_streamlits_own_function_splits_it(text):
    assert leading_emoji.leading_emoji(text) == leading_emoji.STREAMLITS_OWN(text)


def test_once_installed_streamlits_icon_check_uses_it_and_still_finds_the_icon():
    try:
        leading_emoji.install()
        assert string_util.extract_leading_emoji is leading_emoji.leading_emoji
        assert string_util.extract_leading_icon("🚨 出错") == ("🚨", "出错")
        assert string_util.extract_leading_icon("按项目") == ("", "按项目")
    finally:
        string_util.extract_leading_emoji = leading_emoji.STREAMLITS_OWN
