"""Micro livelihood items (微实事): 代表提、政府办、人大督 — the changes.

A deputy proposes a small local fix (with a photo or document if they like); the congress office
screens it (accepting it, or declining it with a reason, finally) and assigns it to a department
with a deadline and a fund; that department's staff start and finish it, saying what was done and
what it cost; the proposing deputy rates the result (or the office does, on their behalf, recorded
as such). A first 不满意 sends the item back to the department once; a second is recorded and the
item is accepted as rated. The office archives accepted items. Every move follows
`rules.MOVES`, leaves a dated note and is audited; a refusal writes nothing.

Money: only 专项资金 draws on the division's yearly fund — the fund of the year the item was
proposed in, whenever it is assigned — by the item's estimated cost, from the moment it is
assigned; assigning beyond the fund is refused. 自筹 and other funds draw on nothing.
Reads live in db.micro_reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import audit, clock
from db.core import rules as core_rules
from db.core.actors import Actor, Role, require_office
from db.core.bounds import BOUNDS, Quantity
from db.core.errors import Forbidden, Refused, found
from db.micro import files as micro_files
from db.micro import rules
from db.micro.models import MicroAttachment, MicroFund, MicroItem, MicroItemNote, MicroSetting
from db.micro.rules import Fund, MicroRating, MicroState
from db.system.models import Department, Division

TITLE_MAX, PROBLEM_MAX, PLACE_MAX, BENEFICIARIES_MAX, NOTE_MAX = 100, 2000, 40, 200, 2000
FUND_MAX = int(BOUNDS[Quantity.MICRO_FUND].high)  # 万元: a division's yearly fund above this is a typing error
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The states in which an item holds its share of a division's fund.
COMMITTED = (
    MicroState.ASSIGNED,
    MicroState.IN_PROGRESS,
    MicroState.DONE,
    MicroState.ACCEPTED,
    MicroState.ARCHIVED,
)
# Each text of a proposal, its limit, whether it is required, and the refusal naming it.
PROPOSAL_TEXTS = (
    ("title", TITLE_MAX, True, "micro.title_invalid"),
    ("problem", PROBLEM_MAX, True, "micro.problem_invalid"),
    ("town", PLACE_MAX, True, "micro.town_invalid"),
    ("village", PLACE_MAX, False, "micro.village_invalid"),
    ("beneficiaries", BENEFICIARIES_MAX, True, "micro.beneficiaries_invalid"),
)


@dataclass(frozen=True)
class Proposal:
    title: str
    problem: str
    division_id: int | None
    town: str  # 镇（街道）
    village: str  # 村（社区）, may be empty
    beneficiaries: str
    estimated_cost: float | None  # 万元


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    checked: micro_files.Checked | None = None  # set by prepared(), before the write transaction opens


def prepared(upload: Upload | None) -> Upload | None:
    """The upload with its file checked and rebuilt: slow work (decoding a photo, reading a PDF) done
    before the write transaction opens, as SQLite's write lock is global."""
    return None if upload is None else replace(upload, checked=micro_files.checked(upload.content))


