"""Micro livelihood items (微实事): the whole way from proposal to archive, who may do what, the
refusals that write nothing, the division fund, the file checks, and the reads."""

import threading
from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from sqlalchemy import func, select

from db.core import clock
from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import LOCK_WAIT_MS, read_scope, session_scope
from db.micro import item_reads as micro_reads
from db.micro import items as micro_items
from db.micro import rules as micro_rules
from db.micro.item_reads import ItemFilter
from db.micro.items import Proposal, Upload
from db.micro.models import MicroAttachment, MicroFund, MicroItem, MicroItemNote
from db.micro.rules import MicroState
from db.survey.rules import Level
from db.system.models import Division
from tests import factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of

SOON = TODAY + timedelta(days=30)


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()
GPS = 0x8825  # the EXIF block of where a photo was taken
ORIENTATION = 0x0112


def photo(
    image_format: str = "JPEG", size: tuple[int, int] = (8, 6), exif: Image.Exif | None = None, mode: str = "RGB"
) -> bytes:
    """A real picture, built here: a tiny red one unless told otherwise."""
    out = BytesIO()
    extra = {"exif": exif} if exif else {}
    Image.new(mode, size, (180, 40, 40) if mode == "RGB" else 0).save(out, image_format, **extra)
    return out.getvalue()


JPEG = photo()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def stage(session):
    """A division with a fund of 100 万元 this year, two departments, the office, each department's
    staff, the proposing deputy (of that division), another deputy and a leader."""
    division = factories.division(session)
    works, other = factories.department(session), factories.department(session)
    session.add(MicroFund(year=TODAY.year, division_id=division.id, amount=100))
    session.commit()

    def actor(role, **fields):
        return actor_of(session, factories.account(session, role, **fields).username)

    return SimpleNamespace(
        division=division,
        works=works,
        other=other,
        office=actor("staff"),
        admin=actor("admin"),
        staff=actor("staff", department_id=works.id),
        stranger=actor("staff", department_id=other.id),
        deputy=actor("deputy", deputy=factories.deputy(session, division_row=division)),
        neighbour=actor("deputy"),
        leader=actor("leader"),
    )


def proposal(stage, **changes):
    fields = dict(
        title="村口道路加装护栏",
        problem="弯道无护栏，夜间有车辆冲出路面的危险",
        division_id=stage.division.id,
        town="棠下镇",
        village="良溪村",
        beneficiaries="良溪村村民约 1200 人",
        estimated_cost=18.5,
    )
    return Proposal(**{**fields, **changes})


def run(change, *args, **kwargs):
    with session_scope() as s:
        return change(s, *args, **kwargs)


def propose(stage, upload=None, **changes):
    return run(micro_items.propose, stage.deputy, proposal(stage, **changes), upload)


def to_state(stage, target, **changes):
    """A new item moved along the ordinary way until it reaches `target`."""
    item_id = propose(stage, **changes)
    steps = [
        (MicroState.SCREENED, lambda: run(micro_items.screen, stage.office, item_id, True)),
        (MicroState.ASSIGNED, lambda: run(micro_items.assign, stage.office, item_id, stage.works.id, SOON, "special")),
        (MicroState.IN_PROGRESS, lambda: run(micro_items.start, stage.staff, item_id)),
        (MicroState.DONE, lambda: run(micro_items.complete, stage.staff, item_id, "已安装波形护栏 120 米", 17.2)),
        (MicroState.ACCEPTED, lambda: run(micro_items.rate, stage.deputy, item_id, Level.SATISFIED, "很好")),
        (MicroState.ARCHIVED, lambda: run(micro_items.archive, stage.office, item_id)),
    ]
    for state, step in steps:
        if state == MicroState.SCREENED and target == MicroState.PROPOSED:
            break
        step()
        if state == target:
            break
    return item_id


def counts(session):
    """Items, notes, attachments, audit rows, funds and their amounts."""
    fresh(session)
    tables = (MicroItem, MicroItemNote, MicroAttachment, AuditEntry, MicroFund)
    rows = tuple(session.scalar(select(func.count()).select_from(t)) for t in tables)
    amounts = sorted((f.year, f.division_id, float(f.amount)) for f in session.scalars(select(MicroFund)))
    return rows, amounts


