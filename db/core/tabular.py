"""Reading uploaded tables (.xlsx or .csv) into rows of text, whatever the office's tool wrote.

An upload is checked before it is parsed, cheapest check first, so that a small file that unpacks
into a huge one (a workbook "bomb": 0.19 MB holding 300,000 rows) is refused in well under a second
and nothing is written: the file's size; for .xlsx the zip's number of entries and their total
unpacked size (from the zip's directory, nothing unpacked yet); each sheet's declared dimension;
then a streaming read (openpyxl read-only) that stops at the row cap; and a time budget over it
all. Parsing never runs inside a write transaction (SQLite's write lock is global): services take
the parsed `Upload`, and the readers refuse to run inside session_scope().
"""

from __future__ import annotations

import csv
import io
import re
import time
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from db.core import session as db_session
from db.core.errors import ImportRefused, RowProblem

FIRST_DATA_LINE = 2  # line 1 holds the headers, as a spreadsheet numbers them
MAX_ROWS = 5_000
MAX_COLUMNS = 64  # the widest import has 7; room for notes people add beside them
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # as .streamlit/config.toml's server.maxUploadSize (MB); checked again here
MAX_ZIP_ENTRIES = 200  # a workbook of a few sheets has about 15
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # 5,000 rows of long Chinese text unpack to well under this
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
TIME_BUDGET_SECONDS = 5.0  # a real file of 5,000 rows reads in well under a second

MAX_SHEET_ROWS = MAX_ROWS * 2 + 1  # <row> elements in a sheet's XML: rows kept only for their formatting count too
MAX_CELLS = MAX_ROWS * MAX_COLUMNS
_CHUNK = 256 * 1024
_TAG_PEEK = 64
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")

Table = tuple[list[str], list[dict[str, str]]]


@dataclass(frozen=True)
class Upload:
    """A parsed upload: its kind ("xlsx" or "csv") and its sheets by name (a CSV has one, named "")."""

    kind: str
    sheets: dict[str, Table]

    def first(self) -> Table:
        return next(iter(self.sheets.values()), ([], []))


