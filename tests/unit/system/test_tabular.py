"""Spreadsheets the app writes keep what people typed as text."""

import io

import openpyxl

from db.core import tabular


def test_a_text_that_looks_like_a_formula_is_written_as_text_and_reads_back_unchanged():
    content = tabular.xlsx_bytes([{"项目名称": '=HYPERLINK("http://x","y")', "得票": 3}])
    cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert tabular.read_rows("a.xlsx", content)[1] == [{"项目名称": '=HYPERLINK("http://x","y")', "得票": "3"}]


def test_a_control_character_typed_into_a_text_does_not_stop_the_export_and_leaves_a_visible_mark():
    content = tabular.xlsx_bytes([{"心愿": "路灯\x08坏了\x1f", "人数": 2}])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert (sheet["A2"].value, sheet["B2"].value) == ("路灯\ufffd坏了\ufffd", 2)
