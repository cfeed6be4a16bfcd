"""Demo satisfaction surveys (满意度测评): invented answers, closed by the service itself.

Every past demo year has a closed 年终 round, last year a closed 年中 round too (its trend has two
points); this year has an open 年中 round that about 60 % of the deputies have answered — but
not the demo deputy d001, who finds the form. Last year's 年终 round grades one project 基本满意
and fails one (不满意, far below the 80 % line), whose rectification item its lead department
works on (reported rectified, once its deadline has passed); an older year has one project
flagged by its rate alone, its item long verified. The rest are graded 满意; 85 to 95 % of the
deputies answered each round.

The rounds are made and moved by db.survey.rounds with the office's account (so their audit rows
are there); the participations and sealed answer sets, thousands, go in with bulk inserts, drawn
so that each project gets the grade planned for it. Closing is the service's own: it shuffles
the ratings, freezes the results and opens the items; the dates it takes from the clock are then
set back to when the round closed. One random.Random per year: a given `today` gives the same demo.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.core import clock
from db.core.actors import Actor
from db.demo.pool.people import DEMO_DEPUTY
from db.demo.pool.satisfaction import (
    COMMENTS,
    DEMO_TELLER,
    EVIDENCE,
    IN_PROGRESS_NOTE,
    MIDYEAR_COMMENTS,
    VERIFIED_NOTE,
)
from db.demo.timing import weekday
from db.oversight.models import RectificationItem, RectificationNote
from db.oversight.rules import RectificationState
from db.projects.models import Project
from db.secret_ballot import sealing, tellers
from db.secret_ballot.tellers import RoundKeyRecord
from db.survey import rounds as survey_rounds
from db.survey import rules as survey_rules
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyResult, SurveyRound, survey_voter
from db.survey.rules import COMMENT_MAX, Level, SatisfactionCount
from db.system import accounts
from db.system.models import Account, Deputy

YEARS_BACK = 5  # past years with a closed 年终 round, as far back as the demo's projects go
# Past years with a closed 年中 round too. Each closed round costs about 0.35 s of the demo's first
# start-up (the service rewrites its ~3,300 ratings on closing): last year's only.
MIDYEAR_YEARS_BACK = 1
RESPONSE = {"midyear": (0.85, 0.92), "yearend": (0.88, 0.95)}  # share of the voters who answer a closed round
OPEN_RESPONSE = (0.57, 0.63)  # of the voters other than the demo deputy, in this year's open round
DRAWS = 100  # attempts at answers that give each project its planned grade; the first nearly always does

# How the voters of a round answer one project: ranges for the shares of 满意, 不满意 and 弃权
# (基本满意 takes the rest), and the grade and flag the answers must come to.
SATISFIED, BASIC, FLAGGED, FAILED = "satisfied", "basic", "flagged", "failed"


@dataclass(frozen=True)
class Profile:
    satisfied: tuple[float, float]
    dissatisfied: tuple[float, float]
    abstain: tuple[float, float]
    grade: str
    flagged: bool


PROFILES = {
    SATISFIED: Profile((0.70, 0.88), (0.01, 0.04), (0.005, 0.03), Level.SATISFIED, False),
    BASIC: Profile((0.38, 0.45), (0.05, 0.10), (0.02, 0.05), Level.BASICALLY_SATISFIED, False),
    FLAGGED: Profile((0.28, 0.36), (0.20, 0.25), (0.03, 0.06), Level.BASICALLY_SATISFIED, True),  # rate < 80 %
    FAILED: Profile((0.19, 0.23), (0.45, 0.49), (0.03, 0.05), Level.DISSATISFIED, True),  # about 50 %
}
# Years back -> the 年终 round's projects not graded 满意; every 年中 round has one 基本满意.
YEAREND_PLANS: dict[int, tuple[str, ...]] = {1: (BASIC, FAILED), 2: (BASIC,), 3: (FLAGGED,), 4: (), 5: (BASIC,)}

# Few deputies write a comment, more of them when not satisfied: some 30 to 40 a round.
COMMENT_SHARE: dict[str, float] = {
    Level.SATISFIED: 0.005,
    Level.BASICALLY_SATISFIED: 0.025,
    Level.DISSATISFIED: 0.08,
    Level.ABSTAIN: 0,
}


def seed_satisfaction(session: Session, today: date) -> None:
    """Closed 年终 rounds for the past demo years (last year's 年中 too), an open 年中 round for this year.

    Needs the accounts, deputies and every year's projects flushed.
    """
    office_account = session.scalar(select(Account).where(Account.username == "office"))
    assert office_account is not None
    office = accounts.as_actor(office_account)
    liaisons = dict(
        session.execute(
            select(Account.department_id, Account.id).where(
                Account.role == "staff", Account.username.like("dept\\_%", escape="\\")
            )
        ).all()
    )
    demo_deputy = session.scalar(select(Deputy.id).where(Deputy.code == DEMO_DEPUTY))
    assert demo_deputy is not None
    end = clock.start_of_local_day(today)  # everything happened before today began
    for back in range(YEARS_BACK, 0, -1):
        year = today.year - back
        rng = random.Random(f"minsheng-demo-satisfaction-{year}")
        projects = _projects(session, year)
        # The project that fails at the year's end (or is flagged) had its warning at midyear.
        yearend = _plan(rng, projects, YEAREND_PLANS[back], set(liaisons))
        troubled = [p for p, kind in yearend.items() if kind in (FAILED, FLAGGED)]
        if back <= MIDYEAR_YEARS_BACK:
            midyear = dict.fromkeys(projects, SATISFIED) | {(troubled or [rng.choice(list(projects))])[0]: BASIC}
            closed_on = weekday(date(year, 7, rng.randint(8, 18)))
            _closed_round(session, rng, office, year, "midyear", midyear, demo_deputy, closed_on)
        closed_on = weekday(date(year, 12, rng.randint(14, 21)))
        items = _closed_round(session, rng, office, year, "yearend", yearend, demo_deputy, closed_on)
        for item in items:  # last year's is still being worked on; older ones were verified long ago
            _worked_on(rng, item, closed_on, office.id, liaisons[item.department_id], end, verified=back > 1)
        session.flush()
    rng = random.Random(f"minsheng-demo-satisfaction-{today.year}")
    _open_round(session, rng, office, today.year, demo_deputy)


def _projects(session: Session, year: int) -> dict[int, int]:
    """The year's projects in number order: id -> lead department id."""
    query = select(Project.id, Project.lead_department_id).where(Project.year == year).order_by(Project.number)
    return dict(session.execute(query).all())


def _plan(
    rng: random.Random, projects: dict[int, int], kinds: Sequence[str], liaised: set[int | None]
) -> dict[int, str]:
    """Each project's answer profile: the kinds given to random projects, 满意 for the rest.

    A flagged project is one whose lead department has a demo liaison, who works on its item.
    """
    plan = dict.fromkeys(projects, SATISFIED)
    for kind in sorted(kinds, key=lambda k: k == BASIC):  # the flagged first, from the liaised
        free = [p for p in projects if plan[p] == SATISFIED]
        if kind in (FAILED, FLAGGED):
            free = [p for p in free if projects[p] in liaised]
        plan[rng.choice(free)] = kind
    return plan


def _closed_round(
    session: Session,
    rng: random.Random,
    office: Actor,
    year: int,
    stage: str,
    plan: dict[int, str],
    demo_deputy: int,
    closed_on: date,
) -> list[RectificationItem]:
    """A round answered by most voters (the demo deputy among them) and closed by the service.

    Returns the rectification items its closing opened, dated as opened when it closed.
    """
    round_id = survey_rounds.create_round(session, office, year, stage, list(plan))
    record = _open_with_demo_key(session, office, round_id)
    voters = _voters(session, round_id)
    others = [d for d in voters if d != demo_deputy]
    answered = [demo_deputy, *rng.sample(others, round(len(voters) * rng.uniform(*RESPONSE[stage])) - 1)]
    _answer(session, rng, round_id, stage, plan, answered, record.public_key)
    private_key = survey_rounds.rebuild_key(session, office, round_id, record.demo_shares)
    survey_rounds.advance(session, office, round_id, private_key=private_key)
    survey = session.get(SurveyRound, round_id)
    assert survey is not None
    survey.closed_on = closed_on
    opened = (
        select(RectificationItem)
        .join(SurveyResult, SurveyResult.rectification_item_id == RectificationItem.id)
        .where(SurveyResult.round_id == round_id)
    )
    items = list(session.scalars(opened))
    for item in items:
        item.created_at = clock.start_of_local_day(closed_on) + timedelta(hours=rng.uniform(15, 17.5))
        item.deadline = closed_on + timedelta(days=survey.deadline_days)
    return items


def _open_round(session: Session, rng: random.Random, office: Actor, year: int, demo_deputy: int) -> None:
    """This year's 年中 round, open: most projects going well, one less so; d001 has not answered."""
    projects = list(_projects(session, year))
    plan = dict.fromkeys(projects, SATISFIED) | {rng.choice(projects): BASIC}
    round_id = survey_rounds.create_round(session, office, year, "midyear", projects)
    record = _open_with_demo_key(session, office, round_id)
    others = [d for d in _voters(session, round_id) if d != demo_deputy]
    answered = rng.sample(others, round(len(others) * rng.uniform(*OPEN_RESPONSE)))
    _answer(session, rng, round_id, "midyear", plan, answered, record.public_key)


def _open_with_demo_key(session: Session, office: Actor, round_id: int) -> RoundKeyRecord:
    """Open with a 1-of-1 demo key whose share the record keeps, for the office to show as a demo share."""
    record, shares = tellers.split_key(1, [DEMO_TELLER], demo=True)
    record = record.with_demo_shares(shares)
    survey_rounds.advance(session, office, round_id, key=record, demo_mode=True)
    return record


def _voters(session: Session, round_id: int) -> list[int]:
    query = select(survey_voter.c.deputy_id).where(survey_voter.c.round_id == round_id)
    return list(session.scalars(query.order_by(survey_voter.c.deputy_id)))


def _answer(
    session: Session,
    rng: random.Random,
    round_id: int,
    stage: str,
    plan: dict[int, str],
    answered: list[int],
    public_key: bytes,
) -> None:
    """Participations for `answered`, and each one's answer set (a level per project, drawn to the plan), sealed."""
    levels = {project_id: _levels(rng, PROFILES[kind], len(answered)) for project_id, kind in plan.items()}
    bucket = sealing.survey_bucket(len(plan), COMMENT_MAX)
    boxes: list[dict[str, Any]] = [
        {
            "id": f"{rng.getrandbits(128):032x}",
            "round_id": round_id,
            "box": sealing.seal(
                public_key,
                [[p, levels[p][n], _comment(rng, stage, levels[p][n])] for p in sorted(plan)],
                bucket,
            ),
        }
        for n in range(len(answered))
    ]
    boxes.sort(key=lambda row: row["id"])  # in no telling order, as the service leaves them
    connection = session.connection()
    connection.execute(insert(SurveyParticipation), [{"round_id": round_id, "deputy_id": d} for d in answered])
    connection.execute(insert(SealedAnswers), boxes)


def _levels(rng: random.Random, profile: Profile, voters: int) -> list[str]:
    """`voters` levels in the profile's proportions whose count gives its grade and flag."""
    for _ in range(DRAWS):
        satisfied, dissatisfied, abstain = (
            rng.uniform(*r) for r in (profile.satisfied, profile.dissatisfied, profile.abstain)
        )
        weights = (satisfied, 1 - satisfied - dissatisfied - abstain, dissatisfied, abstain)
        levels = rng.choices(Level.codes(), weights, k=voters)
        count = SatisfactionCount(*(levels.count(level) for level in Level))
        if (
            survey_rules.satisfaction_grade(count) == profile.grade
            and survey_rules.needs_rectification(count) == profile.flagged
        ):
            return levels
    raise RuntimeError("no demo answers give the planned grade")  # a change to PROFILES broke it


def _comment(rng: random.Random, stage: str, level: str) -> str:
    if rng.random() >= COMMENT_SHARE[level]:
        return ""
    bank = COMMENTS[level] + (MIDYEAR_COMMENTS if stage == "midyear" and level == Level.SATISFIED else ())
    return rng.choice(bank)


def _worked_on(
    rng: random.Random,
    item: RectificationItem,
    opened_on: date,
    office: int,
    liaison: int,
    end: datetime,
    *,
    verified: bool,
) -> None:
    """The department's moves on an item since it was opened, as time allows; never overdue.

    Taken on within days; rectified with evidence before the deadline once that has passed;
    verified by the office some weeks after the deadline if `verified`.
    """
    days_left = (item.deadline - opened_on).days
    steps = [
        (
            _office_hours(rng, opened_on + timedelta(days=rng.randint(3, 8))),
            liaison,
            RectificationState.IN_PROGRESS,
            IN_PROGRESS_NOTE,
        ),
        (
            _office_hours(rng, opened_on + timedelta(days=rng.randint(days_left * 3 // 5, days_left - 5))),
            liaison,
            RectificationState.RECTIFIED,
            EVIDENCE,
        ),
        (
            _office_hours(rng, item.deadline + timedelta(days=rng.randint(7, 20))),
            office,
            RectificationState.VERIFIED,
            VERIFIED_NOTE,
        ),
    ]
    if item.deadline >= clock.local(end).date():
        steps = [step for step in steps[:1] if step[0] < end]  # still within its time: open, or taken on
    elif not verified or steps[2][0] >= end:
        steps = steps[:2]
    for at, author, state, text in steps:
        item.notes.append(RectificationNote(at=at, author_id=author, state_after=state, text=text))
        item.state = state
    if item.state in (RectificationState.RECTIFIED, RectificationState.VERIFIED):
        item.evidence = EVIDENCE
    if item.state == RectificationState.VERIFIED:
        item.closed_by, item.closed_at = office, steps[-1][0]


def _office_hours(rng: random.Random, day: date) -> datetime:
    return clock.start_of_local_day(weekday(day)) + timedelta(hours=rng.uniform(9, 17.5))
