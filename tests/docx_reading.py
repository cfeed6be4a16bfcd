"""Reading a generated Word document back (python-docx), as the tests check it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

LEFTOVERS = re.compile(r"None|\{[a-z_]*\}|nan\b|\bNaN\b")  # what a missing value or an unfilled placeholder leaves


@dataclass
class Opened:
    document: WordDocument

    def paragraphs(self, style: str | None = None) -> list[str]:
        return [p.text for p in self.document.paragraphs if style is None or p.style.name == style]

    def headings(self, level: int) -> list[str]:
        return self.paragraphs(f"Heading {level}")

    @property
    def tables(self) -> list[list[list[str]]]:
        return [[[cell.text for cell in row.cells] for row in table.rows] for table in self.document.tables]

    @property
    def pictures(self) -> int:
        return len(self.document.inline_shapes)

    def text(self) -> str:
        cells = [cell for table in self.tables for row in table for cell in row]
        return "\n".join([*self.paragraphs(), *cells])

    def east_asian_font(self, style: str) -> str | None:
        fonts = self.document.styles[style].element.rPr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:eastAsia"))


def opened(data: bytes) -> Opened:
    return Opened(docx.Document(io.BytesIO(data)))
