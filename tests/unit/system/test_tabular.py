"""Spreadsheets the app writes keep what people typed as text."""

import io

import openpyxl

from db.core import tabular


def test_a_text_that_looks_like_a_formula_is_written_as_text_and_reads_back_unchanged():
    content = tabular.xlsx_bytes([{"项目名称": '=HYPERLINK("http://x","y")', "得票": 3}])
    cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert tabular.read_rows("a.xlsx", content)[1] == [{"项目名称": '=HYPERLINK("http://x","y")', "得票": "3"}]
