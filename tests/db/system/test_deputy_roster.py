import pytest
from sqlalchemy import func, select

from db.core import tabular
from db.core.errors import Forbidden, ImportRefused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.system import deputies
from db.system.models import Deputy
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of

HEADER = "编号,姓名,代表团,常委会组成人员,在任\n"


@pytest.fixture
def admin(session):
    factories.division(session, "蓬江区")
    factories.division(session, "新会区")
    return actor_of(session, factories.account(session, "admin").username)


def run_import(admin, filename, content):
    parsed = deputies.read(filename, content)
    with session_scope() as s:
        return deputies.import_roster(s, admin, parsed)


def counts(session):
    fresh(session)
    return (
        session.scalar(select(func.count(Deputy.id))),
        session.scalar(select(func.count(AuditEntry.id))),
    )


def test_a_csv_roster_adds_deputies_and_a_second_import_updates_them_by_code(session, admin):
    first = HEADER + "A01,陈志伟,蓬江区,是,是\nA02,李丽娟,新会区,,\n"
    assert run_import(admin, "roster.csv", first.encode()) == deputies.ImportSummary(2, 0, 0)
    second = HEADER + "a01,陈志伟,新会区,否,否\nA02,李丽娟,新会区,否,是\n"
    assert run_import(admin, "roster.csv", second.encode()) == deputies.ImportSummary(0, 1, 1)
    with read_scope() as s:
        by_code = {d.code: d for d in deputies.roster(s)}
    assert (by_code["a01"].delegation, by_code["a01"].standing_committee, by_code["a01"].active) == (
        "新会区",
        False,
        False,
    )
    assert by_code["a02"].active is True
    assert counts(session) == (2, 3)  # two creations and one update audited


def test_an_xlsx_roster_with_english_headers_imports_too(session, admin):
    rows = [{"code": "B01", "name": "黄国强", "delegation": "蓬江区", "standing_committee": "yes", "active": "1"}]
    assert run_import(admin, "roster.xlsx", tabular.xlsx_bytes(rows)).created == 1
    with read_scope() as s:
        assert deputies.roster(s)[0].standing_committee is True


def test_a_gbk_csv_from_chinese_excel_is_read(session, admin):
    content = (HEADER + "C01,梁秀英,蓬江区,否,是\n").encode("gb18030")
    assert run_import(admin, "名册.csv", content).created == 1


def test_the_downloaded_roster_imports_back_unchanged(session, admin):
    run_import(admin, "roster.csv", (HEADER + "A01,陈志伟,蓬江区,是,是\n").encode())
    with read_scope() as s:
        exported = tabular.xlsx_bytes(deputies.roster_rows(deputies.roster(s)))
    assert run_import(admin, "roster.xlsx", exported) == deputies.ImportSummary(0, 0, 1)


def test_a_file_with_bad_rows_is_refused_whole_listing_every_bad_row(session, admin):
    content = HEADER + (
        "A01,陈志伟,蓬江区,是,是\n"  # line 2: fine, yet not imported
        ",无编号,蓬江区,否,是\n"  # line 3: no code
        "A04,,火星区,也许,是\n"  # line 4: no name, unknown delegation, bad yes/no
        "a01,重复,蓬江区,否,是\n"  # line 5: same code as line 2
        f"A06,{'长' * 41},蓬江区,否,是\n"  # line 6: name too long
    )
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        run_import(admin, "roster.csv", content.encode())
    found = [(p.line, p.column, p.reason) for p in refused.value.problems]
    assert found == [
        (3, "编号", "input.required"),
        (4, "姓名", "input.required"),
        (4, "代表团", "import.unknown_delegation"),
        (4, "常委会组成人员", "import.yes_no"),
        (5, "编号", "import.duplicate_in_file"),
        (6, "姓名", "input.too_long"),
    ]
    assert refused.value.problems[4].params == {"line": 2}
    assert counts(session) == before


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("roster.txt", b"whatever", "import.file_type"),
        ("roster.xlsx", b"not a zip file", "import.unreadable"),
        ("roster.csv", "编号,姓名\nA01,陈志伟\n".encode(), "import.column_missing"),
        ("roster.csv", HEADER.encode(), "import.empty"),
        ("roster.csv", b"", "import.empty"),
    ],
)
def test_unreadable_or_incomplete_files_are_refused_with_a_reason(session, admin, filename, content, reason):
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        run_import(admin, filename, content)
    assert refused.value.problems[0].reason == reason
    assert counts(session) == before


def test_only_admins_import_the_roster(session, admin):
    leader = actor_of(session, factories.account(session, "leader").username)
    with pytest.raises(Forbidden):
        run_import(leader, "roster.csv", (HEADER + "A01,陈志伟,蓬江区,是,是\n").encode())
