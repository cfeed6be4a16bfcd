"""A year's candidate list: editing, audit, permissions, freezing, and the all-or-nothing import."""

from dataclasses import replace
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core import tabular
from db.core.errors import Forbidden, ImportRefused, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.projects.editing import IndicatorInput
from db.system.models import Department
from db.vote import candidates, voting
from db.vote.candidates import CandidateInput, ImportSummary, TargetView
from db.vote.models import Candidate, CandidateIndicator
from tests import ballots, factories
from tests.conftest import fresh
from tests.factories import actor_of

YEAR = 2027
HEADERS = ["项目名称", "领域", "简介", "牵头单位", "预计投资（万元）"]
TARGET_HEADERS = ["项目名称", "指标", "单位", "目标值"]


@pytest.fixture
def world(session):
    """Congress office staff, two active departments and a retired one, the year 2027."""
    factories.year(session, YEAR)
    education = Department(name="市教育局", code="edu")
    health = Department(name="市卫生健康局", code="health")
    retired = Department(name="已撤销局", code="gone", active=False)
    session.add_all([education, health, retired])
    session.commit()
    office = actor_of(session, factories.account(session, "staff").username)
    return SimpleNamespace(office=office, education=education, health=health, retired=retired)


def entry(world, title="新建幼儿园", **changes):
    data = CandidateInput(
        title=title,
        field="育幼服务",
        description="新建公办幼儿园三所",
        lead_department_id=world.education.id,
        estimated_budget="1,200.5",
        targets=(IndicatorInput(None, "新建幼儿园", "所", "3"), IndicatorInput(None, "新增学位", "个", 900)),
    )
    return replace(data, **changes)


def save(actor, data, candidate_id=None, year=YEAR):
    with session_scope() as s:
        return candidates.save_candidate(s, actor, year, candidate_id, data)


def delete(actor, candidate_id, year=YEAR):
    with session_scope() as s:
        candidates.delete_candidate(s, actor, year, candidate_id)


def run_import(actor, filename, content, year=YEAR):
    parsed = candidates.read(filename, content)
    with session_scope() as s:
        return candidates.import_candidates(s, actor, year, parsed)


def listed(year=YEAR):
    with read_scope() as s:
        return candidates.candidates(s, year)


def counts(session):
    """Candidates, their targets and audit rows: what a refused change must leave as it was."""
    fresh(session)
    return tuple(
        session.scalar(select(func.count()).select_from(model)) for model in (Candidate, CandidateIndicator, AuditEntry)
    )


def audit_rows(session, entity="candidate"):
    fresh(session)
    return session.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()


def workbook(rows, targets=None):
    sheets = {candidates.CANDIDATE_SHEET: rows}
    if targets is not None:
        sheets[candidates.INDICATOR_SHEET] = targets
    return tabular.workbook_bytes(sheets)


def row(title, field="公共教育", lead="市教育局", budget="100", description=""):
    return dict(zip(HEADERS, [title, field, description, lead, budget], strict=True))


def target(title, name, unit, value):
    return dict(zip(TARGET_HEADERS, [title, name, unit, value], strict=True))


# --- Editing -----------------------------------------------------------------------------------


def test_office_staff_save_a_candidate_with_its_targets_and_the_creation_is_audited(session, world):
    candidate_id = save(world.office, entry(world, title="  新建幼儿园  "))
    (saved,) = listed()
    assert (saved.id, saved.year, saved.title, saved.field) == (candidate_id, YEAR, "新建幼儿园", "育幼服务")
    assert (saved.lead_department, saved.estimated_budget) == ("市教育局", 1200.5)
    assert saved.targets == (TargetView("新建幼儿园", "所", 3.0), TargetView("新增学位", "个", 900.0))
    (created,) = audit_rows(session)
    assert (created.action, created.entity_id, created.before) == ("create", str(candidate_id), None)
    assert created.actor_username == world.office.username
    assert created.after["title"] == "新建幼儿园"
    assert created.after["targets"] == [["新建幼儿园", "所", 3.0], ["新增学位", "个", 900.0]]


