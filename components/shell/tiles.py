"""A row of headline figures drawn as one element, looking as Streamlit's metric tiles do.

Four st.metric tiles in a row were five elements (a row and a tile each) on every run of the
dashboard: under a crowd, Streamlit's cost per element made them a tenth of its server time. One
HTML element does the same, and says more on a phone: what a tooltip held (the funds behind a
share) is a line under the figure, since a tooltip is hard to reach by touch. The tiles wrap two
by two on a narrow screen (look.STYLE: `.ms-tiles`).

Every text is escaped (html.escape): a figure's words come from the catalogue, but nothing here
relies on it.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

WORSE, BETTER = "worse", "better"
_ARROWS = {WORSE: "▼", BETTER: "▲"}


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    change: str | None = None  # the change, sign first: "-2.9 个百分点"
    direction: str | None = None  # WORSE (red, down) or BETTER (green, up); None: plain
    against: str | None = None  # what the change is measured against: "较序时进度"
    note: str | None = None  # a line under the figure
    explanation: str | None = None  # how the change is reckoned: read by a screen reader, shown on hover


def show(tiles: Sequence[Tile]) -> None:
    st.html(markup(tiles))


def markup(tiles: Sequence[Tile]) -> str:
    """The tiles as HTML: one group each, named by its label, so a screen reader reads them tile by tile."""
    return '<div class="ms-tiles">' + "".join(_tile(tile) for tile in tiles) + "</div>"


def _tile(tile: Tile) -> str:
    parts = [
        f'<div class="ms-tile-label">{_text(tile.label)}</div>',
        f'<div class="ms-tile-value">{_text(tile.value)}</div>',
    ]
    if tile.change:
        # the arrow repeats the sign for the eye; a screen reader reads the sign, and the explanation
        arrow = f'<span aria-hidden="true">{_ARROWS[tile.direction]}</span> ' if tile.direction in _ARROWS else ""
        kind = f"ms-tile-change {tile.direction}" if tile.direction in _ARROWS else "ms-tile-change"
        chip = f'<span class="{kind}">{arrow}{_text(tile.change)}</span>'
        against = f' <span class="ms-tile-note ms-tile-against">{_text(tile.against)}</span>' if tile.against else ""
        described, explained = "", ""
        if tile.explanation:
            # the change's description for a screen reader, and its tooltip on hover; a hidden element
            # still gives its text to aria-describedby, and takes no room
            known = f"ms-tile-{zlib.crc32(tile.label.encode()):08x}"
            described = f' title="{_text(tile.explanation)}" aria-describedby="{known}"'
            explained = f'<span id="{known}" hidden>{_text(tile.explanation)}</span>'
        parts.append(f"<div{described}>{chip}{against}{explained}</div>")
    if tile.note:
        parts.append(f'<div class="ms-tile-note">{_text(tile.note)}</div>')
    return f'<div class="ms-tile" role="group" aria-label="{_text(tile.label)}">{"".join(parts)}</div>'


def _text(value: str | None) -> str:
    return html.escape(value or "", quote=True)