def propose(session: Session, actor: Actor, proposal: Proposal, upload: Upload | None = None) -> int:
    """A deputy's new item; every problem with it is listed at once."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    problems = [
        key
        for field, limit, required, key in PROPOSAL_TEXTS
        if core_rules.text_problem(getattr(proposal, field), max_length=limit, required=required)
    ]
    if proposal.division_id is None or session.get(Division, proposal.division_id) is None:
        problems.append("micro.division_required")
    cost_problem = rules.micro_cost_problem(proposal.estimated_cost)
    if cost_problem:
        problems.append(cost_problem)
    file = (upload.checked or micro_files.checked(upload.content)) if upload is not None else None
    if file is not None and file.problem:
        problems.append(file.problem)
    if problems:
        refused = Refused(problems[0], max_mb=rules.ATTACHMENT_MAX_BYTES // (1024 * 1024))
        refused.more = [(key, refused.params) for key in problems[1:]]
        raise refused
    assert proposal.division_id is not None and proposal.estimated_cost is not None
    now = clock.utcnow()
    item = MicroItem(
        year=clock.today().year,
        title=proposal.title.strip(),
        problem=proposal.problem.strip(),
        division_id=proposal.division_id,
        town=proposal.town.strip(),
        village=proposal.village.strip(),
        beneficiaries=proposal.beneficiaries.strip(),
        estimated_cost=_money(proposal.estimated_cost),
        deputy_id=actor.deputy_id,
        proposed_by=actor.id,
        proposed_at=now,
        state=MicroState.PROPOSED,
    )
    item.notes.append(MicroItemNote(at=now, author_id=actor.id, state_after=MicroState.PROPOSED, text=""))
    session.add(item)
    session.flush()
    after = _snapshot(item)
    if upload is not None and file is not None:  # a photo is stored re-encoded, without its EXIF
        name = rules.safe_filename(upload.filename, file.kind)
        stored = MicroAttachment(
            item_id=item.id,
            filename=name,
            kind=file.kind,
            size=len(file.content),
            content=file.content,
            uploaded_at=now,
        )
        session.add(stored)
        after["attachment"] = [stored.filename, stored.kind, stored.size]
    audit.record(session, actor, "create", "micro_item", item.id, after=after)
    return item.id


def screen(session: Session, actor: Actor, item_id: int, accept: bool, reason: str = "") -> str:
    """The office accepts a proposal for handling, or declines it with a reason (final)."""
    item = _locked(session, item_id)
    target = MicroState.SCREENED if accept else MicroState.DECLINED
    _check(item, actor, target, note=reason)
    before = _snapshot(item)
    if not accept:
        item.decline_reason = reason.strip()
    return _moved(session, actor, item, target, reason, before)


def assign(
    session: Session, actor: Actor, item_id: int, department_id: int | None, deadline: date | None, fund: str | None
) -> str:
    """The office hands a screened item to a department, with a deadline and a fund."""
    item = _locked(session, item_id)
    _check(item, actor, MicroState.ASSIGNED)
    department = session.get(Department, department_id) if department_id is not None else None
    if department is None or not department.active:
        raise Refused("micro.department_required")
    if deadline is None:
        raise Refused("micro.deadline_required")
    if deadline < clock.today():
        raise Refused("micro.deadline_past")
    if fund not in Fund:
        raise Refused("micro.fund_kind_required")
    if fund == Fund.SPECIAL:
        _check_fund(session, item)
    before = _snapshot(item)
    item.department_id, item.deadline, item.fund, item.assigned_at = department.id, deadline, fund, clock.utcnow()
    return _moved(session, actor, item, MicroState.ASSIGNED, "", before)


def start(session: Session, actor: Actor, item_id: int, note: str = "") -> str:
    """The department takes the item on."""
    item = _locked(session, item_id)
    _check(item, actor, MicroState.IN_PROGRESS, note=note)
    return _moved(session, actor, item, MicroState.IN_PROGRESS, note, _snapshot(item))


def complete(session: Session, actor: Actor, item_id: int, result: str, actual_cost: float | None) -> str:
    """The department reports the item done: what was done and what it actually cost (万元)."""
    item = _locked(session, item_id)
    _check(item, actor, MicroState.DONE, note=result)
    cost_problem = rules.micro_cost_problem(actual_cost)
    if cost_problem:
        raise Refused(cost_problem)
    assert actual_cost is not None
    before = _snapshot(item)
    item.result, item.actual_cost, item.done_at = result.strip(), _money(actual_cost), clock.utcnow()
    return _moved(session, actor, item, MicroState.DONE, result, before)


def rate(session: Session, actor: Actor, item_id: int, rating: str, comment: str = "") -> str:
    """The proposing deputy (or the office on their behalf) rates a done item; returns where it went.

    A first 不满意 sends it back to the department with the reason; any other rating, or a second
    不满意, accepts it as rated.
    """
    item = _locked(session, item_id)
    target = rules.micro_rating_target(rating, item.sent_back) if rating in MicroRating else MicroState.ACCEPTED
    _check(item, actor, target, note=comment, rating=rating)
    before = _snapshot(item)
    on_behalf = actor.role != Role.DEPUTY
    if target == MicroState.IN_PROGRESS:
        item.sent_back += 1
        item.done_at = None  # done again later; the days to done count to the last time
    else:
        item.rating, item.rating_comment, item.closed_at = rating, comment.strip(), clock.utcnow()
        item.rated_by, item.rated_on_behalf = actor.id, on_behalf
    return _moved(session, actor, item, target, comment, before, rating=rating, on_behalf=on_behalf)


def archive(session: Session, actor: Actor, item_id: int) -> str:
    item = _locked(session, item_id)
    _check(item, actor, MicroState.ARCHIVED)
    return _moved(session, actor, item, MicroState.ARCHIVED, "", _snapshot(item))


def set_fund(session: Session, actor: Actor, year: int, division_id: int, amount: float | None) -> None:
    """The office sets a division's yearly fund (万元); never below what is already committed."""
    require_office(actor)
    # Locking the division makes two clerks setting its first fund of a year wait for each other
    # (there is no fund row yet to lock): the second then finds the first's row and changes it.
    division = found(session.get(Division, division_id, with_for_update=True))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refused("micro.year_invalid")
    if amount is None:
        raise Refused("micro.amount_required")
    if amount != amount or amount < 0:
        raise Refused("micro.cost_negative")
    if amount > FUND_MAX:
        raise Refused("micro.fund_absurd", max=FUND_MAX)
    row = session.scalar(
        select(MicroFund).where(MicroFund.year == year, MicroFund.division_id == division.id).with_for_update()
    )
    held = committed(session, year, division.id)
    if amount + 1e-9 < held:
        raise Refused("micro.fund_below_committed", committed=f"{held:g}")
    before = {"amount": float(row.amount)} if row else None
    if row is None:
        row = MicroFund(year=year, division_id=division.id, amount=_money(amount))
        session.add(row)
    else:
        row.amount = _money(amount)
    session.flush()
    audit.record(
        session,
        actor,
        "set",
        "micro_fund",
        f"{year}/{division.id}",
        before,
        {"year": year, "division": division.name, "amount": float(row.amount)},
    )


