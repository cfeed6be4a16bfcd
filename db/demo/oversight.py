"""Demo supervision, look-back reviews and rectification items (监督、回头看、整改): invented data.

Relative to `today`: the most recent September supervision week (监督周) that is over, with four
to six group visits, and a few inspections (视察) and unannounced visits (暗访) earlier that
year, each with deputies' findings; look-back reviews (回头看) of most of the projects of the
two previous years, rated by aspect; and the rectification items the confirmed findings and
the 较差 ratings opened, in every state, exactly two of them overdue.

Written directly with the ORM (the services check today's date and permissions, and audit);
every text is made up. One random.Random per year, so a given `today` gives the same demo.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import rules
from db.core import clock
from db.models import (
    REVIEW_ASPECTS,
    Account,
    Deputy,
    Finding,
    LookbackReview,
    Project,
    RectificationItem,
    RectificationNote,
    ReviewRating,
    SupervisionActivity,
)

WEEK_ACTIVITIES = (4, 6)
WEEK_FINDINGS = (2, 4)  # per group visit
EARLIER_FINDINGS = (2, 3)
PROJECTS_PER_ACTIVITY = (2, 4)
DEPUTIES_PER_ACTIVITY = (3, 8)
REVIEWED_PER_YEAR = (6, 8)
POOR_RATINGS = (3, 5)  # across both years' reviews
FAIR_SHARE = 0.2
OVERDUE = 2
DEMO_DEPUTY = "d001"

ASPECT_NAMES = {"operation": "运行维护", "service": "服务质量", "maintenance": "管护机制", "public": "群众评价"}

# What a deputy sees on a visit, and suggests: by the project's field.
FINDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "社会保障": (
        (
            "村卫生站医保结算终端已安装，但部分村医不熟悉操作，群众反映报销仍要跑镇卫生院。",
            "加强村医操作培训，在卫生站张贴报销流程指引。",
        ),
        (
            "长期护理保险失能评估预约等候时间较长，部分家属不清楚申请需要哪些材料。",
            "增加评估力量，推行一次性告知和线上预约。",
        ),
        (
            "困难群众救助申请仍需向多个部门分别提交材料，个别对象反映审批时间偏长。",
            "推进救助信息部门间共享，压缩审批时限。",
        ),
    ),
    "公共教育": (
        (
            "新建学校主体工程已封顶，但周边道路和接驳公交尚未配套，开学后接送压力大。",
            "会同交通、公安部门提前规划学校周边交通组织和接送停车区。",
        ),
        (
            "部分学校心理辅导室已建成但使用率不高，心理健康教师兼任其他学科课时较多。",
            "落实心理健康教师专职专用，定期公布辅导室开放时间。",
        ),
        (
            "课后服务以作业辅导为主，体育、艺术类课程偏少，家长希望内容更丰富。",
            "引入校外优质资源，丰富课后服务课程菜单。",
        ),
    ),
    "创业就业": (
        (
            "零工市场已开放，但岗位信息更新不及时，现场求职者反映合适岗位少。",
            "建立岗位信息每日更新机制，加强与园区企业的用工对接。",
        ),
        ("高校毕业生创业孵化基地入驻率不高，部分场地闲置。", "优化入驻条件和扶持政策，加大政策宣传力度。"),
    ),
    "职业培训": (
        (
            "部分培训班课程与本地企业用工需求衔接不够，学员结业后对口就业率不高。",
            "按企业订单设置培训课程，跟踪学员就业情况。",
        ),
        ("“南粤家政”培训学员取证后缺少就业推介渠道。", "搭建家政供需对接平台，定期组织专场招聘。"),
    ),
    "政务服务": (
        ("镇级社保经办窗口已开通，但部分高频事项仍需到区服务大厅办理。", "进一步下放高频事项，扩大就近办事项清单。"),
        ("自助服务终端操作界面复杂，老年群众使用困难，现场缺少引导人员。", "配备帮办代办人员，优化终端适老化界面。"),
    ),
    "适老养老": (
        (
            "社区长者饭堂就餐环境较好，但菜品种类单一，部分老人反映价格偏高。",
            "引入社会力量参与运营，丰富菜品并落实就餐补贴。",
        ),
        (
            "部分居家养老服务站日常开放时间短，服务项目以文体活动为主。",
            "延长开放时间，增加助浴、助洁、康复等上门服务。",
        ),
    ),
    "食药品安全": (
        (
            "校园周边部分小餐饮店证照公示不规范，后厨卫生状况一般。",
            "加大校园周边食品安全专项检查频次，推行“明厨亮灶”。",
        ),
        ("农贸市场快检室已建成，但检测结果公示不及时。", "检测结果当日上墙公示，并同步到市场电子屏。"),
    ),
    "质量监管": (
        (
            "老旧小区部分电梯维保记录填写不规范，个别电梯超期未检验。",
            "督促维保单位落实按需维保，对超期未检电梯挂牌督办。",
        ),
        ("部分餐饮场所燃气报警装置已安装但未接入监控平台。", "加快报警装置联网接入，落实燃气安全巡查责任。"),
    ),
    "交通出行": (
        (
            "新建农村公路部分路段缺少安全护栏和警示标志，弯道视线不良。",
            "完善交通安全设施，在急弯陡坡路段增设警示标志。",
        ),
        ("镇村公交发班间隔较长，部分站点未设候车亭，群众候车不便。", "优化线路和班次，逐步完善站点候车设施。"),
    ),
    "住房保障": (
        (
            "老旧小区改造后部分楼道管线仍较凌乱，加装电梯协调进展缓慢。",
            "加强与管线单位协调，建立加装电梯协商议事机制。",
        ),
        ("保障性租赁住房项目周边生活配套不足，入住率偏低。", "完善周边公交和商业配套，加大房源推介力度。"),
    ),
    "乡村振兴": (
        ("村庄整治后公共空间保洁不到位，部分绿化带杂草丛生。", "落实村庄保洁和绿化管护队伍及经费。"),
        ("部分村庄污水管网已铺设但入户接驳率不高。", "加快入户接驳，同步做好管网运维。"),
    ),
    "环境整治": (
        ("部分农村污水处理设施运行不正常，出水水质存在超标风险。", "委托专业公司统一运维，建立设施运行在线监控。"),
        ("河涌沿岸仍有零星生活污水直排口，雨后水体发黑发臭。", "开展排口溯源整治，加快截污管网建设。"),
    ),
    "城市管理": (
        (
            "新建公共充电桩部分车位被燃油车占用，个别设备故障未及时维修。",
            "加强充电车位管理，督促运营企业落实故障响应时限。",
        ),
        ("口袋公园建成后夜间照明不足，健身器材缺少维护标识。", "完善照明设施，明确管护单位并公示联系方式。"),
        ("部分公厕保洁不及时，无障碍设施被杂物占用。", "落实公厕保洁标准和巡查制度，清理无障碍通道。"),
        ("垃圾分类投放点督导人员不足，混投现象较多。", "加强督导员配置和宣传引导。"),
    ),
    "全民健身": (
        ("部分社区健身路径器材老化破损，存在安全隐患。", "建立器材定期巡检和更新机制。"),
        ("学校体育场馆向社会开放时间有限，预约渠道不畅。", "推行线上预约，扩大开放时段。"),
    ),
    "文化提升": (
        ("部分村（社区）综合文化服务中心开放时间不固定，群众文化活动较少。", "落实免费开放制度，丰富群众文化活动。"),
        ("流动图书车服务覆盖的村较少，图书更新慢。", "增加服务点，提高图书更新频次。"),
    ),
    "育幼服务": (
        (
            "普惠托育机构收费有所下降，但托位仍供不应求，部分机构需排队等候。",
            "挖掘社区、单位闲置场地，扩大普惠托位供给。",
        ),
        ("部分托育机构保育人员持证比例不高。", "加强保育人员培训和持证上岗管理。"),
    ),
    "医疗卫生": (
        ("接种门诊预约号源紧张，部分时段群众排队时间较长。", "增加接种时段和号源，推行分时段预约。"),
        (
            "“两癌”筛查异常结果随访不及时，部分对象未接到复查通知。",
            "建立异常结果追踪随访台账，确保应查尽查、应治尽治。",
        ),
        ("镇卫生院新购置的设备因缺少专业技术人员未能充分使用。", "加强人才引进，落实上级医院对口帮扶。"),
    ),
    "灾害防治": (
        (
            "部分地质灾害隐患点警示牌损毁，群测群防员对预警信息传递流程不熟悉。",
            "及时修复警示设施，开展群测群防员培训和演练。",
        ),
        ("基层应急救援队物资仓库储备不足，部分装备未按规定保养。", "按标准补充应急物资，建立装备维护保养台账。"),
    ),
    "公共安全": (
        (
            "部分住宅小区电动自行车充电桩数量不足，楼道“飞线”充电现象仍有发生。",
            "加快建设集中充电设施，加强物业巡查劝导。",
        ),
        ("城中村出租屋电动自行车停放点消防器材配置不到位。", "配齐灭火器材，落实专人巡查。"),
    ),
    "惠侨便侨": (
        ("部分修缮后的华侨旧居未对外开放，活化利用不足。", "引入社会力量参与运营，打造侨乡文化展示点。"),
        ("侨务服务站业务量小，侨胞对服务内容知晓率不高。", "加强宣传，拓展线上办理渠道。"),
    ),
}
GENERAL_FINDINGS = (
    ("项目公示牌信息不全，群众对项目内容和投诉渠道知晓率不高。", "完善项目公示，公开监督电话。"),
    ("部分点位建设进度与月报数据不一致，台账资料不完整。", "核实进度数据，规范项目台账管理。"),
)

# Look-back notes by aspect and rating.
REVIEW_NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "operation": {
        "good": ("设施运行正常，巡检记录完整。", "项目建成后运行平稳，未发现停用闲置点位。"),
        "fair": ("个别设施设备出现老化，日常巡检记录不完整。", "部分点位运行时间不稳定，维修响应偏慢。"),
        "poor": (
            "抽查点位中有三成设施损坏或闲置，长期无人维修，未能正常发挥作用。",
            "运行经费未列入年度预算，部分点位已停止运行。",
        ),
    },
    "service": {
        "good": ("服务规范有序，群众办事便利。", "服务内容和时间基本满足群众需求。"),
        "fair": ("服务内容较单一，服务时间与群众需求不够匹配。", "工作人员业务水平参差不齐，个别点位服务不规范。"),
        "poor": (
            "群众反映服务态度差、办理时间长，12345热线投诉较为集中。",
            "服务人员流失严重，多个站点长期只有一人值守，服务时常中断。",
        ),
    },
    "maintenance": {
        "good": ("管护主体、人员和经费均已落实。", "建立了镇村两级管护制度，管护台账规范。"),
        "fair": (
            "管护责任已明确，但管护经费保障机制尚不健全。",
            "管护台账不完整，部分点位管护责任人变动后未及时更新。",
        ),
        "poor": (
            "建成移交后管护主体不明确，存在“重建设、轻管护”问题。",
            "管护经费和人员均未落实，设施维护处于空白状态。",
        ),
    },
    "public": {
        "good": ("走访群众普遍认可，满意率在九成以上。", "群众评价较好，认为项目办到了心坎上。"),
        "fair": (
            "群众满意率约八成，部分群众反映宣传不足、知晓率不高。",
            "部分群众认为项目覆盖面不够，希望扩大受益范围。",
        ),
        "poor": ("随机走访群众满意率不足七成，群众对项目实效意见较大。",),
    },
}

# The people's congress committee that looks back at a project, by its field.
COMMITTEE_OF_FIELD = {
    "社会保障": "社会建设工委",
    "适老养老": "社会建设工委",
    "育幼服务": "社会建设工委",
    "创业就业": "社会建设工委",
    "职业培训": "社会建设工委",
    "政务服务": "社会建设工委",
    "公共安全": "社会建设工委",
    "灾害防治": "社会建设工委",
    "公共教育": "教科文卫工委",
    "医疗卫生": "教科文卫工委",
    "文化提升": "教科文卫工委",
    "全民健身": "教科文卫工委",
    "惠侨便侨": "华侨外事民族宗教工委",
    "食药品安全": "财政经济工委",
    "质量监管": "财政经济工委",
    "交通出行": "城乡建设环境资源工委",
    "住房保障": "城乡建设环境资源工委",
    "城市管理": "城乡建设环境资源工委",
    "环境整治": "城乡建设环境资源工委",
    "乡村振兴": "农业农村工委",
}

IN_PROGRESS_NOTES = (
    "已收到交办，制定了整改方案，明确责任科室和完成时限，正组织属地逐点核查。",
    "已召开专题会议研究整改措施，会同属地镇街开展排查，正在逐项落实。",
    "已向相关县（市、区）下发整改通知，落实专人跟进，每周调度整改进度。",
)
EVIDENCE = (
    "已对问题点位逐一整改，整改前后对比照片、维修台账及验收记录已报送市人大常委会办公室。",
    "已完成设施维修和更换，建立日常巡检制度并落实管护经费，相关制度文件和现场照片已上传。",
    "已出台长效管护办法，明确管护主体和经费来源，并对全部点位完成复查，复查记录已报送。",
    "已优化服务流程并开展人员培训，组织群众回访，回访满意率达到九成以上，回访记录已报送。",
)
VERIFIED_NOTES = (
    "经市人大常委会办公室会同代表现场核查，整改到位，予以销号。",
    "经抽查复核，问题已整改完毕，群众反映良好，同意销号。",
)
SENT_BACK_NOTE = "现场核查发现仍有部分点位未整改到位，退回继续整改。"
REJECTED_NOTES = (
    "经核实，该问题不属于本项目建设内容，已转交属地按日常工作处理，不纳入本项目整改。",
    "经复核，反映的情况在项目验收前已整改完毕，不再另行整改。",
)


@dataclass
class PlannedItem:
    """A rectification item about to be written, with what it came from."""

    project: Project
    problem: str
    source_kind: str
    created_at: datetime
    attach: Finding | ReviewRating
    source: Finding | LookbackReview
    state: str = rules.OPEN
    overdue: bool = False
    sent_back: bool = False
    notes: list[tuple[datetime, int, str, str]] = field(default_factory=list)


def seed_oversight(session: Session, today: date) -> None:
    """Activities, findings, look-back reviews and rectification items, relative to `today`.

    Needs the accounts, deputies and every year's projects flushed.
    """
    rng = random.Random(f"minsheng-demo-oversight-{today.year}")
    office = session.scalar(select(Account.id).where(Account.username == "office"))
    assert office is not None
    liaisons = dict(
        session.execute(
            select(Account.department_id, Account.id).where(
                Account.role == "staff", Account.username.like("dept\\_%", escape="\\")
            )
        ).all()
    )
    deputies = list(
        session.scalars(
            select(Deputy).where(Deputy.active.is_(True)).options(selectinload(Deputy.division)).order_by(Deputy.id)
        )
    )
    account_of = dict(
        session.execute(select(Account.deputy_id, Account.id).where(Account.deputy_id.is_not(None))).all()
    )
    deputies = [d for d in deputies if d.id in account_of]  # only deputies who can sign in and add findings
    week = supervision_week_days(today)
    projects = _projects(session, (week[0].year, today.year - 1, today.year - 2))
    end = clock.start_of_local_day(today)  # everything happened before today began

    items: list[PlannedItem] = []
    items += _activities(session, rng, week, projects[week[0].year], deputies, account_of, office, end)
    items += _reviews(session, rng, today, projects[today.year - 1] + projects[today.year - 2], office, end)
    _plan_states(rng, items, today)
    _write_items(session, rng, items, today, office, liaisons, end)


def supervision_week_days(today: date) -> list[date]:
    """Monday to Friday of the latest September supervision week that is over by `today`."""
    for year in (today.year, today.year - 1):
        monday = date(year, 9, 15)
        monday += timedelta(days=-monday.weekday() % 7)  # the first Monday on or after 15 September
        days = [monday + timedelta(days=n) for n in range(5)]
        if days[-1] < today:
            return days
    raise AssertionError("unreachable: last year's week is always over")


def _projects(session: Session, years: Sequence[int]) -> dict[int, list[Project]]:
    rows = session.scalars(
        select(Project)
        .where(Project.year.in_(set(years)))
        .options(selectinload(Project.divisions), selectinload(Project.lead_department))
        .order_by(Project.year, Project.number)
    )
    by_year: dict[int, list[Project]] = {year: [] for year in years}
    for project in rows:
        by_year[project.year].append(project)
    return by_year


# --- Supervision activities and findings -------------------------------------------------------


def _activities(
    session: Session,
    rng: random.Random,
    week: list[date],
    projects: list[Project],
    deputies: list[Deputy],
    account_of: dict[int | None, int],
    office: int,
    end: datetime,
) -> list[PlannedItem]:
    """The year's earlier inspections and unannounced visits, then the supervision week's group visits."""
    year = week[0].year
    demo_deputy = next((d for d in deputies if d.code == DEMO_DEPUTY), None)
    divisions = sorted({d.division for d in deputies}, key=lambda d: d.sort_order)
    groups = rng.sample(divisions, rng.randint(*WEEK_ACTIVITIES))
    groups.sort(key=lambda d: d.sort_order)
    if demo_deputy is not None and demo_deputy.division not in groups:
        groups[rng.randrange(len(groups))] = demo_deputy.division  # the demo deputy's group visits too
        groups.sort(key=lambda d: d.sort_order)
    committee = [d for d in deputies if d.standing_committee]

    earlier = [
        ("inspection", _weekday(date(year, 4, rng.randint(8, 28))), committee),
        ("inspection", _weekday(date(year, 6, rng.randint(3, 26))), committee),
        ("unannounced", _weekday(date(year, 7, rng.randint(6, 24))), deputies),
    ]
    planned: list[tuple[SupervisionActivity, list[Finding], bool]] = []
    for kind, held_on, pool in earlier:
        visited = rng.sample(projects, rng.randint(*PROJECTS_PER_ACTIVITY))
        people = rng.sample(pool, rng.randint(*DEPUTIES_PER_ACTIVITY))
        activity = _activity(rng, kind, held_on, visited, people, office)
        planned.append((activity, _findings(rng, activity, account_of, office, EARLIER_FINDINGS), False))
    for n, division in enumerate(groups):
        held_on = week[min(n * len(week) // len(groups), len(week) - 1)]
        local = [p for p in projects if division in p.divisions] or projects
        visited = rng.sample(local, min(len(local), rng.randint(*PROJECTS_PER_ACTIVITY)))
        own = [d for d in deputies if d.division_id == division.id]
        people = rng.sample(own, min(len(own), rng.randint(*DEPUTIES_PER_ACTIVITY)))
        if demo_deputy is not None and division is demo_deputy.division and demo_deputy not in people:
            people[0] = demo_deputy
        activity = _activity(rng, "week", held_on, visited, people, office, group=division.name)
        planned.append((activity, _findings(rng, activity, account_of, office, WEEK_FINDINGS), True))

    # Earlier findings were all handled; the week's are part confirmed, part dismissed, part still waiting.
    week_findings = [f for _, findings, in_week in planned if in_week for f in findings]
    earlier_findings = [f for _, findings, in_week in planned if not in_week for f in findings]
    _label(rng, earlier_findings, confirmed=len(earlier_findings) - 1, dismissed=1)
    confirmed = round(len(week_findings) * 0.5)
    dismissed = max(1, round(len(week_findings) * 0.15))
    _label(rng, week_findings, confirmed=confirmed, dismissed=dismissed)

    for activity, findings, _ in planned:
        activity.summary = _summary(activity, len(findings))
        activity.findings = findings
    session.add_all([activity for activity, _, _ in planned])
    session.flush()

    items = []
    for finding in earlier_findings + week_findings:
        if finding.state != "confirmed":
            continue
        problem = finding.seen + (f"（建议：{finding.suggestion}）" if finding.suggestion else "")
        confirmed_at = _office_hours(
            rng, finding.created_at + timedelta(days=rng.randint(1, 6)), finding.created_at, end
        )
        items.append(PlannedItem(finding.project, problem, "finding", confirmed_at, finding, finding))
    return items


def _activity(
    rng: random.Random,
    kind: str,
    held_on: date,
    projects: list[Project],
    deputies: list[Deputy],
    office: int,
    group: str = "",
) -> SupervisionActivity:
    projects = sorted(projects, key=lambda p: p.number)
    first = _quoted(projects[0].title) + (f"等{len(projects)}个项目" if len(projects) > 1 else "")
    if kind == "week":
        title = f"民生实事监督周·{'市直' if group == '市本级' else group}组视察{first}"
    elif kind == "inspection":
        title = f"市人大常委会视察{first}推进情况"
    else:
        title = f"民生实事项目暗访·{first}"
    recorded = clock.start_of_local_day(held_on) + timedelta(hours=rng.uniform(7.5, 8.5))  # before the visit
    return SupervisionActivity(
        kind=kind,
        held_on=held_on,
        title=title[:100],
        summary="",
        created_by=office,
        created_at=recorded,
        projects=projects,
        deputies=sorted(deputies, key=lambda d: d.id),
    )


def _summary(activity: SupervisionActivity, findings: int) -> str:
    day = f"{activity.held_on.month}月{activity.held_on.day}日"
    names = "、".join(_quoted(p.title) for p in activity.projects)
    departments = "、".join(dict.fromkeys(p.lead_department.name for p in activity.projects))
    people = len(activity.deputies)
    if activity.kind == "week":
        return (
            f"{day}，民生实事监督周代表小组{people}名市人大代表实地察看{names}的建设和服务点位，"
            f"听取{departments}的情况汇报，与周边群众座谈，现场提出意见建议{findings}条。"
        )
    if activity.kind == "inspection":
        return (
            f"{day}，市人大常委会副主任带队，组织部分常委会组成人员和市人大代表共{people}人视察{names}，"
            f"听取{departments}工作汇报。视察组认为项目总体按计划推进，同时指出存在的问题{findings}个，"
            "要求牵头部门抓紧整改，确保年底前完成目标任务。"
        )
    return (
        f"{day}，市人大常委会办公室会同{people}名市人大代表，采取“四不两直”方式随机暗访{names}的基层点位，"
        f"现场记录问题{findings}个，已形成暗访报告。"
    )


def _findings(
    rng: random.Random,
    activity: SupervisionActivity,
    account_of: dict[int | None, int],
    office: int,
    count: tuple[int, int],
) -> list[Finding]:
    used: set[str] = set()
    findings = []
    for n in range(rng.randint(*count)):
        project = activity.projects[n % len(activity.projects)]
        bank = [f for f in FINDINGS.get(project.field, ()) if f[0] not in used]
        bank = bank or [f for f in GENERAL_FINDINGS if f[0] not in used]
        seen, suggestion = rng.choice(bank)
        used.add(seen)
        by_office = (activity.kind == "unannounced" and n == 0) or rng.random() < 0.15
        author = office if by_office else account_of[rng.choice(activity.deputies).id]
        at = clock.start_of_local_day(activity.held_on) + timedelta(hours=rng.uniform(9, 16.5))
        findings.append(Finding(project=project, seen=seen, suggestion=suggestion, author_id=author, created_at=at))
    return findings


def _label(rng: random.Random, findings: list[Finding], *, confirmed: int, dismissed: int) -> None:
    states = ["confirmed"] * confirmed + ["dismissed"] * dismissed
    states += ["submitted"] * (len(findings) - len(states))
    rng.shuffle(states)
    for finding, state in zip(findings, states, strict=True):
        finding.state = state


# --- Look-back reviews ---------------------------------------------------------------------------


def _reviews(
    session: Session, rng: random.Random, today: date, projects: list[Project], office: int, end: datetime
) -> list[PlannedItem]:
    """Most of the two previous years' projects looked back at this year; a few 较差 ratings open items."""
    first, last = date(today.year, 3, 1), today - timedelta(days=7)
    if (last - first).days < 30:  # early in the year: since New Year (a past year's project only)
        first = date(today.year, 1, 1)
        last = max(first, today - timedelta(days=1))
    chosen: list[Project] = []
    for year in sorted({p.year for p in projects}):
        of_year = [p for p in projects if p.year == year]
        chosen += sorted(
            rng.sample(of_year, min(len(of_year), rng.randint(*REVIEWED_PER_YEAR))), key=lambda p: p.number
        )
    # A few reviews find one aspect 较差: more of them among the older year's projects.
    count = rng.randint(*POOR_RATINGS)
    years = sorted({p.year for p in chosen})
    poor: set[tuple[int, str]] = set()
    for year, share in zip(years, (count - count // 2, count // 2), strict=False):
        numbers = [n for n, p in enumerate(chosen) if p.year == year]
        poor |= {(n, rng.choice(REVIEW_ASPECTS)) for n in rng.sample(numbers, min(share, len(numbers)))}

    reviews = []
    for n, project in enumerate(chosen):
        reviewed_on = _weekday(first + timedelta(days=rng.randint(0, (last - first).days)))
        reviewed_on = min(reviewed_on, last)
        ratings = []
        for aspect in REVIEW_ASPECTS:
            rating = "poor" if (n, aspect) in poor else "fair" if rng.random() < FAIR_SHARE else "good"
            ratings.append(ReviewRating(aspect=aspect, rating=rating, notes=rng.choice(REVIEW_NOTES[aspect][rating])))
        division = rng.choice(project.divisions).name if project.divisions else "市本级"
        group = "市直代表小组" if division == "市本级" else f"{division}代表小组"
        review = LookbackReview(
            project_id=project.id,
            reviewed_on=reviewed_on,
            reviewers=f"市人大常委会{COMMITTEE_OF_FIELD.get(project.field, '办公室')}、{group}",
            conclusion=_conclusion(project, ratings),
            created_by=office,
            created_at=_office_hours(
                rng,
                clock.start_of_local_day(reviewed_on) + timedelta(days=rng.randint(1, 4)),
                clock.start_of_local_day(reviewed_on),
                end,
            ),
            ratings=ratings,
        )
        review.project = project
        reviews.append(review)
    session.add_all(reviews)
    session.flush()
    return [
        PlannedItem(
            review.project,
            f"回头看·{ASPECT_NAMES[rating.aspect]}较差：{rating.notes}",
            "review",
            review.created_at,
            rating,
            review,
        )
        for review in reviews
        for rating in review.ratings
        if rating.rating == "poor"
    ]


def _conclusion(project: Project, ratings: list[ReviewRating]) -> str:
    fair = "、".join(ASPECT_NAMES[r.aspect] for r in ratings if r.rating == "fair")
    poor = "、".join(ASPECT_NAMES[r.aspect] for r in ratings if r.rating == "poor")
    if poor:
        return (
            f"项目在{poor}方面存在较突出问题，已列入整改台账交办{project.lead_department.name}限期整改，"
            "市人大常委会将跟踪督办，整改情况纳入年度满意度测评。"
        )
    if fair:
        return f"项目总体运行良好，但在{fair}方面仍有不足。建议牵头部门完善措施，持续巩固提升项目成效。"
    return "项目建成后运行平稳，管护机制健全，群众满意度较高。建议总结经验做法，形成长效机制。"


# --- Rectification items ---------------------------------------------------------------------------


def _plan_states(rng: random.Random, items: list[PlannedItem], today: date) -> None:
    """Every state, older items further along; exactly OVERDUE items still open or in progress past their deadline."""
    items.sort(key=lambda i: i.created_at)
    old = [i for i in items if i.created_at.date() <= today - timedelta(days=30)]
    overdue = rng.sample(old[-6:] if len(old) >= OVERDUE else items[:OVERDUE], OVERDUE)
    for item, state in zip(overdue, (rules.OPEN, rules.IN_PROGRESS), strict=True):
        item.state, item.overdue = state, True
    rest = [i for i in items if not i.overdue]
    n = len(rest)
    counts = {
        rules.VERIFIED: max(1, round(n * 0.3)),
        rules.REJECTED: max(1, round(n * 0.1)),
        rules.RECTIFIED: max(1, round(n * 0.2)),
        rules.IN_PROGRESS: max(1, round(n * 0.2)),
    }
    states = [state for state, count in counts.items() for _ in range(count)]
    states += [rules.OPEN] * (n - len(states))
    assert len(states) == n and rules.OPEN in states, "too few demo items for every state"
    # Older items are further along; a little shuffling keeps the ledger from looking sorted.
    order = sorted(range(n), key=lambda k: k + rng.uniform(-1.5, 1.5))
    for item, k in zip(rest, order, strict=True):
        item.state = states[k]
    in_progress = [i for i in rest if i.state == rules.IN_PROGRESS]
    in_progress[0].sent_back = True  # the office found it not yet done


def _write_items(
    session: Session,
    rng: random.Random,
    items: list[PlannedItem],
    today: date,
    office: int,
    liaisons: dict[int | None, int],
    end: datetime,
) -> None:
    rows = []
    for plan in items:
        department = plan.project.lead_department_id
        liaison = liaisons.get(department, office)
        start = plan.created_at.date()
        if plan.overdue:
            deadline = start + timedelta(days=rng.choice((30, 45, 60)))
            if deadline >= today:
                deadline = start + timedelta(
                    days=rng.randint(min(14, (today - start).days - 1), (today - start).days - 1)
                )
        elif plan.state in (rules.OPEN, rules.IN_PROGRESS):
            deadline = max(
                start + timedelta(days=rng.choice((30, 45, 60, 90))), today + timedelta(days=rng.randint(10, 60))
            )
        steps = _steps(rng, plan)
        times = _timeline(rng, plan.created_at, end, len(steps))
        if not plan.overdue and plan.state not in (rules.OPEN, rules.IN_PROGRESS):
            # Done (or rejected) by the deadline, which was set long enough for it.
            done = next((at for at, step in zip(times, steps, strict=True) if step[0] != rules.IN_PROGRESS), end)
            deadline = max(
                start + timedelta(days=rng.choice((30, 45, 60, 90))),
                clock.local(done).date() + timedelta(days=rng.randint(0, 10)),
            )
        item = RectificationItem(
            project_id=plan.project.id,
            department_id=department,
            problem=plan.problem[:2000],
            source_kind=plan.source_kind,
            source_id=plan.source.id,
            deadline=deadline,
            state=plan.state,
            evidence="",
            created_at=plan.created_at,
            created_by=office,
        )
        for at, (state_after, by_office, text) in zip(times, steps, strict=True):
            item.notes.append(
                RectificationNote(at=at, author_id=office if by_office else liaison, state_after=state_after, text=text)
            )
            if state_after == rules.RECTIFIED:
                item.evidence = text
        if plan.state in (rules.VERIFIED, rules.REJECTED):
            item.closed_by, item.closed_at = office, times[-1]
        rows.append((plan, item))
    session.add_all([item for _, item in rows])
    session.flush()
    for plan, item in rows:
        plan.attach.rectification_item_id = item.id
    session.flush()


def _steps(rng: random.Random, plan: PlannedItem) -> list[tuple[str, bool, str]]:
    """The item's moves from open to its state: (state after, by the office?, note)."""
    working = (rules.IN_PROGRESS, False, rng.choice(IN_PROGRESS_NOTES))
    fixed = (rules.RECTIFIED, False, rng.choice(EVIDENCE))
    if plan.state == rules.OPEN:
        return []
    if plan.state == rules.IN_PROGRESS:
        return [working, fixed, (rules.IN_PROGRESS, True, SENT_BACK_NOTE)] if plan.sent_back else [working]
    if plan.state == rules.RECTIFIED:
        return [working, fixed]
    if plan.state == rules.VERIFIED:
        return [working, fixed, (rules.VERIFIED, True, rng.choice(VERIFIED_NOTES))]
    reason = rng.choice(REJECTED_NOTES)
    return [(rules.REJECTED, True, reason)] if rng.random() < 0.5 else [working, (rules.REJECTED, True, reason)]


def _timeline(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """`count` moments after `start` and before `end`, in order, in office hours where they fit."""
    if count == 0:
        return []
    span = (end - start).total_seconds()
    points = sorted(rng.uniform(0.1, 0.95) for _ in range(count))
    raw = [start + timedelta(seconds=span * p) for p in points]
    times: list[datetime] = []
    for moment in raw:
        previous = times[-1] if times else start
        snapped = _office_hours(rng, moment, previous, end)
        times.append(snapped if snapped > previous else previous + (end - previous) / 4)
    return times


def _office_hours(rng: random.Random, moment: datetime, after: datetime, before: datetime) -> datetime:
    """The moment moved to between 9:00 and 17:30 China time that day, kept after `after` and before `before`."""
    day = clock.local(moment).date()
    snapped = clock.start_of_local_day(day) + timedelta(hours=rng.uniform(9, 17.5))
    if after < snapped < before:
        return snapped
    return moment if after < moment < before else after + (before - after) / 2


def _quoted(title: str) -> str:
    """A project's title in quotation marks, unless it holds some of its own."""
    return title if any(mark in title for mark in '“”"') else f"“{title}”"


def _weekday(day: date) -> date:
    """Saturdays and Sundays move to the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
