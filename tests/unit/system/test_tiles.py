"""Headline figures drawn as one element (components/shell/tiles.py): what they say, and nothing typed runs."""

from __future__ import annotations

import zlib

from components.shell import tiles


def test_a_tile_shows_its_label_figure_and_note_named_for_a_screen_reader():
    markup = tiles.markup([tiles.Tile("资金支出率", "75.0%", note="已支出 85,774.4 万元 / 预算 114,340.0 万元")])
    assert markup == (
        '<div class="ms-tiles"><div class="ms-tile" role="group" aria-label="资金支出率">'
        '<div class="ms-tile-label">资金支出率</div><div class="ms-tile-value">75.0%</div>'
        '<div class="ms-tile-note">已支出 85,774.4 万元 / 预算 114,340.0 万元</div></div></div>'
    )


def test_a_change_for_the_worse_is_red_and_down_with_what_it_is_measured_against_beside_it():
    tile = tiles.Tile(
        "总体完成率", "88.3%", change="-2.9 个百分点", direction=tiles.WORSE, against="较序时进度", explanation="差"
    )
    known = f"ms-tile-{zlib.crc32('总体完成率'.encode()):08x}"
    assert (
        f'<div title="差" aria-describedby="{known}">'
        '<span class="ms-tile-change worse"><span aria-hidden="true">▼</span> -2.9 个百分点</span>'
        ' <span class="ms-tile-note ms-tile-against">较序时进度</span>'
        f'<span id="{known}" hidden>差</span></div>'  # the explanation, for a screen reader
    ) in tiles.markup([tile])
    better = tiles.markup([tiles.Tile("总体完成率", "95%", change="+1.0 个百分点", direction=tiles.BETTER)])
    assert '<span class="ms-tile-change better"><span aria-hidden="true">▲</span> +1.0 个百分点</span>' in better
    level = tiles.markup([tiles.Tile("总体完成率", "90%", change="+0.0 个百分点")])
    assert '<span class="ms-tile-change">+0.0 个百分点</span>' in level  # no arrow, no colour


def test_a_tile_without_a_change_draws_no_chip():
    assert "ms-tile-change" not in tiles.markup([tiles.Tile("上月未填报", "0")])


def test_text_in_a_tile_is_shown_as_text_never_as_markup():
    typed = '<img src=x onerror="alert(1)">'
    markup = tiles.markup([tiles.Tile(typed, typed, change=typed, against=typed, note=typed, explanation=typed)])
    shown = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert "<img" not in markup and markup.count(shown) == 8  # label and explanation twice: shown and named