def test_an_admin_may_edit_candidates_too(session, world):
    admin = actor_of(session, factories.account(session, "admin").username)
    save(admin, entry(world))
    assert [c.title for c in listed()] == ["新建幼儿园"]


def test_an_update_replaces_the_targets_and_is_audited_with_before_and_after(session, world):
    candidate_id = save(world.office, entry(world))
    changed = entry(
        world,
        title="新建和改扩建幼儿园",
        lead_department_id=world.health.id,
        estimated_budget=800,
        targets=(IndicatorInput(None, "新增学位", "个", 1200),),
    )
    assert save(world.office, changed, candidate_id) == candidate_id
    (saved,) = listed()
    assert (saved.title, saved.lead_department, saved.estimated_budget) == ("新建和改扩建幼儿园", "市卫生健康局", 800.0)
    assert saved.targets == (TargetView("新增学位", "个", 1200.0),)
    created, updated = audit_rows(session)
    assert (updated.action, updated.entity_id) == ("update", str(candidate_id))
    assert updated.before == created.after
    assert updated.before["title"] == "新建幼儿园" and updated.after["title"] == "新建和改扩建幼儿园"
    assert updated.before["lead_department_id"] == world.education.id
    assert updated.after["lead_department_id"] == world.health.id
    assert updated.after["targets"] == [["新增学位", "个", 1200.0]]
    assert counts(session)[:2] == (1, 1)  # the old targets are gone, not kept beside the new


def test_a_deletion_removes_the_candidate_with_its_targets_and_is_audited_with_what_it_was(session, world):
    keep = save(world.office, entry(world, title="保留项目"))
    gone = save(world.office, entry(world, title="删除项目"))
    delete(world.office, gone)
    assert [c.id for c in listed()] == [keep]
    assert counts(session)[:2] == (1, 2)
    deleted = audit_rows(session)[-1]
    assert (deleted.action, deleted.entity_id, deleted.after) == ("delete", str(gone), None)
    assert deleted.before["title"] == "删除项目" and len(deleted.before["targets"]) == 2


def test_candidates_are_listed_in_the_order_they_were_added(session, world):
    for title in ("丙项目", "甲项目", "乙项目"):
        save(world.office, entry(world, title=title))
    assert [c.title for c in listed()] == ["丙项目", "甲项目", "乙项目"]
    assert listed(2026) == []


def test_a_candidate_may_have_no_targets(session, world):
    save(world.office, entry(world, targets=()))
    assert listed()[0].targets == ()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": "   "}, "input.required"),
        ({"title": "长" * 101}, "input.too_long"),
        ({"description": "长" * 2001}, "input.too_long"),
        ({"field": "太空探索"}, "candidate.field_unknown"),
        ({"title": "已有项目"}, "input.duplicate"),
        ({"title": " 已有项目 "}, "input.duplicate"),
        ({"lead_department_id": None}, "project.lead_department_required"),
        ({"lead_department_id": 999_999}, "project.lead_department_required"),
        ({"estimated_budget": "-1"}, "candidate.budget_invalid"),
        ({"estimated_budget": "很多"}, "candidate.budget_invalid"),
        ({"estimated_budget": ""}, "candidate.budget_invalid"),
        ({"targets": (IndicatorInput(None, "新增学位", "个", "-5"),)}, "project.amount_invalid"),
        ({"targets": (IndicatorInput(None, "新增学位", "个", "许多"),)}, "project.amount_invalid"),
        ({"targets": (IndicatorInput(None, "新增学位", "", "5"),)}, "input.required"),
        (
            {"targets": (IndicatorInput(None, "学位", "个", 1), IndicatorInput(None, "学位", "所", 2))},
            "input.duplicate",
        ),
    ],
)
def test_a_bad_candidate_is_refused_with_its_reason_and_nothing_is_written(session, world, changes, reason):
    save(world.office, entry(world, title="已有项目"))
    before = counts(session)
    with pytest.raises(Refused) as refused:
        save(world.office, entry(world, **changes))
    assert refused.value.reason == reason
    assert counts(session) == before


