"""Hostile uploads are refused before they are parsed: fast, with a catalogue reason, nothing written."""

import io
import time
import tomllib
import zipfile
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from components.text import catalogue
from db.core import tabular
from db.core.errors import ImportRefused
from db.core.models import AuditEntry
from db.core.session import session_scope
from db.projects import bulk_reports
from db.system import deputies
from db.system.models import Deputy
from db.vote import candidates
from db.vote.models import Candidate
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of

ROOT = Path(__file__).resolve().parents[3]
READERS = {"roster": deputies.read, "candidates": candidates.read, "progress": bulk_reports.read}

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def workbook_of_rows(rows: int, *, dimension: bool) -> bytes:
    """A minimal .xlsx whose one sheet holds `rows` data lines under the roster's headers."""
    header = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABCDE", ["编号", "姓名", "代表团", "常委会组成人员", "在任"], strict=True)
    )
    body = '<row><c t="inlineStr"><is><t>d</t></is></c></row>' * rows  # identical lines pack tiny
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="A1:E{rows + 1}"/>' if dimension else "")
        + f'<sheetData><row r="1">{header}</row>{body}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def zip_bomb_workbook() -> bytes:
    """A real small workbook plus one entry that unpacks to 200 MB of zeros (about 200 KB packed)."""
    content = tabular.xlsx_bytes(
        [{"编号": "d1", "姓名": "甲", "代表团": "蓬江区", "常委会组成人员": "否", "在任": "是"}]
    )
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo("xl/media/padding.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as entry:
            block = bytes(1024 * 1024)
            for _ in range(200):
                entry.write(block)
    return buffer.getvalue()


def workbook_of_many_entries(entries: int) -> bytes:
    buffer = io.BytesIO(tabular.xlsx_bytes([{"编号": "d1"}]))
    with zipfile.ZipFile(buffer, "a") as archive:
        for n in range(entries):
            archive.writestr(f"xl/media/{n}.bin", b"")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {
        "300k rows": workbook_of_rows(300_000, dimension=True),
        "300k rows, no dimension": workbook_of_rows(300_000, dimension=False),
        "zip bomb": zip_bomb_workbook(),
        "many entries": workbook_of_many_entries(tabular.MAX_ZIP_ENTRIES + 1),
    }


@pytest.fixture
def world(session):
    factories.division(session, "蓬江区")
    factories.year(session, 2027)
    admin = actor_of(session, factories.account(session, "admin").username)
    return admin


def counts(session):
    fresh(session)
    return tuple(session.scalar(select(func.count(m.id))) for m in (Deputy, Candidate, AuditEntry))


def test_the_row_bomb_is_small_and_really_holds_300k_rows(bombs):
    assert len(bombs["300k rows"]) < 400_000  # the file was 0.19 MB
    with zipfile.ZipFile(io.BytesIO(bombs["300k rows"])) as archive:
        assert archive.read("xl/worksheets/sheet1.xml").count(b"<row") == 300_001


@pytest.mark.parametrize("bomb", ["300k rows", "300k rows, no dimension", "zip bomb", "many entries"])
def test_a_workbook_bomb_is_refused_in_under_a_second_with_nothing_written(session, world, bombs, bomb):
    before = counts(session)
    for name, read in READERS.items():
        started = time.monotonic()
        with pytest.raises(ImportRefused) as refused:
            parsed = read("bomb.xlsx", bombs[bomb])
            with session_scope() as s:  # not reached: as feedback.apply_prepared does, parse first, then write
                deputies.import_roster(s, world, parsed)
        elapsed = time.monotonic() - started
        assert elapsed < 1.0, (name, bomb, elapsed)
        reason = refused.value.problems[0].reason
        assert reason in {"import.too_many_rows", "import.too_large_unpacked"}, (name, bomb, reason)
    assert counts(session) == before


def test_the_streaming_read_stops_just_past_the_row_cap():
    exactly = workbook_of_rows(tabular.MAX_ROWS, dimension=False)
    assert len(tabular.read_rows("ok.xlsx", exactly)[1]) == tabular.MAX_ROWS
    with pytest.raises(ImportRefused) as refused:
        tabular.read_rows("over.xlsx", workbook_of_rows(tabular.MAX_ROWS + 1, dimension=False))
    assert refused.value.problems[0].reason == "import.too_many_rows"


def test_a_csv_over_the_row_cap_is_refused():
    text = "编号\n" + "".join(f"d{n}\n" for n in range(300_000))
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        tabular.read_rows("big.csv", text.encode())
    assert refused.value.problems[0].reason == "import.too_many_rows"
    assert time.monotonic() - started < 1.0


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    with pytest.raises(ImportRefused) as refused:
        tabular.read_rows("big.csv", b"x" * (tabular.MAX_UPLOAD_BYTES + 1))
    assert refused.value.problems[0].reason == "import.too_big"


def test_the_server_size_limit_is_the_streamlit_upload_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert tabular.MAX_UPLOAD_BYTES == config["server"]["maxUploadSize"] * 1024 * 1024


def test_the_time_budget_refuses_a_slow_read(monkeypatch):
    monkeypatch.setattr(tabular, "TIME_BUDGET_SECONDS", -1.0)
    with pytest.raises(ImportRefused) as refused:
        tabular.read_rows("slow.csv", ("编号\n" + "d\n" * 1000).encode())
    assert refused.value.problems[0].reason == "import.too_slow"


@pytest.mark.parametrize("content", [b"not a zip file", b"PK\x03\x04broken", zlib.compress(b"x" * 100)])
def test_an_unreadable_file_is_refused_with_the_catalogue_message_and_no_parser_text(content):
    with pytest.raises(ImportRefused) as refused:
        tabular.read_rows("bad.xlsx", content)
    problem = refused.value.problems[0]
    assert (problem.reason, problem.params) == ("import.unreadable", {})
    zh, en = catalogue.CATALOGUE["import.unreadable"]
    assert "{" not in zh and "{" not in en  # no slot left for raw pandas/openpyxl text


def test_parsing_inside_a_write_transaction_is_refused(session):
    with pytest.raises(RuntimeError, match="before the write transaction"), session_scope():
        tabular.read_rows("a.csv", "编号\nd1\n".encode())
