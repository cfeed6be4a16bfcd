"""People's text shown as text: the one way to put on a screen what someone typed.

Streamlit reads Markdown almost everywhere a string appears (st.markdown and st.write, alerts,
captions, titles, every widget's label and tooltip, expander and tab titles, radio options,
image captions), and its Markdown loads images from any server, draws links, headings and
coloured text (`:red[…]`). A finding, a wish, a name or a title typed by one person must reach
another person's screen as the characters they typed, never as instructions to the browser:

- `text(value)`: a block of people's text on its own, with no Markdown at all (st.text);
- `md(key, **params)`: our catalogue's text for a Markdown place, every parameter escaped;
- `escape(value)`: one piece of people's text to put inside Markdown we write ourselves.

tests/unit/test_house_rules.py refuses a Markdown place given anything else (see
tests/unit/markdown_places.py).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import streamlit as st

from components.text import t
from db.core.vocabulary import Vocabulary

# Every ASCII punctuation character: CommonMark lets each be escaped with a backslash, and together
# they are all the syntax GitHub's Markdown and Streamlit's directives (:red[…], :material/…:, $…$) use.
_MARKDOWN_SYNTAX = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_START_SPACES = re.compile(r"^[ \t]+", re.MULTILINE)
# GitHub's Markdown also turns bare addresses into links (http://…, www.…, a@b.c), from the text
# itself, backslashes or not: an invisible word joiner keeps each from reading as one.
WORD_JOINER = "\u2060"
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(?=:)|(?<=www)(?=\.)|(?<=@)")


def escape(value: object) -> str:
    """The text as Markdown that shows exactly these characters: no link, image, heading or colour.

    Line breaks stay line breaks; spaces at a line's start are dropped (four of them would make
    a code block); a word joiner, invisible, goes before a colon after a letter, after "www" and
    after "@", so that no address becomes a link.
    """
    escaped = _MARKDOWN_SYNTAX.sub(r"\\\1", _BARE_LINK.sub(WORD_JOINER, str(value)))
    return _LINE_START_SPACES.sub("", escaped).replace("\r\n", "\n").replace("\n", "  \n")


def md(key: str, **params: Any) -> str:
    """The catalogue's text of `key` for a Markdown place, with every parameter shown as text.

    Numbers and dates stay as they are (a format such as `{share:.1f}` needs the number), and a
    vocabulary's code becomes its words, as t() does.
    """
    return t(key, **{name: _as_text(value) for name, value in params.items()})


def text(value: object) -> None:
    """A block of people's text as it was typed, lines kept, in the page's font (no Markdown)."""
    st.text(str(value))


def _as_text(value: Any) -> Any:
    if isinstance(value, Vocabulary | bool | int | float | Decimal | date):
        return value
    return escape(value)