def test_a_retired_department_cannot_lead_a_candidate(session, world):
    before = counts(session)
    with pytest.raises(Refused, match="project.lead_department_required"):
        save(world.office, entry(world, lead_department_id=world.retired.id))
    assert counts(session) == before


def test_a_bad_update_leaves_the_candidate_as_it_was(session, world):
    candidate_id = save(world.office, entry(world))
    before = counts(session)
    with pytest.raises(Refused, match="candidate.budget_invalid"):
        save(world.office, entry(world, title="改名", estimated_budget="-3"), candidate_id)
    assert counts(session) == before
    assert listed()[0].title == "新建幼儿园"


def test_a_candidate_of_another_year_cannot_be_changed_through_this_one(session, world):
    factories.year(session, 2028)
    other = save(world.office, entry(world), year=2028)
    before = counts(session)
    with pytest.raises(Refused, match="error.not_found"):
        save(world.office, entry(world, title="改名"), other)
    with pytest.raises(Refused, match="error.not_found"):
        delete(world.office, other)
    with pytest.raises(Refused, match="error.not_found"):
        delete(world.office, 999_999)
    assert counts(session) == before
    assert [c.title for c in listed(2028)] == ["新建幼儿园"]


def test_a_candidate_for_a_year_that_does_not_exist_is_refused(session, world):
    before = counts(session)
    with pytest.raises(Refused, match="error.not_found"):
        save(world.office, entry(world), year=2099)
    with pytest.raises(Refused, match="error.not_found"):
        run_import(world.office, "list.xlsx", workbook([row("新项目")]), year=2099)
    assert counts(session) == before


@pytest.mark.parametrize("role", ["deputy", "leader", "department staff"])
def test_deputies_leaders_and_department_staff_may_not_change_candidates(session, world, role):
    account = (
        factories.account(session, "staff", department_id=world.education.id)
        if role == "department staff"
        else factories.account(session, role)
    )
    outsider = actor_of(session, account.username)
    candidate_id = save(world.office, entry(world))
    before = counts(session)
    with pytest.raises(Forbidden):
        save(outsider, entry(world, title="别的项目"))
    with pytest.raises(Forbidden):
        save(outsider, entry(world, title="改名"), candidate_id)
    with pytest.raises(Forbidden):
        delete(outsider, candidate_id)
    with pytest.raises(Forbidden):
        run_import(outsider, "list.xlsx", workbook([row("别的项目")]))
    assert counts(session) == before


# --- Frozen once a round opens -------------------------------------------------------------------


def test_a_candidate_list_is_frozen_once_the_round_opens(session, world):
    factories.deputy(session)
    candidate_id = save(world.office, entry(world))
    with session_scope() as s:
        round_id = voting.create_round(s, world.office, YEAR)
    with read_scope() as s:
        assert candidates.is_frozen(s, YEAR) is False  # a draft round still lets the list change
    save(world.office, entry(world, estimated_budget=900), candidate_id)
    with session_scope() as s:
        ballots.advance(s, world.office, round_id)
    with read_scope() as s:
        assert candidates.is_frozen(s, YEAR) is True
    before = counts(session)
    for change in (
        lambda: save(world.office, entry(world, title="后来的项目")),
        lambda: save(world.office, entry(world, estimated_budget=1), candidate_id),
        lambda: delete(world.office, candidate_id),
        lambda: run_import(world.office, "list.xlsx", workbook([row("后来的项目")])),
    ):
        with pytest.raises(Refused) as refused:
            change()
        assert refused.value.reason == "candidate.frozen"
    assert counts(session) == before
    assert listed()[0].estimated_budget == 900.0


