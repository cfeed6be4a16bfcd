"""Demo micro livelihood items (微实事): invented data, seeded in demo mode only.

Relative to `today`: about 150 items proposed this year and 120 last year, in every division and
every state — a few overdue, a few declined, one sent back to its department after a 不满意 rating,
and for the demo deputy d001 one item done and waiting for their rating and one just proposed —
with each division's yearly fund for both years, always above what its items hold.

Written directly with the ORM (the services check today's date and permissions, and audit);
places, titles and people's words are made up. One random.Random per year, so a given `today`
gives the same demo.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import clock
from db.micro import rules as micro_rules
from db.micro.models import MicroFund, MicroItem, MicroItemNote
from db.micro.rules import Fund, MicroState
from db.survey.rules import Level
from db.system.models import Account, Department, Deputy, Division

THIS_YEAR_ITEMS, LAST_YEAR_ITEMS = 150, 120
OVERDUE = 4
DEMO_DEPUTY = "d001"
SENT_BACK = "sent_back"  # in a timeline: the move back to in_progress that a first 不满意 makes
# What becomes of this year's items (their state today), and of last year's.
THIS_YEAR_STATES: dict[str, int] = {
    MicroState.PROPOSED: 10,
    MicroState.SCREENED: 8,
    MicroState.DECLINED: 5,
    MicroState.ASSIGNED: 12,
    MicroState.IN_PROGRESS: 22,
    MicroState.DONE: 12,
    MicroState.ACCEPTED: 21,
    MicroState.ARCHIVED: 10,
}
LAST_YEAR_STATES: dict[str, int] = {MicroState.DECLINED: 8, MicroState.ACCEPTED: 27, MicroState.ARCHIVED: 65}
RATINGS = {Level.SATISFIED: 70, Level.BASICALLY_SATISFIED: 30}  # a 不满意 comes only after a sending back
FUNDS = {"special": 70, "self": 20, "other": 10}

TOWNS = {
    "市本级": ("滨江新区", "江门高新区", "白沙街道", "北街街道"),
    "蓬江区": ("环市街道", "潮连街道", "棠下镇", "荷塘镇", "杜阮镇"),
    "江海区": ("外海街道", "礼乐街道", "江南街道"),
    "新会区": ("会城街道", "司前镇", "双水镇", "崖门镇", "沙堆镇", "古井镇", "大泽镇", "睦洲镇"),
    "台山市": ("台城街道", "大江镇", "水步镇", "四九镇", "冲蒌镇", "斗山镇", "广海镇", "海宴镇", "端芬镇"),
    "开平市": ("长沙街道", "三埠街道", "月山镇", "水口镇", "沙塘镇", "苍城镇", "赤坎镇", "塘口镇"),
    "鹤山市": ("沙坪街道", "雅瑶镇", "古劳镇", "龙口镇", "桃源镇", "共和镇", "址山镇"),
    "恩平市": ("恩城街道", "横陂镇", "圣堂镇", "良西镇", "沙湖镇", "牛江镇", "君堂镇", "大田镇"),
}
VILLAGE_NAMES = (
    "东安",
    "南坑",
    "新联",
    "石头",
    "大岭",
    "龙溪",
    "塘边",
    "上元",
    "下洞",
    "朗头",
    "三江",
    "荷溪",
    "良溪",
    "横江",
    "西安",
    "新华",
    "仁和",
    "永安",
    "松岭",
    "田心",
    "联兴",
    "长安",
    "隆文",
    "凤山",
    "莲塘",
    "茶坑",
    "竹园",
    "高田",
)


@dataclass(frozen=True)
class Kind:
    title: str  # {place}: the village or community
    problem: str
    beneficiaries: str  # {n}: how many people
    cost: tuple[float, float]  # 万元
    department: str  # code of the department that handles it
    result: str


KINDS = (
    Kind(
        "{place}村口弯道加装护栏",
        "村口急弯处临河一侧没有护栏，夜间视线差，近两年已发生多起车辆冲出路面的事故。",
        "{place}及过往群众约 {n} 人",
        (8, 30),
        "jtj",
        "在急弯临河路段安装波形护栏并增设弯道警示标志和反光道钉。",
    ),
    Kind(
        "{place}村道硬底化",
        "村内主干道仍是泥土路，雨天泥泞难行，村民出行和农产品外运都很困难。",
        "{place}村民约 {n} 人",
        (20, 48),
        "jtj",
        "完成村内主干道水泥硬底化，路面宽 4.5 米，两侧修筑排水边沟。",
    ),
    Kind(
        "{place}路口增设红绿灯",
        "路口车流量大、没有信号灯，上下学时段学生过街十分危险。",
        "周边学生、家长和居民约 {n} 人",
        (12, 35),
        "jtj",
        "安装交通信号灯一套，施划人行横道线，高峰时段安排协管员。",
    ),
    Kind(
        "{place}路灯维修和增设",
        "村道路灯多数损坏，部分路段没有路灯，群众夜间出行不便也不安全。",
        "{place}群众约 {n} 人",
        (5, 25),
        "cgj",
        "维修损坏路灯并新增太阳能路灯，实现主要村道夜间照明全覆盖。",
    ),
    Kind(
        "{place}排水沟清淤改造",
        "排水沟长期淤塞，一下大雨就水浸街，部分民房进水。",
        "{place}沿线住户约 {n} 人",
        (10, 40),
        "zjj",
        "清理淤泥并将排水沟改造为加盖暗渠，汛期未再出现水浸。",
    ),
    Kind(
        "{place}长者活动中心修缮",
        "长者活动中心房屋漏水、墙体开裂，老人们活动时有安全隐患。",
        "{place}60 岁以上老人约 {n} 人",
        (8, 30),
        "mzj",
        "完成屋面防水和墙体加固，添置桌椅和适老化扶手。",
    ),
    Kind(
        "{place}文化广场增设健身器材",
        "广场现有健身器材老化损坏，群众晚上锻炼没有合适的器材。",
        "{place}群众约 {n} 人",
        (3, 15),
        "wgl",
        "更换老化器材，新增健身路径一条共 12 件器材。",
    ),
    Kind(
        "{place}卫生站升级改造",
        "卫生站诊室面积小、设备陈旧，群众看小病还要跑到镇卫生院。",
        "{place}群众约 {n} 人",
        (10, 45),
        "wjj",
        "完成诊室改造，配备心电图机等基本设备，实现医保结算。",
    ),
    Kind(
        "{place}小学校门口护栏和减速带",
        "校门口紧邻马路，没有隔离护栏和减速设施，放学时人车混行。",
        "学校师生和家长约 {n} 人",
        (3, 12),
        "jyj",
        "安装校门口隔离护栏 80 米、减速带 3 条，设置护学岗。",
    ),
    Kind(
        "{place}垃圾收集点改造",
        "垃圾收集点露天堆放，气味大、蚊蝇多，影响周边群众生活。",
        "{place}周边住户约 {n} 人",
        (3, 15),
        "sthj",
        "建设封闭式垃圾收集点并落实每日清运。",
    ),
    Kind(
        "{place}公厕改造",
        "村里公厕设施破旧、卫生条件差，群众和游客如厕不便。",
        "{place}群众及游客约 {n} 人",
        (8, 25),
        "cgj",
        "按三类公厕标准完成改造，安排专人保洁。",
    ),
    Kind(
        "{place}河涌护岸修复",
        "河涌护岸部分坍塌，汛期有进一步塌方的危险，影响沿岸房屋安全。",
        "{place}沿岸住户约 {n} 人",
        (15, 45),
        "yjj",
        "修复坍塌护岸 120 米并加设安全警示牌。",
    ),
    Kind(
        "{place}增设公交候车亭",
        "公交站点没有候车亭，群众日晒雨淋，老人候车尤其不便。",
        "{place}乘车群众约 {n} 人",
        (3, 10),
        "jtj",
        "新建候车亭 2 座，设置座椅和线路信息牌。",
    ),
    Kind(
        "{place}破损人行道修复",
        "人行道砖块松动破损，老人和小孩走路容易绊倒。",
        "{place}居民约 {n} 人",
        (5, 20),
        "zjj",
        "更换破损人行道砖并修补路缘石，消除绊倒隐患。",
    ),
)
BIG = Kind(
    "{place}集镇排水管网改造",
    "集镇排水管网老化，雨季多处内涝，需要整体改造。",
    "集镇居民约 {n} 人",
    (60, 150),
    "zjj",
    "",
)  # above the cap: screening warns it belongs with the ten projects
DECLINE_REASONS = (
    "该路段已列入明年市政道路改造计划，将一并实施。",
    "属于企业自有设施，已转交产权单位处理。",
    "投资规模较大，建议通过民生实事项目征集渠道提出。",
    "经现场核实，相关设施已由镇政府于近期修复。",
)
PRAISE = ("办得快、办得实，群众很满意。", "效果明显，群众反映良好。", "基本解决了问题，个别细节还可完善。", "")
COMPLAINTS = ("护栏只装了一半，另一侧仍然没有。", "施工后路面已有裂缝，质量有待加强。", "设施已装好但尚未通电使用。")


def seed_micro_items(session: Session, today: date) -> None:
    """Items of this year and last, every state, the demo deputy's two, and both years' funds."""
    divisions = list(session.scalars(select(Division).order_by(Division.sort_order)))
    departments = {d.code: d.id for d in session.scalars(select(Department))}
    accounts = {a.username: a for a in session.scalars(select(Account))}
    deputies = list(session.scalars(select(Deputy).order_by(Deputy.code)))
    people = _People(accounts, departments, deputies)
    for year, count, states in (
        (today.year - 1, LAST_YEAR_ITEMS, LAST_YEAR_STATES),
        (today.year, THIS_YEAR_ITEMS, THIS_YEAR_STATES),
    ):
        rng = random.Random(f"minsheng-demo-micro-{year}")
        items = [
            _item(rng, people, divisions, year, today, state) for state in _states(rng, count, states, year, today)
        ]
        if year == today.year:
            _make_overdue(rng, items, today)
        session.add_all(items)
        session.flush()
        _funds(session, rng, divisions, year, items)


class _People:
    def __init__(self, accounts: dict[str, Account], departments: dict[str, int], deputies: list[Deputy]) -> None:
        self.office = accounts["office"]
        self.departments = departments
        self.liaisons = {code: accounts[f"dept_{code}"] for code in departments if f"dept_{code}" in accounts}
        self.account_of = {a.deputy_id: a for a in accounts.values() if a.deputy_id is not None}
        self.demo = next(d for d in deputies if d.code == DEMO_DEPUTY)
        self.by_division: dict[int, list[Deputy]] = {}
        for deputy in deputies:
            if deputy.code != DEMO_DEPUTY:
                self.by_division.setdefault(deputy.division_id, []).append(deputy)


def _states(
    rng: random.Random, count: int, weights: dict[str, int], year: int, today: date
) -> list[str | tuple[str, str]]:
    """Each item's state today; this year also the demo deputy's two and the one sent back."""
    special: list[str | tuple[str, str]] = []
    if year == today.year:
        special = [
            ("demo", MicroState.DONE),
            ("demo", MicroState.PROPOSED),
            ("sent_back", MicroState.IN_PROGRESS),
            ("sent_back", MicroState.ACCEPTED),
            ("big", MicroState.PROPOSED),
        ]
    else:
        special = [("sent_back", MicroState.ARCHIVED)]
    planned: list[str | tuple[str, str]] = list(
        rng.choices(list(weights), list(weights.values()), k=count - len(special))
    )
    for state in MicroState if year == today.year else ():  # every state at least once
        if state not in planned:
            planned[rng.randrange(len(planned))] = state
    return special + planned


def _item(
    rng: random.Random,
    people: _People,
    divisions: list[Division],
    year: int,
    today: date,
    planned: str | tuple[str, str],
) -> MicroItem:
    role, state = planned if isinstance(planned, tuple) else ("", planned)
    deputy = people.demo if role == "demo" else None
    division = next(d for d in divisions if d.id == deputy.division_id) if deputy else rng.choice(divisions)
    deputy = deputy or rng.choice(people.by_division.get(division.id) or people.by_division[divisions[1].id])
    kind = BIG if role == "big" else rng.choice(KINDS)
    town = rng.choice(TOWNS.get(division.name, ("城区街道",)))
    village = rng.choice(VILLAGE_NAMES) + rng.choice(("村", "村", "社区"))
    place = village if kind is not KINDS[8] else town.removesuffix("街道").removesuffix("镇") + "中心"
    steps = _timeline(rng, state, sent_back=role == SENT_BACK)
    span = sum(days for _, days in steps)
    first, last = date(year, 1, 6), min(date(year, 12, 20), today - timedelta(days=1))
    first = min(first, last)
    latest = last - timedelta(days=span)
    proposed_on = first + timedelta(days=rng.randint(0, max(0, (latest - first).days)))
    if role == "demo" and state == MicroState.PROPOSED:
        proposed_on = today - timedelta(days=2)
    cost = round(rng.uniform(*kind.cost), 1)
    proposer = people.account_of[deputy.id]
    item = MicroItem(
        year=year,
        title=kind.title.format(place=place),
        problem=kind.problem,
        division_id=division.id,
        town=town,
        village=village if place == village else "",
        beneficiaries=kind.beneficiaries.format(place=place, n=rng.choice((300, 500, 800, 1200, 1500, 2000, 3500))),
        estimated_cost=Decimal(str(cost)),
        deputy_id=deputy.id,
        proposed_by=proposer.id,
        proposed_at=_at(rng, proposed_on),
        state=MicroState.PROPOSED,
        sent_back=0,
        decline_reason="",
        result="",
        rating_comment="",
        rated_on_behalf=False,
    )
    item.notes.append(
        MicroItemNote(at=item.proposed_at, author_id=proposer.id, state_after=MicroState.PROPOSED, text="")
    )
    day = proposed_on
    for target, days in steps:
        day += timedelta(days=days)
        if day >= today:  # early in a year, the latest steps have not happened yet
            break
        _apply(rng, people, item, kind, target, day, cost, proposer)
    return item


def _timeline(rng: random.Random, state: str, *, sent_back: bool) -> list[tuple[str, int]]:
    """The moves that bring a new item to `state`, each with the days it took."""
    if state == MicroState.DECLINED:
        return [(MicroState.DECLINED, rng.randint(2, 10))]
    way: list[tuple[str, int]] = [
        (MicroState.SCREENED, rng.randint(2, 10)),
        (MicroState.ASSIGNED, rng.randint(1, 7)),
        (MicroState.IN_PROGRESS, rng.randint(1, 7)),
        (MicroState.DONE, rng.randint(12, 75)),
    ]
    if sent_back:  # the deputy's first 不满意, and the department's second report
        way += [(SENT_BACK, rng.randint(2, 10)), (MicroState.DONE, rng.randint(7, 30))]
    way += [(MicroState.ACCEPTED, rng.randint(2, 14)), (MicroState.ARCHIVED, rng.randint(7, 30))]
    if state == MicroState.PROPOSED:
        return []
    targets = [target for target, _ in way]
    stop = targets.index(SENT_BACK) if sent_back and state == MicroState.IN_PROGRESS else _last(targets, state)
    return way[: stop + 1]


def _last(targets: list[str], state: str) -> int:
    return len(targets) - 1 - targets[::-1].index(state)


def _apply(
    rng: random.Random,
    people: _People,
    item: MicroItem,
    kind: Kind,
    target: str,
    day: date,
    cost: float,
    proposer: Account,
) -> None:
    at, office = _at(rng, day), people.office
    author, text = office, ""
    if target == MicroState.DECLINED:
        item.decline_reason = text = rng.choice(DECLINE_REASONS)
    elif target == MicroState.ASSIGNED:
        item.department_id = people.departments[kind.department]
        item.deadline, item.assigned_at = day + timedelta(days=rng.randint(45, 120)), at
        item.fund = rng.choices(list(FUNDS), list(FUNDS.values()))[0]
    elif target == MicroState.IN_PROGRESS:
        author, text = people.liaisons.get(kind.department, office), "已现场踏勘，制定实施方案。"
    elif target == MicroState.DONE:
        author, text = people.liaisons.get(kind.department, office), kind.result
        item.result, item.done_at = kind.result, at
        item.actual_cost = Decimal(str(round(cost * rng.uniform(0.8, 1.05), 1)))
    elif target == SENT_BACK:  # the deputy's first 不满意: back to the department, once
        author, text, target = proposer, rng.choice(COMPLAINTS), MicroState.IN_PROGRESS
        item.sent_back, item.done_at = 1, None
    elif target == MicroState.ACCEPTED:
        # An item sent back once is rated 不满意 again (recorded, and closed as rated).
        rating = Level.DISSATISFIED if item.sent_back else rng.choices(list(RATINGS), list(RATINGS.values()))[0]
        on_behalf = rng.random() < 0.05
        author, text = (
            (office if on_behalf else proposer),
            rng.choice(COMPLAINTS if rating == Level.DISSATISFIED else PRAISE),
        )
        item.rating, item.rating_comment, item.rated_by, item.rated_on_behalf = rating, text, author.id, on_behalf
        item.closed_at = at
    item.state = target
    item.notes.append(MicroItemNote(at=at, author_id=author.id, state_after=target, text=text))


def _make_overdue(rng: random.Random, items: list[MicroItem], today: date) -> None:
    """Exactly a few items still worked on are past their deadline; the others are not yet due."""
    open_items = sorted(
        (i for i in items if i.state in micro_rules.OPEN_STATES), key=lambda i: i.assigned_at or datetime.max
    )
    late = set(id(i) for i in open_items[:OVERDUE])
    for item in open_items:
        assigned = (item.assigned_at or datetime.combine(today, datetime.min.time())).date()
        if id(item) in late:
            item.deadline = max(assigned + timedelta(days=14), today - timedelta(days=rng.randint(3, 25)))
        else:
            item.deadline = max(item.deadline or today, today + timedelta(days=rng.randint(7, 60)))


def _funds(session: Session, rng: random.Random, divisions: list[Division], year: int, items: list[MicroItem]) -> None:
    """Each division's fund: what its 专项资金 items hold, with room to spare, in round 50 万元."""
    for division in divisions:
        held = sum(
            float(i.estimated_cost)
            for i in items
            if i.division_id == division.id
            and i.fund == Fund.SPECIAL
            and i.state not in (MicroState.PROPOSED, MicroState.SCREENED, MicroState.DECLINED)
        )
        amount = math.ceil((held * 1.25 + rng.choice((50, 100, 150))) / 50) * 50
        session.add(MicroFund(year=year, division_id=division.id, amount=Decimal(amount)))


def _at(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (China time) of that day, stored as naive UTC."""
    return clock.start_of_local_day(day) + timedelta(hours=rng.uniform(8.5, 17.5))
