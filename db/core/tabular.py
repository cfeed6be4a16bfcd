"""Reading uploaded tables (.xlsx or .csv) into rows of text, whatever the office's tool wrote."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from db.core.errors import ImportRefused, RowProblem

FIRST_DATA_LINE = 2  # line 1 holds the headers, as a spreadsheet numbers them
MAX_ROWS = 5_000


def read_rows(filename: str, content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The headers, and rows as {header: text} with cells stripped; refuses unreadable files."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
        elif name.endswith(".csv"):
            frame = _read_csv(content)
        else:
            raise ImportRefused([RowProblem(1, "", "import.file_type")])
    except ImportRefused:
        raise
    except Exception as error:  # pandas raises many kinds for a damaged file
        raise ImportRefused([RowProblem(1, "", "import.unreadable", {"detail": str(error)[:200]})]) from error
    if len(frame) > MAX_ROWS:
        raise ImportRefused([RowProblem(1, "", "import.too_many_rows", {"max": MAX_ROWS})])
    frame = frame.fillna("")
    frame.columns = [str(c).strip() for c in frame.columns]
    return list(frame.columns), [{k: str(v).strip() for k, v in row.items()} for row in frame.to_dict("records")]


def read_workbook(filename: str, content: bytes) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """Every sheet of an .xlsx file, each as read_rows() gives one."""
    if not filename.lower().endswith(".xlsx"):
        raise ImportRefused([RowProblem(1, "", "import.xlsx_only")])
    try:
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=str, engine="openpyxl")
    except Exception as error:  # pandas raises many kinds for a damaged file
        raise ImportRefused([RowProblem(1, "", "import.unreadable", {"detail": str(error)[:200]})]) from error
    return {name: _rows(frame) for name, frame in sheets.items()}


def _rows(frame: pd.DataFrame) -> tuple[list[str], list[dict[str, str]]]:
    if len(frame) > MAX_ROWS:
        raise ImportRefused([RowProblem(1, "", "import.too_many_rows", {"max": MAX_ROWS})])
    frame = frame.fillna("")
    frame.columns = [str(c).strip() for c in frame.columns]
    return list(frame.columns), [{k: str(v).strip() for k, v in row.items()} for row in frame.to_dict("records")]


def _read_csv(content: bytes) -> pd.DataFrame:
    # Excel on Chinese Windows saves CSV as GBK; everything else writes UTF-8 (maybe with BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(io.BytesIO(content), dtype=str, encoding=encoding, keep_default_na=False)
        except UnicodeDecodeError:
            continue
    raise ImportRefused([RowProblem(1, "", "import.encoding")])


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
            pd.DataFrame(rows).to_excel(writer, index=False, sheet_name=name)
            _as_text(writer.sheets[name])
    return buffer.getvalue()


def _as_text(sheet: Any) -> None:
    """A typed text such as "=HYPERLINK(…)" stays text: Excel must never run what people entered."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