def test_another_years_list_stays_open_while_one_year_votes(session, world):
    factories.year(session, 2028)
    save(world.office, entry(world))
    factories.deputy(session)
    with session_scope() as s:
        ballots.advance(s, world.office, voting.create_round(s, world.office, YEAR))
    save(world.office, entry(world), year=2028)
    assert len(listed(2028)) == 1


# --- Import --------------------------------------------------------------------------------------


def test_an_xlsx_with_a_targets_sheet_creates_candidates_with_their_targets(session, world):
    content = workbook(
        [
            row("新建幼儿园", "育幼服务", "市教育局", "1,200.5", "新建公办幼儿园三所"),
            row("社区卫生服务站", "医疗卫生", "health", "300"),  # the department by its code
        ],
        [
            target("新建幼儿园", "新建幼儿园", "所", "3"),
            target("新建幼儿园", "新增学位", "个", "900"),
            target("社区卫生服务站", "新建站点", "个", "12.5"),
        ],
    )
    assert run_import(world.office, "候选项目.xlsx", content) == ImportSummary(created=2, updated=0)
    kindergarten, clinic = listed()
    assert (kindergarten.title, kindergarten.field, kindergarten.description) == (
        "新建幼儿园",
        "育幼服务",
        "新建公办幼儿园三所",
    )
    assert (kindergarten.lead_department, kindergarten.estimated_budget) == ("市教育局", 1200.5)
    assert kindergarten.targets == (TargetView("新建幼儿园", "所", 3.0), TargetView("新增学位", "个", 900.0))
    assert (clinic.lead_department, clinic.estimated_budget) == ("市卫生健康局", 300.0)
    assert clinic.targets == (TargetView("新建站点", "个", 12.5),)
    created = audit_rows(session)
    assert [(a.action, a.before) for a in created] == [("create", None), ("create", None)]
    assert created[0].after["targets"] == [["新建幼儿园", "所", 3.0], ["新增学位", "个", 900.0]]


@pytest.mark.parametrize("lead", ["市卫生健康局", "health"])
def test_the_lead_department_may_be_given_by_name_or_by_code(session, world, lead):
    run_import(world.office, "list.xlsx", workbook([row("社区卫生服务站", lead=lead)]))
    assert listed()[0].lead_department_id == world.health.id


def test_english_headers_are_accepted(session, world):
    rows = [
        {"title": "社区食堂", "field": "适老养老", "description": "", "lead_department": "edu", "budget": "50"},
    ]
    targets = [{"title": "社区食堂", "indicator": "新建食堂", "unit": "个", "target": "20"}]
    content = tabular.workbook_bytes({candidates.CANDIDATE_SHEET: rows, candidates.INDICATOR_SHEET: targets})
    assert run_import(world.office, "list.xlsx", content).created == 1
    assert listed()[0].targets == (TargetView("新建食堂", "个", 20.0),)


def test_re_importing_the_downloaded_template_changes_nothing(session, world):
    save(world.office, entry(world))
    save(world.office, entry(world, title="无指标的项目", description="", targets=(), estimated_budget="0"))
    with read_scope() as s:
        template = candidates.template(s, YEAR)
    before, shown = counts(session), listed()
    assert run_import(world.office, "template.xlsx", template) == ImportSummary(created=0, updated=0)
    assert counts(session) == before  # no new audit rows
    assert listed() == shown


def test_the_template_lists_the_years_candidates_and_their_targets(session, world):
    save(world.office, entry(world))
    with read_scope() as s:
        sheets = tabular.read_workbook("template.xlsx", candidates.template(s, YEAR))
    headers, rows = sheets[candidates.CANDIDATE_SHEET]
    assert headers == HEADERS
    assert rows == [
        dict(zip(HEADERS, ["新建幼儿园", "育幼服务", "新建公办幼儿园三所", "市教育局", "1200.5"], strict=True))
    ]
    target_headers, targets = sheets[candidates.INDICATOR_SHEET]
    assert target_headers == TARGET_HEADERS
    assert [(t["指标"], t["单位"]) for t in targets] == [("新建幼儿园", "所"), ("新增学位", "个")]


