# ruff: noqa: F811 (test functions take the imported `world` fixture by name)
"""Any candidate list is either refused with a reason and nothing written, or imported within bounds."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.core import tabular
from db.core.bounds import BOUNDS, Quantity
from db.core.errors import ImportRefused
from db.vote import candidates
from db.vote.models import Candidate, CandidateIndicator
from tests.db.import_properties import assert_refused_with_reasons, cell
from tests.db.vote.test_candidates import HEADERS, TARGET_HEADERS, counts, run_import, world  # noqa: F401

CANDIDATES = st.lists(
    st.tuples(
        cell("新建幼儿园", "老旧小区改造"),
        cell("育幼服务", "无此领域"),
        cell("说明", ""),
        cell("市教育局", "edu", "已撤销局", "无此单位"),
        cell("1200.5", "0", "10000000", "10000000.01"),
    ),
    max_size=5,
)
TARGETS = st.lists(
    st.tuples(
        cell("新建幼儿园", "老旧小区改造", "无此项目"),
        cell("新增学位", "所"),
        cell("个", ""),
        cell("3", "900", "1000000000", "1000000000.01"),
    ),
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=CANDIDATES, targets=st.one_of(st.none(), TARGETS))
def test_any_candidate_list_is_refused_with_a_reason_and_nothing_written_or_imported_within_bounds(
    session, world, rows, targets
):
    sheets = {
        candidates.CANDIDATE_SHEET: [dict(zip(HEADERS, r, strict=True)) for r in rows] or [dict.fromkeys(HEADERS)]
    }
    if targets is not None:
        sheets[candidates.INDICATOR_SHEET] = [dict(zip(TARGET_HEADERS, t, strict=True)) for t in targets] or [
            dict.fromkeys(TARGET_HEADERS)
        ]
    before = counts(session)
    try:
        run_import(world.office, "list.xlsx", tabular.workbook_bytes(sheets))
    except ImportRefused as refused:
        assert_refused_with_reasons(refused)
        assert counts(session) == before
        return
    money, indicator = BOUNDS[Quantity.MONEY], BOUNDS[Quantity.INDICATOR]
    for candidate in session.scalars(select(Candidate)):
        assert money.low <= candidate.estimated_budget <= money.high
        assert 0 < len(candidate.title) <= 100
    for target in session.scalars(select(CandidateIndicator)):
        assert indicator.low <= target.target <= indicator.high
