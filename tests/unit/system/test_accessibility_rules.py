"""Accessibility habits the code keeps, checked without a browser (the browser check is tests/e2e/system)."""

from __future__ import annotations

import ast
import re

from markdown_it import MarkdownIt

from components.shell import look
from tests.conftest import PROJECT

SOURCES = [
    *sorted((PROJECT / "components").rglob("*.py")),
    *sorted((PROJECT / "pages").glob("*.py")),
    PROJECT / "app.py",
]
RENDERER = MarkdownIt("commonmark").enable("table")  # GitHub's tables, as Streamlit draws them


def calls_named(path, name):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", None) == name]


def test_no_screen_draws_a_subheader_since_it_would_skip_from_h1_to_h3():
    found = {str(path.relative_to(PROJECT)): lines for path in SOURCES if (lines := calls_named(path, "subheader"))}
    assert found == {}


def test_captions_are_drawn_at_full_opacity_in_a_grey_of_at_least_4_5_to_1():
    assert 'stCaptionContainer"] { opacity: 1 !important; }' in look.STYLE
    assert "#4a4946" in look.STYLE  # 8.3:1 on white, 7.9:1 on the sidebar's #f8f8f7


def test_the_press_enter_to_submit_instructions_are_hidden():
    assert '[data-testid="InputInstructions"] { display: none !important; }' in look.STYLE


def test_the_chinese_words_script_rewrites_only_known_streamlit_strings():
    script = look.script()
    assert '"Browse files": "选择文件"' in script and '"Upload": "上传"' in script
    assert 'data-type="year"' in look.DATE_PART_STYLE and 'content:"年"' in look.DATE_PART_STYLE
    assert "stFileUploader" in script  # only inside Streamlit's widgets, never people's text


def test_every_chart_on_screen_draws_its_axes_and_legends_in_the_body_texts_dark_grey():
    from components.shell import cached

    spec = cached.readable({"mark": "bar", "config": {"axis": {"labelAngle": 0}}})
    assert spec["config"]["axis"] == {"labelColor": "#31333f", "titleColor": "#31333f", "labelAngle": 0}
    assert spec["config"]["legend"]["labelColor"] == "#31333f"


def _table_rows(markdown: str) -> list[list[str]]:
    """What a GitHub-style renderer draws of a Markdown table: each row's cells, as text (header first)."""
    html = RENDERER.render(markdown)
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def test_a_charts_text_alternative_is_its_largest_data_set_with_columns_in_the_interface_language():
    from components.shell import chart_view

    spec = {
        "datasets": {"line": [{"threshold": 1.5}], "bars": [{"candidate": "甲", "votes": 3, "outcome": "当选"}] * 2}
    }
    assert _table_rows(chart_view.data_table(spec)) == [["候选项目", "得票", "结果"], *[["甲", "3", "当选"]] * 2]
    assert chart_view.data_table({"mark": "bar"}) is None


def test_a_charts_table_keeps_peoples_text_as_text_on_one_row_since_it_is_markdown():
    from components.shell import chart_view

    typed = "1. **整治**[链接](http://x) | <b>粗</b>\n第二行"
    table = chart_view.data_table({"datasets": {"d": [{"candidate": typed, "votes": 3}, {"candidate": "乙"}]}})
    html = RENDERER.render(table)
    assert "<a " not in html and "<strong>" not in html and "<b>" not in html
    assert _table_rows(table) == [
        ["候选项目", "得票"],
        ["1. **整治**[链接](http\u2060://x) | &lt;b&gt;粗&lt;/b&gt; 第二行", "3"],
        ["乙", ""],
    ]


def test_a_charts_table_says_flags_in_words_and_numbers_to_two_places_at_most_aligned_right():
    from components.shell import chart_view

    rows = [{"project": "甲", "lagging": True, "percent": 65.4}, {"project": "乙", "lagging": False, "percent": None}]
    table = chart_view.data_table(
        {"datasets": {"d": rows + [{"project": "丙", "lagging": False, "percent": 1234.567}]}}
    )
    assert _table_rows(table) == [
        ["项目", "滞后", "百分比（%）"],
        ["甲", "是", "65.4"],
        ["乙", "否", ""],
        ["丙", "否", "1,234.57"],
    ]
    assert table.splitlines()[1] == "| --- | --- | ---: |"  # numbers right, words and flags left


def test_every_chart_on_screen_goes_through_chart_view_with_its_table():
    drawn = {
        str(path.relative_to(PROJECT)): lines
        for path in SOURCES
        if path.name != "chart_view.py" and (lines := calls_named(path, "vega_lite_chart"))
    }
    assert drawn == {}