def set_cost_cap(session: Session, actor: Actor, cap: float | None) -> None:
    """The office sets the per-item cost above which screening warns (万元)."""
    require_office(actor)
    if cap is None or cap != cap or not 0 < cap <= rules.COST_MAX:
        raise Refused("micro.cap_invalid", max=rules.COST_MAX)
    row = session.get(MicroSetting, 1, with_for_update=True)
    before = {"cost_cap": float(row.cost_cap)} if row else {"cost_cap": float(rules.COST_CAP)}
    if row is None:
        session.add(MicroSetting(id=1, cost_cap=_money(cap)))
    else:
        row.cost_cap = _money(cap)
    session.flush()
    audit.record(session, actor, "set", "micro_setting", 1, before, {"cost_cap": float(_money(cap))})


def committed(session: Session, year: int, division_id: int) -> float:
    """万元 of a division's fund held by its items of the year assigned with 专项资金."""
    total = session.scalar(
        select(func.coalesce(func.sum(MicroItem.estimated_cost), 0)).where(
            MicroItem.year == year,
            MicroItem.division_id == division_id,
            MicroItem.fund == Fund.SPECIAL,
            MicroItem.state.in_(COMMITTED),
        )
    )
    return float(total or 0)


def acting_as(actor: Actor, department_id: int | None, deputy_id: int) -> str | None:
    """Who this person is for an item: the office, its department's staff, its proposer, or nobody."""
    if actor.is_office_staff:
        return core_rules.OFFICE
    if actor.role == Role.STAFF and actor.department_id is not None and actor.department_id == department_id:
        return core_rules.DEPARTMENT
    if actor.role == Role.DEPUTY and actor.deputy_id == deputy_id:
        return rules.PROPOSER
    return None


def _check_fund(session: Session, item: MicroItem) -> None:
    # Locking the fund's row makes concurrent assignments in one division wait for each other.
    fund = session.scalar(
        select(MicroFund)
        .where(MicroFund.year == item.year, MicroFund.division_id == item.division_id)
        .with_for_update()
    )
    held, amount = committed(session, item.year, item.division_id), float(item.estimated_cost)
    problem = rules.micro_fund_problem(float(fund.amount) if fund else None, held, amount)
    if problem:
        division = found(session.get(Division, item.division_id)).name
        available = float(fund.amount) - held if fund else 0
        raise Refused(problem, division=division, year=item.year, available=f"{available:g}", amount=f"{amount:g}")


def _locked(session: Session, item_id: int) -> MicroItem:
    return found(session.scalar(select(MicroItem).where(MicroItem.id == item_id).with_for_update()))


def _check(item: MicroItem, actor: Actor, target: str, *, note: str = "", rating: str | None = None) -> None:
    who = acting_as(actor, item.department_id, item.deputy_id)
    problem = rules.micro_move_problem(item.state, target, who, note=note, rating=rating, sent_back=item.sent_back)
    problem = problem or core_rules.text_problem(note, max_length=NOTE_MAX, required=False)
    if problem:
        raise Refused(problem)


def _moved(
    session: Session, actor: Actor, item: MicroItem, target: str, note: str, before: dict[str, Any], **more: Any
) -> str:
    item.state = target
    item.notes.append(MicroItemNote(at=clock.utcnow(), author_id=actor.id, state_after=target, text=note.strip()))
    session.flush()
    audit.record(session, actor, target, "micro_item", item.id, before, {**_snapshot(item), **more})
    return target


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _snapshot(item: MicroItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "division_id": item.division_id,
        "place": [item.town, item.village],
        "estimated_cost": float(item.estimated_cost),
        "state": item.state,
        "department_id": item.department_id,
        "deadline": item.deadline,
        "fund": item.fund,
        "actual_cost": float(item.actual_cost) if item.actual_cost is not None else None,
        "decline_reason": item.decline_reason,
        "result": item.result,
        "rating": item.rating,
        "rating_comment": item.rating_comment,
        "rated_on_behalf": item.rated_on_behalf,
        "sent_back": item.sent_back,
    }
