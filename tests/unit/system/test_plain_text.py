"""People's text escaped for Markdown shows as the same characters: no link, image, heading or colour."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from components.shell import plain
from db.oversight.rules import RectificationState

HOSTILE = [
    "![x](http://evil.example/a.png)",
    "[请重新登录](http://evil.example/login)",
    '<span style="color:red">会话已过期，请重新登录</span>',
    "# giant heading",
    ":red[会话已过期，请重新登录]",
    ":material/warning: 警告",
    "$x^2$ 与 $$y$$",
    "www.evil.example 和 http://evil.example",
    "- 列表\n1. 编号\n> 引用\n    代码块\n---\n| a | b |\n|---|---|",
    "**粗体** _斜体_ ~~删除~~ `代码`",
    "<img src=x onerror=alert(1)>",
    "&lt;b&gt; &amp; \\*",
]

# CommonMark with GitHub's bare-link detection, tables and strikethrough: what Streamlit adds on top
# (colour and icon directives, $math$) starts with ':' or '$', which escape() covers the same way.
RENDERER = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
ONLY_PARAGRAPHS = re.compile(r"</?p>\n?|<br />\n?")


def rendered(markdown: str) -> str:
    return RENDERER.render(markdown)


def shown_text(markdown: str) -> str:
    """The characters a browser shows for the rendered Markdown, lines joined by newlines."""
    shown = html.unescape(ONLY_PARAGRAPHS.sub("\n", rendered(markdown))).strip("\n")
    return shown.replace(plain.WORD_JOINER, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_hostile_text_renders_as_its_own_characters_in_one_plain_paragraph(text):
    output = rendered(plain.escape(text))
    assert not re.search(r"<(?!/?p>|br />)", output), output  # no element but paragraphs and line breaks
    assert shown_text(plain.escape(text)) == "\n".join(line.lstrip(" \t") for line in text.split("\n"))


def test_unescaped_hostile_text_would_draw_an_image_a_link_and_a_heading():
    """The renderer above does see the danger: the test before it can fail."""
    assert "<img" in rendered(HOSTILE[0])
    assert "<a href" in rendered(HOSTILE[1])
    assert "<h1>" in rendered(HOSTILE[3])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_escaped_renders_as_plain_paragraphs_of_the_same_characters(text):
    text = text.replace("\r", "").replace("\x00", "")  # a browser form sends neither inside a line
    output = rendered(plain.escape(text))
    assert not re.search(r"<(?!/?p>|br />)", output), output
    expected = "\n".join(line.lstrip(" \t") for line in text.split("\n"))
    assert _squeezed(shown_text(plain.escape(text))) == _squeezed(expected)


def _squeezed(text: str) -> str:
    """Markdown folds runs of blank lines and trailing spaces; the characters shown are what matter."""
    return re.sub(r"\s+", " ", text).strip()


def test_catalogue_text_keeps_its_numbers_and_words_while_peoples_text_is_escaped(monkeypatch):
    monkeypatch.setattr("components.text.language", lambda: "zh")
    shown = plain.md("micro.declined_because", reason="[点我](http://evil.example)")
    assert "\\[点我\\]\\(http\u2060\\:\\/\\/evil\\.example\\)" in shown
    assert plain.md("audit.count", count=3, limit=500) == plain.md("audit.count", count=3, limit=500)
    assert "500" in plain.md("audit.count", count=3, limit=500)


def test_a_vocabulary_code_and_a_date_reach_the_catalogue_as_they_are(monkeypatch):
    monkeypatch.setattr("components.text.language", lambda: "zh")
    assert plain._as_text(RectificationState.OPEN) is RectificationState.OPEN
    assert plain._as_text(date(2026, 1, 2)) == date(2026, 1, 2)
    assert plain._as_text(12.5) == 12.5
    assert plain._as_text("a_b") == "a\\_b"


@pytest.mark.parametrize(
    ("typed", "kept_apart"),
    [("http://evil.example", "http\u2060\\:"), ("www.evil.example", "www\u2060\\."), ("a@evil.example", "\\@\u2060e")],
)
def test_a_bare_address_is_kept_from_becoming_a_link(typed, kept_apart):
    """Streamlit's GitHub Markdown links bare addresses from the text itself, escapes or not (seen in Chromium)."""
    assert kept_apart in plain.escape(typed)