def item_of(session, item_id):
    fresh(session)
    return session.get(MicroItem, item_id)


def refused(session, reason, change, *args, **kwargs):
    before = counts(session)
    with pytest.raises(Refused) as error:
        run(change, *args, **kwargs)
    assert error.value.reason == reason
    assert counts(session) == before  # nothing written
    return error.value


# --- the whole way ----------------------------------------------------------------------------


def test_an_item_goes_from_proposal_to_archive_with_a_note_and_an_audit_row_per_step(session, stage):
    item_id = to_state(stage, MicroState.ARCHIVED)
    item = item_of(session, item_id)
    assert (item.state, item.year, item.department_id, item.deadline, item.fund) == (
        MicroState.ARCHIVED,
        TODAY.year,
        stage.works.id,
        SOON,
        "special",
    )
    assert (item.result, float(item.actual_cost), item.rating, item.rated_on_behalf) == (
        "已安装波形护栏 120 米",
        17.2,
        Level.SATISFIED,
        False,
    )
    assert [n.state_after for n in item.notes] == [
        "proposed",
        "screened",
        "assigned",
        "in_progress",
        "done",
        "accepted",
        "archived",
    ]
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "micro_item")).all()
    assert actions == ["create", "screened", "assigned", "in_progress", "done", "accepted", "archived"]


def test_a_proposal_keeps_its_texts_trimmed_and_belongs_to_the_deputy(session, stage):
    item_id = propose(stage, title="  路灯不亮  ", village="")
    item = item_of(session, item_id)
    assert (item.title, item.village, item.deputy_id, item.state) == (
        "路灯不亮",
        "",
        stage.deputy.deputy_id,
        "proposed",
    )


def test_declining_is_final_and_keeps_the_reason_also_in_the_audit(session, stage):
    item_id, reason = propose(stage), "属于市政道路改造计划，已列入明年工程"
    run(micro_items.screen, stage.office, item_id, False, reason)
    assert item_of(session, item_id).decline_reason == reason
    refused(session, "micro.move_not_allowed", micro_items.screen, stage.office, item_id, True)
    refused(session, "micro.move_not_allowed", micro_items.assign, stage.office, item_id, stage.works.id, SOON, "self")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == MicroState.DECLINED)).one()
    assert (entry.before["decline_reason"], entry.after["decline_reason"]) == ("", reason)


def test_a_first_dissatisfied_rating_sends_the_item_back_and_a_second_closes_it_as_rated(session, stage):
    item_id = to_state(stage, MicroState.DONE)
    assert run(micro_items.rate, stage.deputy, item_id, Level.DISSATISFIED, "护栏只装了一半") == MicroState.IN_PROGRESS
    item = item_of(session, item_id)
    assert (item.state, item.sent_back, item.rating, item.done_at) == (MicroState.IN_PROGRESS, 1, None, None)
    assert item.notes[-1].text == "护栏只装了一半"
    run(micro_items.complete, stage.staff, item_id, "已补装剩余护栏", 18.0)
    assert run(micro_items.rate, stage.deputy, item_id, Level.DISSATISFIED, "仍未刷反光漆") == MicroState.ACCEPTED
    item = item_of(session, item_id)
    assert (item.state, item.rating, item.rating_comment, item.sent_back) == (
        MicroState.ACCEPTED,
        Level.DISSATISFIED,
        "仍未刷反光漆",
        1,
    )


def test_the_office_may_rate_on_the_deputys_behalf_and_it_is_recorded_as_such(session, stage):
    item_id = to_state(stage, MicroState.DONE)
    run(micro_items.rate, stage.office, item_id, Level.BASICALLY_SATISFIED, "代表电话反馈基本满意")
    item = item_of(session, item_id)
    assert (item.rating, item.rated_on_behalf, item.rated_by) == (Level.BASICALLY_SATISFIED, True, stage.office.id)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "accepted")).one()
    assert entry.after["on_behalf"] is True and entry.actor_username == stage.office.username
    assert (entry.after["rating"], entry.after["rating_comment"], entry.after["rated_on_behalf"]) == (
        Level.BASICALLY_SATISFIED,
        "代表电话反馈基本满意",
        True,
    )
    assert (entry.before["rating_comment"], entry.before["result"]) == ("", "已安装波形护栏 120 米")


