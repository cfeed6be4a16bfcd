"""What every document starts and ends with: its title, the day, the body addressed; the date last."""

from __future__ import annotations

from datetime import date

from components.reports.words import Words
from db.reports.document import Addressee, Block, Document, Paragraph, Signature, Subtitle, Title


def head(title: str, as_of: date, w: Words, addressee_key: str | None = "reports.addressee") -> list[Block]:
    blocks: list[Block] = [Title(w.title_lines(title)), Subtitle(w("reports.as_of_line", day=w.day(as_of)))]
    if addressee_key:
        blocks.append(Addressee(w(addressee_key)))
    return blocks


def signed(as_of: date, w: Words) -> Signature:
    return Signature((w.day(as_of),))


def nothing_to_report(title: str, year: int, as_of: date, w: Words, blocks: list[Block]) -> Document:
    """A year without projects: the document says so, and no more."""
    said: list[Block] = [Paragraph(w("reports.year_none", year=year, day=w.day(as_of))), signed(as_of, w)]
    return Document(title, w.language, (*blocks, *said))


def count_in_title(projects: int, w: Words) -> str:
    """十件 in the title: the year's number of projects (ten by custom when it has none yet)."""
    return w.count(projects or 10)
