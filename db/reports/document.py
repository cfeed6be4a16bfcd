"""A document as plain blocks of text, tables and pictures: what the writers compose, the builder lays out.

No words are made here and no layout is chosen: the writers (components/reports/) put the words
in the reader's language, db.reports.docx_builder sets them in the official-document layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Subtitle:
    """A line under the title, centred (the day the figures stand on)."""

    text: str


@dataclass(frozen=True)
class Addressee:
    """The body addressed (主送机关), flush left."""

    text: str


@dataclass(frozen=True)
class Heading:
    """一、 (level 1), （一） (level 2), 1. (level 3)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # words set apart at its start (a level-3 heading run into the paragraph)


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty
    numeric: frozenset[int] = field(default_factory=frozenset)  # columns of figures, aligned right


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str
    width_mm: float = 150.0


@dataclass(frozen=True)
class Signature:
    """The issuing body and the date, flush right at the end of the text."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Appendix:
    """An attachment on a page of its own: its label (附件) flush left, then its title."""

    label: str
    title: str


Block = Title | Subtitle | Addressee | Heading | Paragraph | Table | Figure | Signature | Appendix


@dataclass(frozen=True)
class Document:
    title: str  # the file's title property
    language: str  # "zh" or "en"
    blocks: tuple[Block, ...]

    def texts(self) -> list[str]:
        """Every word the document holds, for checks (tables cell by cell)."""
        found: list[str] = []
        for block in self.blocks:
            if isinstance(block, Table):
                found += [block.caption, *block.headers, *(cell for row in block.rows for cell in row)]
            elif isinstance(block, Figure):
                found.append(block.caption)
            elif isinstance(block, Signature):
                found += block.lines
            elif isinstance(block, Appendix):
                found += [block.label, block.title]
            elif isinstance(block, Paragraph):
                found.append(block.lead + block.text)
            else:
                found.append(block.text)
        return found