# --- who may do what --------------------------------------------------------------------------


def test_only_deputies_propose(session, stage):
    for actor in (stage.office, stage.staff, stage.leader, stage.admin):
        with pytest.raises(Forbidden):
            run(micro_items.propose, actor, proposal(stage))


def test_only_the_office_screens_assigns_and_archives(session, stage):
    item_id = propose(stage)
    for actor in (stage.deputy, stage.staff, stage.leader):
        refused(session, "micro.office_only", micro_items.screen, actor, item_id, True)
    run(micro_items.screen, stage.admin, item_id, True)  # an admin acts as the office
    refused(session, "micro.office_only", micro_items.assign, stage.staff, item_id, stage.works.id, SOON, "self")


def test_a_department_acting_on_another_departments_item_is_refused(session, stage):
    item_id = to_state(stage, MicroState.ASSIGNED)
    refused(session, "micro.not_your_department", micro_items.start, stage.stranger, item_id)
    refused(session, "micro.not_your_department", micro_items.start, stage.office, item_id)
    run(micro_items.start, stage.staff, item_id)
    refused(session, "micro.not_your_department", micro_items.complete, stage.stranger, item_id, "已完成", 10)


def test_a_deputy_rating_another_deputys_item_is_refused(session, stage):
    item_id = to_state(stage, MicroState.DONE)
    refused(session, "micro.not_your_item", micro_items.rate, stage.neighbour, item_id, Level.SATISFIED)
    refused(session, "micro.not_your_item", micro_items.rate, stage.staff, item_id, Level.SATISFIED)


def test_a_move_not_allowed_from_the_state_is_refused(session, stage):
    item_id = propose(stage)
    refused(session, "micro.move_not_allowed", micro_items.start, stage.staff, item_id)
    refused(session, "micro.move_not_allowed", micro_items.rate, stage.deputy, item_id, Level.SATISFIED)
    refused(session, "micro.move_not_allowed", micro_items.archive, stage.office, item_id)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": "  "}, "micro.title_invalid"),
        ({"title": "护" * 101}, "micro.title_invalid"),
        ({"problem": ""}, "micro.problem_invalid"),
        ({"town": ""}, "micro.town_invalid"),
        ({"village": "村" * 41}, "micro.village_invalid"),
        ({"beneficiaries": ""}, "micro.beneficiaries_invalid"),
        ({"division_id": None}, "micro.division_required"),
        ({"division_id": 999_999}, "micro.division_required"),
        ({"estimated_cost": None}, "micro.cost_required"),
        ({"estimated_cost": -1}, "micro.cost_negative"),
        ({"estimated_cost": 10_001}, "micro.cost_absurd"),
    ],
)
def test_a_bad_proposal_is_refused_and_nothing_written(session, stage, changes, reason):
    refused(session, reason, micro_items.propose, stage.deputy, proposal(stage, **changes))


def test_every_problem_of_a_proposal_is_listed_at_once(session, stage):
    error = refused(
        session,
        "micro.title_invalid",
        micro_items.propose,
        stage.deputy,
        proposal(stage, title="", town="", estimated_cost=-5),
    )
    assert [reason for reason, _ in error.more] == ["micro.town_invalid", "micro.cost_negative"]


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (Upload("照片.jpg", b""), "micro.file_empty"),
        (Upload("照片.jpg", b"GIF89a" + b"0" * 10), "micro.file_type"),
        (Upload("说明.pdf", b"MZ\x90\x00 program"), "micro.file_type"),
        (Upload("大图.jpg", JPEG[:4] + b"0" * micro_rules.ATTACHMENT_MAX_BYTES), "micro.file_too_big"),
    ],
)
def test_a_file_of_the_wrong_kind_or_too_big_is_refused(session, stage, upload, reason):
    refused(session, reason, micro_items.propose, stage.deputy, proposal(stage), upload)