def test_the_empty_template_shows_its_columns_and_importing_it_back_writes_nothing(session, world):
    with read_scope() as s:
        template = candidates.template(s, YEAR)
    sheets = tabular.read_workbook("template.xlsx", template)
    assert sheets[candidates.CANDIDATE_SHEET][0] == HEADERS
    assert sheets[candidates.INDICATOR_SHEET][0] == TARGET_HEADERS
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        run_import(world.office, "template.xlsx", template)
    assert [p.reason for p in refused.value.problems] == ["import.empty"]
    assert counts(session) == before


def test_a_second_import_updates_by_title_and_audits_only_what_changed(session, world):
    first = workbook(
        [row("甲项目", budget="100"), row("乙项目", budget="200")],
        [target("甲项目", "新增学位", "个", "10"), target("乙项目", "新建食堂", "个", "2")],
    )
    run_import(world.office, "list.xlsx", first)
    audited = len(audit_rows(session))
    second = workbook(
        [row("甲项目", budget="150"), row("乙项目", budget="200"), row("丙项目")],
        [
            target("甲项目", "新增学位", "个", "10"),
            target("乙项目", "新建食堂", "个", "2"),
            target("丙项目", "培训教师", "人次", "30"),
        ],
    )
    assert run_import(world.office, "list.xlsx", second) == ImportSummary(created=1, updated=1)
    assert [(c.title, c.estimated_budget) for c in listed()] == [
        ("甲项目", 150.0),
        ("乙项目", 200.0),
        ("丙项目", 100.0),
    ]
    new_rows = audit_rows(session)[audited:]
    assert [(a.action, a.before and a.before["estimated_budget"], a.after["title"]) for a in new_rows] == [
        ("update", 100.0, "甲项目"),
        ("create", None, "丙项目"),
    ]


def test_a_targets_sheet_replaces_the_targets_of_the_candidates_the_file_lists(session, world):
    run_import(
        world.office,
        "list.xlsx",
        workbook(
            [row("甲项目"), row("乙项目")],
            [target("甲项目", "新增学位", "个", "10"), target("乙项目", "新建食堂", "个", "2")],
        ),
    )
    run_import(
        world.office, "list.xlsx", workbook([row("甲项目"), row("乙项目")], [target("甲项目", "新增学位", "个", "12")])
    )
    first, second = listed()
    assert first.targets == (TargetView("新增学位", "个", 12.0),)
    assert second.targets == ()  # the sheet is the whole list of targets of the file's candidates


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_a_csv_imports_candidates_without_targets_and_keeps_the_targets_they_had(session, world, encoding):
    save(world.office, entry(world, title="新建幼儿园"))
    text = ",".join(HEADERS) + '\n新建幼儿园,育幼服务,改扩建,市教育局,1500\n社区食堂,适老养老,,edu,"1,050"\n'
    assert run_import(world.office, "候选项目.csv", text.encode(encoding)) == ImportSummary(created=1, updated=1)
    kindergarten, canteen = listed()
    assert (kindergarten.description, kindergarten.estimated_budget) == ("改扩建", 1500.0)
    assert [t.name for t in kindergarten.targets] == ["新建幼儿园", "新增学位"]
    assert (canteen.title, canteen.field, canteen.estimated_budget, canteen.targets) == (
        "社区食堂",
        "适老养老",
        1050.0,
        (),
    )


