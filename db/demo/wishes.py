"""Demo micro wishes (微心愿): invented residents' wishes at the liaison stations, in every state.

Relative to `today`: about two hundred wishes recorded over the last ten months in every division,
most of the older ones claimed by a deputy of the same delegation and fulfilled, some still being
worked on, a few explained as impossible or withdrawn by the office, the newest waiting on the
wall. Deputy d001 holds some of each. Residents' names and every text are made up.

Written directly with the ORM (the services check today's date and permissions, and audit).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import rules
from db.core import clock
from db.demo import names
from db.models import Account, Deputy, Division, MicroWish, MicroWishNote

WISH_COUNT = 200
DAYS_BACK = 300
DEMO_DEPUTY = "d001"
# d001's own: claimed and being worked on, fulfilled, explained as impossible.
DEMO_DEPUTY_WISHES = (*[rules.WISH_CLAIMED] * 3, *[rules.WISH_FULFILLED] * 4, rules.WISH_UNFULFILLABLE)

# category -> (wish, value range in 元, what was given)
WISHES: dict[str, tuple[tuple[str, tuple[int, int], str], ...]] = {
    "study": (
        ("为留守儿童购买学习用品", (150, 400), "送去书包、文具和课外读物一套"),
        ("为困难家庭学生添置一台学习用电脑", (2500, 4000), "联系爱心企业捐赠笔记本电脑一台"),
        ("为山区小学生添置冬季校服", (200, 600), "送去冬季校服两套"),
        ("为村图书室添置儿童读物", (500, 1500), "捐赠儿童读物 120 册"),
        ("为孩子配一副近视眼镜", (200, 500), "陪同验光并配镜一副"),
        ("为寄宿生购买棉被和保暖衣物", (300, 800), "送去棉被一床、羽绒服一件"),
        ("为单亲家庭孩子联系课后托管", (0, 300), "联系社区四点半课堂免费托管"),
    ),
    "elderly": (
        ("为独居老人安装扶手", (300, 800), "在卫生间和楼梯安装不锈钢扶手三处"),
        ("为高龄老人购买助行器", (200, 500), "送去四脚助行器一台"),
        ("为独居老人更换老旧电线和灯具", (400, 1200), "请电工更换入户电线并安装节能灯"),
        ("为空巢老人安装紧急呼叫器", (150, 400), "安装一键呼叫器并接入社区平台"),
        ("为老人配一副老花镜", (50, 200), "陪同验光并配老花镜一副"),
        ("希望有人定期上门陪老人聊天", (0, 0), "对接志愿者每周上门探访一次"),
        ("为老人维修漏水的屋顶", (800, 3000), "组织工匠翻修屋面瓦片"),
    ),
    "disability": (
        ("为肢体残疾人购买轮椅", (600, 1500), "送去轻便轮椅一台"),
        ("为听障老人配助听器", (1500, 4000), "协调残联适配助听器一台"),
        ("为视障人士购买盲杖和语音手机", (300, 900), "送去盲杖和老人语音手机各一"),
        ("为残疾人家门口修建无障碍坡道", (1000, 3000), "修建水泥无障碍坡道一处"),
    ),
    "employment": (
        ("为失业人员推荐就近工作岗位", (0, 0), "推荐至镇上食品厂就业"),
        ("为返乡青年提供电商创业指导", (0, 500), "对接电商孵化基地免费培训"),
        ("为家庭妇女联系手工编织订单", (0, 300), "联系编织合作社提供居家订单"),
        ("为下岗职工联系家政服务培训", (0, 800), "报名参加家政服务员技能培训并取得证书"),
        ("为果农联系农产品销售渠道", (0, 500), "对接社区团购平台销售柑橘"),
    ),
    "living": (
        ("为困难家庭更换热水器", (800, 2000), "安装燃气热水器一台"),
        ("为低保户购买一台冰箱", (1200, 2500), "送去双门冰箱一台"),
        ("为困难家庭购置过冬棉被", (200, 600), "送去棉被两床"),
        ("为困难户修理漏雨门窗", (300, 1200), "更换木窗两扇并修补门框"),
        ("为患病家庭购买电风扇和蚊帐", (150, 400), "送去落地扇一台、蚊帐两顶"),
    ),
    "other": (
        ("帮助老人学会使用智能手机", (0, 200), "组织志愿者上门教学三次"),
        ("为侨眷老人代办证件", (0, 100), "陪同到政务服务中心办理"),
        ("为困难家庭孩子办一次生日会", (200, 600), "联合社区为孩子举办生日会"),
    ),
}
CATEGORY_WEIGHTS = {"study": 5, "elderly": 6, "disability": 3, "employment": 3, "living": 4, "other": 2}
PROGRESS = (
    "已上门了解具体需求",
    "已联系爱心企业，正在筹集物资",
    "已与村（社区）干部商定办理方案",
    "物资已采购，约定本周送达",
)
CANNOT = (
    "需改造房屋主体结构，超出微心愿范围，已转交住建部门跟进",
    "群众已搬迁至外地，多次联系未果",
    "所需为处方药品，已协助申请医疗救助",
)
WITHDRAWN = ("与已登记的心愿重复", "群众表示问题已自行解决")


def seed_wishes(session: Session, today: date) -> None:
    rng = random.Random(f"wishes-{today.isoformat()}")
    divisions = list(session.scalars(select(Division).order_by(Division.sort_order, Division.id)))
    deputies = list(session.scalars(select(Deputy).where(Deputy.active.is_(True)).order_by(Deputy.id)))
    accounts = dict(session.execute(select(Account.deputy_id, Account.id).where(Account.deputy_id.is_not(None))).all())
    office = session.scalar(select(Account.id).where(Account.username == "office"))
    demo_deputy = next(d for d in deputies if d.code == DEMO_DEPUTY)
    by_division: dict[int, list[Deputy]] = {}
    for deputy in deputies:
        by_division.setdefault(deputy.division_id, []).append(deputy)
    residents = names.generate(rng, WISH_COUNT)
    ages = sorted((rng.randint(0, DAYS_BACK) for _ in range(WISH_COUNT)), reverse=True)  # oldest first
    own = {
        i: state
        for i, state in zip(
            rng.sample(range(WISH_COUNT // 2), len(DEMO_DEPUTY_WISHES)), DEMO_DEPUTY_WISHES, strict=True
        )
    }
    for i, (resident, age) in enumerate(zip(residents, ages, strict=True)):
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        text, (low, high), given = rng.choice(WISHES[category])
        division = rng.choice(divisions)
        recorded = today - timedelta(days=age)
        state = own.get(i) or _state(rng, age)
        deputy = demo_deputy if i in own else rng.choice(by_division.get(division.id) or deputies)
        wish = MicroWish(
            wish=text,
            resident=resident,
            division_id=division.id,
            category=category,
            estimated_value=rng.randrange(low, high + 1, 10) if high else 0,
            state=rules.WISH_OPEN,
            outcome="",
            recorded_on=recorded,
            created_at=_at(rng, recorded),
            created_by=accounts[deputy.id] if rng.random() < 0.2 and i not in own else office,
        )
        session.add(wish)
        _history(rng, wish, state, deputy, accounts[deputy.id], office, given, today)
    session.flush()


def _state(rng: random.Random, age: int) -> str:
    """Older wishes are mostly done; the newest wait on the wall."""
    if age < 20:
        return rng.choices((rules.WISH_OPEN, rules.WISH_CLAIMED), (4, 1))[0]
    if age < 60:
        return rng.choices(
            (rules.WISH_OPEN, rules.WISH_CLAIMED, rules.WISH_FULFILLED, rules.WISH_WITHDRAWN), (3, 4, 3, 0.3)
        )[0]
    return rng.choices(
        (rules.WISH_OPEN, rules.WISH_CLAIMED, rules.WISH_FULFILLED, rules.WISH_UNFULFILLABLE, rules.WISH_WITHDRAWN),
        (1, 1, 12, 1, 0.4),
    )[0]


def _history(
    rng: random.Random,
    wish: MicroWish,
    state: str,
    deputy: Deputy,
    author: int,
    office: int | None,
    given: str,
    today: date,
) -> None:
    """Claim, progress and closing notes, dated between the recording and today."""
    if state == rules.WISH_WITHDRAWN:
        wish.state, wish.outcome = state, rng.choice(WITHDRAWN)
        wish.closed_on = min(today, wish.recorded_on + timedelta(days=rng.randint(1, 10)))
        wish.notes.append(
            MicroWishNote(at=_at(rng, wish.closed_on), author_id=office, action=rules.WITHDRAW, text=wish.outcome)
        )
        return
    if state == rules.WISH_OPEN:
        return
    span = (today - wish.recorded_on).days
    claimed_on = wish.recorded_on + timedelta(days=rng.randint(0, min(span, 10)))
    wish.state, wish.deputy_id, wish.claimed_at = rules.WISH_CLAIMED, deputy.id, _at(rng, claimed_on)
    wish.notes.append(MicroWishNote(at=wish.claimed_at, author_id=author, action=rules.CLAIM, text=""))
    progress_on = claimed_on + timedelta(days=rng.randint(0, max(0, (today - claimed_on).days) // 2))
    if rng.random() < 0.6:
        wish.notes.append(
            MicroWishNote(at=_at(rng, progress_on), author_id=author, action=rules.NOTE, text=rng.choice(PROGRESS))
        )
    if state == rules.WISH_CLAIMED:
        return
    closed_on = min(today, progress_on + timedelta(days=rng.randint(1, 30)))
    action, outcome = (rules.FULFIL, given) if state == rules.WISH_FULFILLED else (rules.GIVE_UP, rng.choice(CANNOT))
    wish.state, wish.outcome, wish.closed_on = state, outcome, closed_on
    wish.notes.append(MicroWishNote(at=_at(rng, closed_on), author_id=author, action=action, text=outcome))


def _at(rng: random.Random, day: date) -> datetime:
    """A time in office hours of that day, stored as naive UTC."""
    return clock.start_of_local_day(day) + timedelta(hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