def test_a_photo_is_stored_with_a_safe_name_and_offered_only_to_permitted_people(session, stage):
    item_id = propose(stage, Upload("../../现场<照片>.exe", JPEG))
    run(micro_items.screen, stage.office, item_id, True)
    run(micro_items.assign, stage.office, item_id, stage.works.id, SOON, "self")
    with read_scope() as s:
        view = micro_reads.item(s, factories.reader(), item_id, TODAY)
        stored = micro_reads.attachment(s, stage.office, item_id).content
        assert view.attachment == micro_reads.FileRef("现场_照片.jpg", "jpeg", len(stored))
        assert Image.open(BytesIO(stored)).size == (8, 6)
        for actor in (stage.deputy, stage.office, stage.leader, stage.staff, stage.admin):
            assert micro_reads.attachment(s, actor, item_id).content == stored
            assert micro_reads.may_see_attachment(actor, view)
        for actor in (stage.neighbour, stage.stranger):
            assert not micro_reads.may_see_attachment(actor, view)
            with pytest.raises(Forbidden):
                micro_reads.attachment(s, actor, item_id)


def test_a_jpegs_php_and_script_comment_block_does_not_reach_storage(session, stage):
    out = BytesIO()
    Image.new("RGB", (6, 4), (10, 20, 30)).save(out, "JPEG", comment=b"<?php system($_GET[1]); ?><script>x()</script>")
    assert b"<?php" in out.getvalue()
    upload = micro_items.prepared(Upload("现场.jpg", out.getvalue()))
    assert upload is not None and upload.checked is not None  # checked before the transaction opens
    item_id = propose(stage, upload)
    with read_scope() as s:
        stored = micro_reads.attachment(s, stage.office, item_id).content
    assert b"<?php" not in stored and b"<script" not in stored and b"\xff\xfe" not in stored.split(b"\xff\xda")[0]


def test_a_pdf_with_javascript_is_refused_and_nothing_is_written(session, stage):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('hi');"))
    out = BytesIO()
    writer.write(out)
    before = counts(session)
    with pytest.raises(Refused) as refused:
        propose(stage, micro_items.prepared(Upload("测算表.pdf", out.getvalue())))
    assert refused.value.reason == "micro.pdf_active"
    assert counts(session) == before


def test_a_pdf_is_accepted_too(session, stage):
    item_id = propose(stage, Upload("测算表.pdf", PDF))
    with read_scope() as s:
        file = micro_reads.attachment(s, stage.office, item_id)
    assert (file.kind, file.content) == ("pdf", PDF)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100,  # starts like a JPEG, then junk
        JPEG[: len(JPEG) // 2],  # a photo cut off halfway
        b"\x89PNG\r\n\x1a\n" + b"junk" * 20,
        photo("PNG", size=(8000, 6000), mode="1"),  # 48 megapixels: small as a file, huge once decoded
    ],
    ids=["fake-jpeg", "cut-jpeg", "fake-png", "48-megapixels"],
)
def test_a_picture_that_does_not_decode_or_is_too_large_is_refused_and_nothing_written(session, stage, content):
    refused(session, "micro.file_type", micro_items.propose, stage.deputy, proposal(stage), Upload("照片.jpg", content))


def test_a_phone_photo_is_stored_without_where_it_was_taken_and_upright(session, stage):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the phone turned: to be shown rotated
    exif[GPS] = {1: "N", 2: (22.0, 35.0, 12.5), 3: "E", 4: (113.0, 4.0, 51.0)}
    sent = photo(size=(8, 6), exif=exif)
    assert Image.open(BytesIO(sent)).getexif().get_ifd(GPS)
    item_id = propose(stage, Upload("现场.jpg", sent))
    with read_scope() as s:
        stored = Image.open(BytesIO(micro_reads.attachment(s, stage.office, item_id).content))
    assert (stored.format, stored.size, dict(stored.getexif())) == ("JPEG", (6, 8), {})


