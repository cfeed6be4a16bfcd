"""Any upload is either refused with a catalogue reason (never raw parser text) or read within bounds."""

import csv
import io
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from components.text.catalogue import CATALOGUE
from db.core import tabular
from db.core.errors import ImportRefused

TEXT = st.characters(blacklist_categories=("Cs",))  # no lone surrogates: no file can hold one
CELLS = st.one_of(
    st.text(TEXT, max_size=20),
    st.sampled_from(['=HYPERLINK("http://x","y")', "inf", "-inf", "nan", "1e400", "1e300", "是", "否", "", " "]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
)
TABLES = st.lists(st.lists(CELLS, min_size=0, max_size=7), min_size=0, max_size=12)


def assert_refused_or_within_bounds(filename: str, content: bytes) -> None:
    try:
        upload = tabular.read_upload(filename, content)
    except ImportRefused as refused:
        assert refused.problems
        for problem in refused.problems:
            assert problem.reason in CATALOGUE, problem.reason
            for text in CATALOGUE[problem.reason]:
                text.format(**problem.params)  # every placeholder filled; nothing else carried
            assert all(isinstance(v, int | str) and len(str(v)) <= 40 for v in problem.params.values())
        return
    assert upload.kind in ("csv", "xlsx")
    for headers, rows in upload.sheets.values():
        assert len(headers) <= tabular.MAX_COLUMNS and len(rows) <= tabular.MAX_ROWS
        for row in rows:
            assert set(row) <= set(headers)
            assert all(isinstance(v, str) and len(v) <= tabular.MAX_CELL_CHARS and v == v.strip() for v in row.values())


def csv_bytes(table: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode(encoding, errors="replace")


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "A.XLSX", "a"]))
def test_any_bytes_under_any_name_are_refused_with_a_reason_or_read_within_bounds(content, name):
    assert_refused_or_within_bounds(name, content)


@settings(max_examples=200, deadline=None)
@given(table=TABLES, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_any_csv_table_is_refused_with_a_reason_or_read_within_bounds(table, encoding):
    assert_refused_or_within_bounds("a.csv", csv_bytes(table, encoding))


SHEET_TEXT = st.characters(blacklist_categories=("Cs", "Cc"))  # what a worksheet can hold at all
SHEET_TABLES = st.lists(
    st.lists(st.one_of(st.text(SHEET_TEXT, max_size=20), CELLS.filter(str.isprintable)), max_size=7), max_size=12
)
FLIPPABLE = tabular.xlsx_bytes(
    [{"编号": "d1", "姓名": "甲"}, {"编号": "d2", "姓名": "乙"}]
)  # made once: it holds a timestamp


@settings(max_examples=60, deadline=None)
@given(
    table=SHEET_TABLES, headers=st.lists(st.text(string.ascii_letters + "项目名称", min_size=1, max_size=6), max_size=7)
)
def test_any_workbook_table_is_refused_with_a_reason_or_read_within_bounds(table, headers):
    rows = [dict(zip(headers, cells, strict=False)) for cells in table] or [dict.fromkeys(headers, "")]
    assert_refused_or_within_bounds("a.xlsx", tabular.xlsx_bytes(rows))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_workbook_with_bytes_flipped_is_refused_with_a_reason_or_read_within_bounds(data):
    content = bytearray(FLIPPABLE)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    assert_refused_or_within_bounds("a.xlsx", bytes(content))
