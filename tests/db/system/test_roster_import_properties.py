# ruff: noqa: F811 (test functions take the imported `admin` fixture by name)
"""Any roster file is either refused with a reason and nothing written, or imported within bounds."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.core import tabular
from db.core.errors import ImportRefused
from db.system import deputies
from db.system.models import Deputy
from tests.db.import_properties import assert_refused_with_reasons, cell
from tests.db.system.test_deputy_roster import admin, counts, run_import  # noqa: F401 (the fixture)

HEADERS = [names[0] for names in deputies.COLUMNS.values()]
ROWS = st.lists(
    st.tuples(
        cell("d1", "d2", "D1", "x" * 21),
        cell("张三", "李四"),
        cell("蓬江区", "新会区", "无此区"),
        cell("是", "否", "yes", "0"),
        cell("是", "否", "", "1"),
    ),
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, as_csv=st.booleans())
def test_any_roster_is_refused_with_a_reason_and_nothing_written_or_imported_within_bounds(
    session, admin, rows, as_csv
):
    records = [dict(zip(HEADERS, row, strict=True)) for row in rows] or [dict.fromkeys(HEADERS, "")]
    if as_csv:
        content = (
            ",".join(HEADERS)
            + "\n"
            + "".join(",".join(f'"{v.replace(chr(34), chr(34) * 2)}"' for v in row) + "\n" for row in rows)
        ).encode()
        name = "roster.csv"
    else:
        content, name = tabular.xlsx_bytes(records), "roster.xlsx"
    before = counts(session)
    try:
        run_import(admin, name, content)
    except ImportRefused as refused:
        assert_refused_with_reasons(refused)
        assert counts(session) == before
        return
    stored = list(session.scalars(select(Deputy)))
    assert len(stored) <= before[0] + len(rows)
    for deputy in stored:
        assert 0 < len(deputy.code) <= 20 and 0 < len(deputy.name) <= 40
        assert deputy.code == deputy.code.strip() and deputy.name == deputy.name.strip()