def test_screening_declining_needs_a_reason_and_done_needs_what_was_done_and_its_cost(session, stage):
    item_id = propose(stage)
    refused(session, "micro.reason_required", micro_items.screen, stage.office, item_id, False, " ")
    item_id = to_state(stage, MicroState.IN_PROGRESS)
    refused(session, "micro.result_required", micro_items.complete, stage.staff, item_id, "", 10)
    refused(session, "micro.cost_required", micro_items.complete, stage.staff, item_id, "已完成", None)
    refused(session, "micro.cost_absurd", micro_items.complete, stage.staff, item_id, "已完成", 20_000)
    refused(session, "input.too_long", micro_items.complete, stage.staff, item_id, "完" * 2001, 10)


def test_a_rating_must_be_one_of_three_and_dissatisfied_needs_a_reason(session, stage):
    item_id = to_state(stage, MicroState.DONE)
    refused(session, "micro.rating_required", micro_items.rate, stage.deputy, item_id, "excellent")
    refused(session, "micro.reason_required", micro_items.rate, stage.deputy, item_id, Level.DISSATISFIED, "")


@pytest.mark.parametrize(
    ("department", "deadline", "fund", "reason"),
    [
        (None, SOON, "self", "micro.department_required"),
        ("works", None, "self", "micro.deadline_required"),
        ("works", TODAY - timedelta(days=1), "self", "micro.deadline_past"),
        ("works", SOON, None, "micro.fund_kind_required"),
        ("works", SOON, "lottery", "micro.fund_kind_required"),
    ],
)
def test_an_assignment_needs_a_department_a_deadline_not_past_and_a_fund(
    session, stage, department, deadline, fund, reason
):
    item_id = to_state(stage, MicroState.SCREENED)
    department_id = getattr(stage, department).id if department else None
    refused(session, reason, micro_items.assign, stage.office, item_id, department_id, deadline, fund)


# --- money ------------------------------------------------------------------------------------


def test_assigning_beyond_the_division_fund_is_refused_saying_what_is_left(session, stage):
    to_state(stage, MicroState.ASSIGNED, estimated_cost=60)
    item_id = to_state(stage, MicroState.SCREENED, estimated_cost=45)
    error = refused(
        session, "micro.fund_exceeded", micro_items.assign, stage.office, item_id, stage.works.id, SOON, "special"
    )
    assert (error.params["available"], error.params["amount"], error.params["year"]) == ("40", "45", TODAY.year)
    run(micro_items.assign, stage.office, item_id, stage.works.id, SOON, "self")  # 自筹 draws on no fund
    with read_scope() as s:
        line = next(f for f in micro_reads.funds(s, TODAY.year) if f.division_id == stage.division.id)
    assert (line.fund, line.committed, line.available) == (100, 60, 40)


def test_a_division_without_a_fund_for_the_year_cannot_take_special_fund_items(session, stage):
    item_id = to_state(stage, MicroState.SCREENED)
    with session_scope() as s:
        s.get(MicroItem, item_id).year = TODAY.year - 1
    refused(session, "micro.fund_not_set", micro_items.assign, stage.office, item_id, stage.works.id, SOON, "special")


def test_declined_and_unassigned_items_hold_no_money(session, stage):
    to_state(stage, MicroState.SCREENED, estimated_cost=90)
    declined = propose(stage, estimated_cost=90)
    run(micro_items.screen, stage.office, declined, False, "不属于微实事范围")
    with read_scope() as s:
        assert micro_items.committed(s, TODAY.year, stage.division.id) == 0


def test_the_office_sets_a_fund_but_never_below_what_is_committed(session, stage):
    to_state(stage, MicroState.ASSIGNED, estimated_cost=30)
    run(micro_items.set_fund, stage.office, TODAY.year, stage.division.id, 250)
    with read_scope() as s:
        assert next(f for f in micro_reads.funds(s, TODAY.year) if f.division_id == stage.division.id).fund == 250
    refused(
        session, "micro.fund_below_committed", micro_items.set_fund, stage.office, TODAY.year, stage.division.id, 20
    )
    refused(session, "micro.cost_negative", micro_items.set_fund, stage.office, TODAY.year, stage.division.id, -1)
    refused(session, "micro.fund_absurd", micro_items.set_fund, stage.office, TODAY.year, stage.division.id, 1e9)
    refused(session, "micro.year_invalid", micro_items.set_fund, stage.office, 1999, stage.division.id, 10)
    newcomer = factories.division(session).id  # no fund yet: a refusal adds none
    refused(session, "micro.amount_required", micro_items.set_fund, stage.office, TODAY.year, newcomer, None)
    refused(session, "micro.cost_negative", micro_items.set_fund, stage.office, TODAY.year, newcomer, float("nan"))
    before = counts(session)
    with pytest.raises(Forbidden):
        run(micro_items.set_fund, stage.leader, TODAY.year, stage.division.id, 300)
    assert counts(session) == before