def test_a_file_with_bad_rows_is_refused_whole_listing_every_bad_row(session, world):
    save(world.office, entry(world, title="已有项目"))
    content = workbook(
        [
            row("好项目"),  # line 2: fine, yet not imported
            row("坏领域", field="太空探索"),  # line 3
            row("坏单位", lead="火星局"),  # line 4
            row("负预算", budget="-5"),  # line 5
            row("好项目"),  # line 6: same title as line 2
            row("", budget="1"),  # line 7: no title
            row("撤销单位", lead="已撤销局"),  # line 8: a retired department is no lead
        ],
        [
            target("好项目", "新增学位", "个", "10"),  # line 2: fine
            target("不存在的项目", "新增学位", "个", "10"),  # line 3
            target("好项目", "培训教师", "人次", "很多"),  # line 4
            target("好项目", "新增学位", "个", "12"),  # line 5: the same target twice
        ],
    )
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        run_import(world.office, "list.xlsx", content)
    found = [(p.line, p.column, p.reason, p.params) for p in refused.value.problems]
    assert found == [
        (3, "领域", "candidate.field_unknown", {"value": "太空探索"}),
        (4, "牵头单位", "import.unknown_department", {"value": "火星局"}),
        (5, "预计投资（万元）", "candidate.budget_invalid", {}),
        (6, "项目名称", "candidate.duplicate_title", {"line": 2}),
        (7, "项目名称", "input.required", {}),
        (8, "牵头单位", "import.unknown_department", {"value": "已撤销局"}),
        (3, "指标 · 项目名称", "candidate.target_without_candidate", {"value": "不存在的项目"}),
        (4, "指标 · 目标值", "project.amount_invalid", {"name": "培训教师"}),
        (5, "指标 · 指标", "input.duplicate", {"value": "新增学位"}),
    ]
    assert refused.value.reason == "import.refused" and refused.value.params == {"count": 9}
    assert counts(session) == before
    assert [c.title for c in listed()] == ["已有项目"]


def test_a_bad_target_unit_is_listed_under_the_unit_column(session, world):
    content = workbook([row("好项目")], [target("好项目", "新增学位", "", "10")])
    with pytest.raises(ImportRefused) as refused:
        run_import(world.office, "list.xlsx", content)
    assert [(p.line, p.column, p.reason) for p in refused.value.problems] == [(2, "指标 · 单位", "input.required")]


def test_a_bad_csv_row_is_listed_with_its_spreadsheet_line(session, world):
    text = ",".join(HEADERS) + "\n甲项目,公共教育,,市教育局,100\n乙项目,公共教育,,市教育局,免费\n"
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        run_import(world.office, "list.csv", text.encode())
    assert [(p.line, p.column, p.reason) for p in refused.value.problems] == [
        (3, "预计投资（万元）", "candidate.budget_invalid")
    ]
    assert counts(session) == before


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("list.txt", b"whatever", "import.file_type"),
        ("list.xlsx", b"not a zip file", "import.unreadable"),
        ("list.xlsx", tabular.xlsx_bytes([row("甲项目")]), "import.sheet_missing"),  # no 候选项目 sheet
        ("list.csv", "项目名称,领域\n甲项目,公共教育\n".encode(), "import.column_missing"),
        ("list.csv", (",".join(HEADERS) + "\n").encode(), "import.empty"),
        ("list.csv", b"", "import.empty"),
    ],
)
def test_unreadable_or_incomplete_files_are_refused_with_a_reason(session, world, filename, content, reason):
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        run_import(world.office, filename, content)
    assert refused.value.problems[0].reason == reason
    assert counts(session) == before


def test_a_targets_sheet_missing_a_column_is_refused(session, world):
    content = workbook([row("甲项目")], [{"项目名称": "甲项目", "指标": "新增学位", "单位": "个"}])
    with pytest.raises(ImportRefused) as refused:
        run_import(world.office, "list.xlsx", content)
    assert [(p.line, p.column, p.reason) for p in refused.value.problems] == [(1, "目标值", "import.column_missing")]
    assert counts(session) == (0, 0, 0)