def read_upload(filename: str, content: bytes, *, xlsx_only: bool = False) -> Upload:
    """The upload parsed within bounds, or ImportRefused saying why (a catalogue key, no raw error text)."""
    if db_session.writing():
        raise RuntimeError("parse an upload before the write transaction opens")  # a programming error
    name = filename.lower()
    if not name.endswith(".xlsx") and (xlsx_only or not name.endswith(".csv")):
        raise _refused("import.xlsx_only" if xlsx_only else "import.file_type")
    if len(content) > MAX_UPLOAD_BYTES:
        raise _refused("import.too_big", max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    if name.endswith(".xlsx"):
        return Upload("xlsx", _read_xlsx(content, deadline))
    return Upload("csv", {"": _read_csv(content, deadline)})


def read_rows(filename: str, content: bytes) -> Table:
    """The headers, and rows as {header: text} with cells stripped (an .xlsx file's first sheet)."""
    return read_upload(filename, content).first()


def read_workbook(filename: str, content: bytes) -> dict[str, Table]:
    """Every sheet of an .xlsx file, each as read_rows() gives one."""
    return read_upload(filename, content, xlsx_only=True).sheets


def _refused(reason: str, **params: Any) -> ImportRefused:
    return ImportRefused([RowProblem(1, "", reason, params)])


def _read_xlsx(content: bytes, deadline: float) -> dict[str, Table]:
    _check_archive(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file; its text is not for people
        raise _refused("import.unreadable") from error
    try:
        sheets = {}
        for sheet in book.worksheets:
            declared = sheet.max_row if sheet.max_row is not None else 0  # from <dimension>, nothing read yet
            if declared - 1 > MAX_ROWS:
                raise _refused("import.too_many_rows", max=MAX_ROWS)
            if (sheet.max_column or 0) > MAX_COLUMNS:
                raise _refused("import.too_many_columns", max=MAX_COLUMNS)
            sheets[sheet.title] = _table(sheet.iter_rows(values_only=True), deadline)
        return sheets
    except ImportRefused:
        raise
    except Exception as error:  # a damaged sheet found while streaming it
        raise _refused("import.unreadable") from error
    finally:
        book.close()


def _check_archive(content: bytes) -> None:
    """The zip's directory alone (nothing unpacked): how many entries and how large they unpack."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except Exception as error:  # not a zip at all, or a damaged one
        raise _refused("import.unreadable") from error
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise _refused("import.too_large_unpacked")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for entry in entries:
                if entry.filename.lower().endswith(".xml"):
                    _count_rows(archive, entry)
    except ImportRefused:
        raise
    except Exception as error:  # a damaged entry (bad CRC, unknown compression …)
        raise _refused("import.unreadable") from error


def _count_rows(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse a part with too many rows, unpacking only up to the row past the cap.

    openpyxl looks for a sheet's <dimension> by parsing the whole sheet when there is none (3 s for
    300,000 rows), and a dimension may lie: rows and cells are counted in the raw XML instead, a
    chunk at a time, whatever namespace prefix the writer used.
    """
    rows = cells = 0
    carry = b""
    with archive.open(entry) as part:
        while chunk := part.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")  # a tag cut by the chunk's end is counted with the next chunk
            if cut == -1 or len(data) - cut > _TAG_PEEK:
                cut = len(data)
            data, carry = data[:cut], data[cut:]
            rows += len(_ROW_TAG.findall(data))
            cells += len(_CELL_TAG.findall(data))
            if rows > MAX_SHEET_ROWS:
                raise _refused("import.too_many_rows", max=MAX_ROWS)
            if cells > MAX_CELLS:
                raise _refused("import.too_large_unpacked")


def _read_csv(content: bytes, deadline: float) -> Table:
    # Excel on Chinese Windows saves CSV as GBK; everything else writes UTF-8 (maybe with BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refused("import.encoding")
    if not text.strip():
        raise _refused("import.empty")
    if "\x00" in text:
        raise _refused("import.unreadable")
    try:
        return _table(csv.reader(io.StringIO(text, newline="")), deadline)
    except csv.Error as error:  # e.g. a field longer than csv's own limit
        raise _refused("import.unreadable") from error


def _table(lines: Iterable[Sequence[Any]], deadline: float) -> Table:
    """Headers from the first line, then rows up to the cap; trailing empty lines dropped."""
    rows_in = iter(lines)
    first = next(rows_in, None)
    if first is None:
        return [], []
    headers = [_text(v) for v in first[:MAX_COLUMNS]]
    while headers and not headers[-1]:
        headers.pop()  # empty cells right of the last header
    if len(first) > MAX_COLUMNS and any(_text(v) for v in first[MAX_COLUMNS:]):
        raise _refused("import.too_many_columns", max=MAX_COLUMNS)
    rows: list[dict[str, str]] = []
    blank_tail = 0
    for count, line in enumerate(_capped(rows_in), start=1):
        if count % 256 == 0 and time.monotonic() > deadline:
            raise _refused("import.too_slow")
        cells = [_text(v) for v in line[: len(headers)]]  # cells right of the headers belong to no column
        cells += [""] * (len(headers) - len(cells))
        row = dict(zip(headers, cells, strict=False))
        rows.append(row)
        blank_tail = blank_tail + 1 if not any(cells) else 0
    if blank_tail:
        del rows[-blank_tail:]
    return headers, rows


def _capped(lines: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """The lines after the header, refusing at MAX_ROWS + 1 — without reading a line past it."""
    for count, line in enumerate(lines, start=1):
        if count > MAX_ROWS and any(_text(v) for v in line):
            raise _refused("import.too_many_rows", max=MAX_ROWS)
        if count > MAX_ROWS * 2:  # empty lines past the cap: still not read on and on
            raise _refused("import.too_many_rows", max=MAX_ROWS)
        yield line


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARS:
        raise _refused("import.cell_too_long", max=MAX_CELL_CHARS)
    return text


def pick_columns(
    table: tuple[list[str], list[dict[str, str]]], columns: Mapping[str, tuple[str, ...]], required: set[str]
) -> tuple[list[dict[str, str]], list[RowProblem]]:
    """Rename each row's headers to field names, accepting any of a field's header spellings."""
    headers, rows = table
    found = {field: next((h for h in names if h in headers), None) for field, names in columns.items()}
    problems = [
        RowProblem(1, columns[field][0], "import.column_missing")
        for field in columns
        if field in required and found[field] is None
    ]
    renamed = [{field: row.get(h, "") if h else "" for field, h in found.items()} for row in rows]
    return renamed, problems


def xlsx_bytes(rows: Sequence[Mapping[str, object]], sheet: str = "Sheet1") -> bytes:
    """An .xlsx file of the rows; the first row's keys are the header line."""
    return workbook_bytes({sheet: rows})


def workbook_bytes(sheets: Mapping[str, Sequence[Mapping[str, object]]]) -> bytes:
    """An .xlsx file with one sheet per entry, each row's keys as the header line."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).map(_storable).to_excel(writer, index=False, sheet_name=name)
            _as_text(writer.sheets[name])
    return buffer.getvalue()


def _storable(value: object) -> object:
    """Text without the control characters an .xlsx cannot hold (a backspace pasted into a wish
    would otherwise stop the whole export); shown as the replacement character, so nothing vanishes."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _as_text(sheet: Any) -> None:
    """A typed text such as "=HYPERLINK(…)" stays text: Excel must never run what people entered."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