def at_once(database_url, monkeypatch, meeting_point, changes):
    """Run the changes in threads at the same moment; each outcome is "done" or the refusal's reason.

    On PostgreSQL each thread waits inside its transaction, on reaching `meeting_point` (a function
    of db.micro_items), for the others: they have all read before any writes, unless a lock made one
    wait before it — then the meeting is given up after a moment and the threads go on. SQLite
    lets one writer in at a time (BEGIN IMMEDIATE): there they can only start together.
    """
    # Given up well within the lock wait (LOCK_WAIT_MS, 5 s): a thread blocked on another's lock
    # must get it before its wait turns into Busy.
    together = threading.Barrier(len(changes), timeout=LOCK_WAIT_MS / 1000 / 3)
    inside = database_url.startswith("postgresql")
    original = getattr(micro_items, meeting_point)

    def meet(*args, **kwargs):
        if inside:
            try:
                together.wait()
            except threading.BrokenBarrierError:  # another thread waits for our lock: go on
                pass
        return original(*args, **kwargs)

    monkeypatch.setattr(micro_items, meeting_point, meet)
    outcomes: list[str | None] = [None] * len(changes)

    def work(number, change):
        if not inside:
            together.wait()
        try:
            with session_scope() as s:
                change(s)
            outcomes[number] = "done"
        except Refused as refusal:
            outcomes[number] = refusal.reason
        except Exception as error:  # noqa: BLE001 - the outcome to show, e.g. a raw IntegrityError
            outcomes[number] = type(error).__name__

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(changes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_clerks_setting_a_divisions_first_fund_of_the_year_at_once_both_succeed_one_after_the_other(
    session, stage, database_url, monkeypatch
):
    newcomer = factories.division(session).id
    clerk = actor_of(session, factories.account(session, "staff").username)
    changes = [
        lambda s: micro_items.set_fund(s, stage.office, TODAY.year, newcomer, 80),
        lambda s: micro_items.set_fund(s, clerk, TODAY.year, newcomer, 120),
    ]
    assert at_once(database_url, monkeypatch, "committed", changes) == ["done", "done"]
    fresh(session)
    funds = session.scalars(select(MicroFund).where(MicroFund.division_id == newcomer)).all()
    assert len(funds) == 1 and float(funds[0].amount) in (80, 120)
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "micro_fund").order_by(AuditEntry.id))
    befores = [entry.before for entry in entries]
    assert befores[0] is None and befores[1]["amount"] in (80, 120) and len(befores) == 2
    assert session.get(Division, newcomer) is not None


def test_two_assignments_at_once_that_together_exceed_the_fund_give_one_assigned_and_one_refused(
    session, stage, database_url, monkeypatch
):
    first, second = (to_state(stage, MicroState.SCREENED, estimated_cost=60) for _ in range(2))  # 120 of 100
    changes = [
        lambda s, item_id=item_id: micro_items.assign(s, stage.office, item_id, stage.works.id, SOON, "special")
        for item_id in (first, second)
    ]
    assert sorted(at_once(database_url, monkeypatch, "_check", changes)) == ["done", "micro.fund_exceeded"]
    states = {item_of(session, i).state for i in (first, second)}
    assert states == {MicroState.ASSIGNED, MicroState.SCREENED}
    with read_scope() as s:
        assert micro_items.committed(s, TODAY.year, stage.division.id) == 60


def test_the_cost_cap_is_fifty_until_the_office_changes_it(session, stage):
    with read_scope() as s:
        assert micro_reads.cost_cap(s) == 50
    run(micro_items.set_cost_cap, stage.office, 80)
    with read_scope() as s:
        assert micro_reads.cost_cap(s) == 80
    refused(session, "micro.cap_invalid", micro_items.set_cost_cap, stage.office, 0)
    refused(session, "micro.cap_invalid", micro_items.set_cost_cap, stage.office, 20_000)
    with pytest.raises(Forbidden):
        run(micro_items.set_cost_cap, stage.deputy, 60)


# --- reads ------------------------------------------------------------------------------------


def test_each_reads_only_the_items_they_may_see_leaders_and_the_office_all(session, stage):
    assigned = to_state(stage, MicroState.IN_PROGRESS)  # proposed by stage.deputy, worked by stage.works
    waiting = propose(stage)  # not yet assigned to any department

    def ids(reader, **chosen):
        with read_scope() as s:
            return {v.id for v in micro_reads.items(s, reader, ItemFilter(**chosen), TODAY)}

    assert ids(stage.office) == ids(stage.leader) == {assigned, waiting}
    assert ids(stage.staff) == {assigned} and ids(stage.stranger) == set()
    assert ids(stage.deputy) == {assigned, waiting} and ids(stage.neighbour) == set()
    for reader, chosen in (
        (stage.stranger, {"department_id": stage.works.id}),
        (stage.neighbour, {"deputy_id": stage.deputy.deputy_id}),
    ):
        with pytest.raises(Forbidden):
            ids(reader, **chosen)
    with read_scope() as s, pytest.raises(Forbidden):
        micro_reads.overview(s, stage.staff, TODAY.year, TODAY)


def test_a_departments_queue_shows_overdue_items_first(session, stage):
    on_time = to_state(stage, MicroState.SCREENED)
    run(micro_items.assign, stage.office, on_time, stage.works.id, TODAY + timedelta(days=60), "self")
    late = to_state(stage, MicroState.IN_PROGRESS)  # due in 30 days
    to_state(stage, MicroState.DONE)  # done items wait for the deputy, never overdue
    with read_scope() as s:
        queue = micro_reads.items(
            s, factories.reader(), ItemFilter(department_id=stage.works.id), TODAY + timedelta(days=40)
        )
    assert (queue[0].id, queue[0].overdue) == (late, True)
    assert sum(v.overdue for v in queue) == 1 and len(queue) == 3
    assert not next(v for v in queue if v.id == on_time).overdue


def test_a_deputy_sees_what_waits_for_their_rating(session, stage):
    waiting = to_state(stage, MicroState.DONE)
    to_state(stage, MicroState.IN_PROGRESS)
    with read_scope() as s:
        assert [v.id for v in micro_reads.awaiting_rating(s, stage.deputy, TODAY)] == [waiting]
        assert micro_reads.awaiting_rating(s, stage.neighbour, TODAY) == []
        assert micro_reads.awaiting_rating(s, stage.office, TODAY) == []


def test_the_moves_offered_are_the_ones_the_person_may_make(session, stage):
    item_id = to_state(stage, MicroState.DONE)
    with read_scope() as s:
        view = micro_reads.item(s, factories.reader(), item_id, TODAY)
    assert micro_reads.moves_for(stage.deputy, view) == [MicroState.ACCEPTED]
    assert micro_reads.moves_for(stage.office, view) == [MicroState.ACCEPTED]
    assert micro_reads.moves_for(stage.staff, view) == []
    assert micro_reads.moves_for(stage.neighbour, view) == []


def test_the_overview_counts_states_divisions_ratings_days_and_money(session, stage):
    to_state(stage, MicroState.ACCEPTED, estimated_cost=20)
    to_state(stage, MicroState.PROPOSED)
    with read_scope() as s:
        figures = micro_reads.overview(s, factories.reader(), TODAY.year, TODAY)
    assert figures.by_state == {MicroState.ACCEPTED: 1, MicroState.PROPOSED: 1}
    assert figures.by_division == {stage.division.name: {MicroState.ACCEPTED: 1, MicroState.PROPOSED: 1}}
    assert figures.ratings == {Level.SATISFIED: 1}
    assert figures.median_days_to_done == 0 and figures.total == 2
    assert next(f for f in figures.funds if f.division_id == stage.division.id).committed == 20
