"""Demo livelihood projects (民生实事) with monthly progress reports: invented data.

Titles, targets, budgets, leaders' names, figures and report texts are made up, shaped like a
Jiangmen-style programme: ten projects a year, each led by a department, with numeric targets
reported cumulatively every month. Only the six 2024 titles that DESIGN.md §1 confirms are real.

Every year draws from its own random.Random, so a given `today` always gives the same demo.
Earlier years end with every target met. This year has reports up to last month, shaped so that
the schedule status (db.rules) shows one project done, two lagging, two or three ahead and the
rest on schedule.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import clock
from db.demo.reference import DIVISIONS
from db.projects import rules
from db.projects.models import Indicator, ProgressReport, Project, ReportValue
from db.projects.rules import IndicatorFigures, ScheduleStatus
from db.system.models import Account, Department, Division, Year

PROJECTS_A_YEAR = 10
TOLERANCE = 0.05  # the default schedule tolerance, 5 points
DECIMAL_UNITS = frozenset({"公里", "万平方米", "万人次", "万人"})
RURAL = ("新会区", "台山市", "开平市", "鹤山市", "恩平市")
URBAN = ("市本级", "蓬江区", "江海区", "新会区")
QIAOXIANG = ("新会区", "台山市", "开平市", "恩平市")


@dataclass(frozen=True)
class Measure:
    """An indicator template: a target is drawn between low and high."""

    name: str
    unit: str
    low: float
    high: float
    weight: int = 1


@dataclass(frozen=True)
class Hurdle:
    """What can hold a project up (its problems when lagging) and what the department does."""

    problem: str
    remedy: str
    blocks: int  # the indicator (index) it holds up


@dataclass(frozen=True)
class Template:
    title: str
    field: str
    lead: str  # department code, one of LEAD_DEPARTMENT_CODES
    cooperators: tuple[str, ...]
    description: str
    budget: tuple[int, int]  # 万元
    measures: tuple[Measure, ...]
    divisions: tuple[str, ...] = ()  # empty: every division
    hurdles: tuple[Hurdle, ...] = ()  # building works that can lag


def _m(name: str, unit: str, low: float, high: float, weight: int = 1) -> Measure:
    return Measure(name, unit, low, high, weight)


def _h(problem: str, remedy: str, blocks: int = 0) -> Hurdle:
    return Hurdle(problem, remedy, blocks)


CONFIRMED_2024 = (
    "提升医疗保障水平",
    "推动构建高质量公共教育服务体系，推广青少年心理健康服务",
    "提升就业服务能力和强化产业技能人才支撑",
    "加大老年人关怀服务力度",
    "开展食品药品质量安全放心行动",
    '深入推进"四好农村路"建设',
)

POOL = (
    Template(
        CONFIRMED_2024[0],
        "社会保障",
        "ybj",
        ("wjj", "czj", "mzj"),
        "把医保服务延伸到村卫生站，让群众在家门口报销看病费用；落实困难群众参保资助和门诊共济保障，减轻群众看病负担。",
        (8000, 15000),
        (
            _m("医保服务延伸至村卫生站", "个", 120, 200),
            _m("资助困难群众参加基本医保", "人", 30000, 50000, 2),
            _m("门诊共济保障惠及群众", "万人次", 40, 80),
            _m("开展医保政策进村入户宣讲", "场", 200, 400),
        ),
    ),
    Template(
        CONFIRMED_2024[1],
        "公共教育",
        "jyj",
        ("fgj", "zjj", "wjj"),
        "新建改扩建一批公办中小学和幼儿园，增加优质学位供给。建立覆盖全市中小学的心理健康服务体系，"
        "加强心理健康教育和危机干预。",
        (30000, 60000),
        (
            _m("新增公办中小学学位", "个", 8000, 14000, 2),
            _m("新建改扩建公办幼儿园", "所", 12, 24),
            _m("配备专职心理健康教师", "名", 120, 200),
            _m("开展学生心理健康测评", "人次", 150000, 240000),
            _m("建成标准化心理辅导室", "间", 80, 150),
        ),
        hurdles=(
            _h(
                "两所新建学校用地报批和规划调整未完成，主体工程开工比计划推迟约两个月，新增学位进度落后。",
                "会同自然资源部门开辟用地报批绿色通道，加快办理施工许可，开工后实行两班倒施工。",
            ),
            _h(
                "三所学校改扩建工程施工总承包招标流标，重新招标延误工期约一个月。",
                "已重新发布招标公告并适当调整资格条件；中标后督促施工单位增加作业面、加班赶工。",
                1,
            ),
        ),
    ),
    Template(
        CONFIRMED_2024[2],
        "创业就业",
        "rsj",
        ("jyj", "gxj", "czj"),
        "建设家门口就业服务站，为重点群体提供精准就业帮扶；围绕重点产业开展补贴性技能培训，培育产业技能人才。",
        (6000, 12000),
        (
            _m("城镇新增就业", "人", 40000, 50000, 2),
            _m("开展补贴性职业技能培训", "人次", 30000, 45000),
            _m("建设家门口就业服务站", "个", 80, 150),
            _m("帮扶就业困难人员实现就业", "人", 3000, 5000),
        ),
    ),
    Template(
        CONFIRMED_2024[3],
        "适老养老",
        "mzj",
        ("wjj", "zjj", "czj"),
        "建设长者饭堂和社区养老服务站点，为困难老年人家庭实施适老化改造，为高龄、独居老人提供探访关爱服务。",
        (5000, 10000),
        (
            _m("新建长者饭堂", "个", 40, 80, 2),
            _m("困难老年人家庭适老化改造", "户", 800, 1500),
            _m("新增养老床位", "张", 500, 1000),
            _m("探访关爱独居高龄老人", "人次", 20000, 40000),
        ),
        hurdles=(
            _h(
                "部分长者饭堂选址涉及物业权属变更，场地移交滞后，装修工程未能按期开工。",
                "会同属地镇街逐个点位协调场地，对暂无合适场地的点位启用备选方案。",
            ),
            _h(
                "适老化改造施工服务政府采购流标，三个县（市、区）改造工作推迟启动。",
                "指导相关县（市、区）调整采购方案后重新采购，并先行组织入户评估。",
                1,
            ),
        ),
    ),
    Template(
        CONFIRMED_2024[4],
        "食药品安全",
        "scj",
        ("nyj", "wjj", "gaj"),
        "加大食品、药品抽检监测力度，推进农贸市场快检室和学校食堂“互联网+明厨亮灶”建设，守护群众舌尖上的安全。",
        (2000, 4000),
        (
            _m("食品安全监督抽检", "批次", 12000, 16000, 2),
            _m("建设农贸市场食品快检室", "个", 40, 70),
            _m("学校食堂实现“互联网+明厨亮灶”", "家", 500, 900),
            _m("药品经营使用单位专项检查", "家次", 2000, 3000),
        ),
    ),
    Template(
        CONFIRMED_2024[5],
        "交通出行",
        "jtj",
        ("nyj", "czj", "zrj"),
        "新改建一批农村公路，实施农村公路安全生命防护工程和危旧桥梁改造，进一步改善农村群众出行条件。",
        (40000, 80000),
        (
            _m("新改建农村公路", "公里", 300, 500, 2),
            _m("实施农村公路安全生命防护工程", "公里", 150, 300),
            _m("改造农村公路危旧桥梁", "座", 20, 40),
            _m("建设农村客运候车亭", "个", 60, 120),
        ),
        divisions=RURAL,
        hurdles=(
            _h(
                "部分路段征地拆迁进度慢，沿线青苗和房屋补偿协议尚未全部签订，施工单位无法全线进场。",
                "由属地政府牵头成立征拆工作专班，逐户做好补偿协商，先行推进已具备条件路段施工。",
            ),
            _h(
                "两个标段施工单位招标流标，重新招标延误工期约一个半月。",
                "已完成重新招标，督促中标单位增加人员和机械投入，倒排工期、分段同步施工。",
            ),
        ),
    ),
    Template(
        "推进城镇老旧小区改造",
        "住房保障",
        "zjj",
        ("cgj", "fgj", "czj"),
        "改造一批城镇老旧小区的水电气路等基础设施，因地制宜加装电梯，完善社区养老、托育、停车等配套。",
        (20000, 40000),
        (
            _m("改造城镇老旧小区", "个", 60, 120, 2),
            _m("改造惠及居民", "户", 15000, 25000),
            _m("既有住宅加装电梯", "台", 100, 200),
            _m("改造老旧供水燃气管网", "公里", 40, 80),
        ),
        hurdles=(
            _h(
                "部分小区居民对改造方案意见不一，加装电梯业主协商难，施工图设计多次调整。",
                "组织社区和设计单位上门做群众工作，推行“一小区一方案”，意见统一一个开工一个。",
            ),
            _h(
                "部分改造项目施工单位招标流标，开工时间推迟约一个月。",
                "已重新组织招标，中标后实行周调度，督促施工单位增加作业班组。",
            ),
        ),
    ),
    Template(
        "推进城乡生活污水治理",
        "环境整治",
        "sthj",
        ("zjj", "slj", "nyj"),
        "完善城镇污水管网，推进自然村生活污水治理和农村黑臭水体整治，改善城乡水环境。",
        (30000, 60000),
        (
            _m("新建改造城镇污水管网", "公里", 150, 300, 2),
            _m("完成自然村生活污水治理", "个", 150, 300),
            _m("整治农村黑臭水体", "条", 20, 40),
            _m("新建镇级污水处理设施", "座", 10, 20),
        ),
        hurdles=(
            _h(
                "管网施工涉及道路开挖和交通疏解，审批手续办理时间长，部分路段未能按计划开工。",
                "建立道路开挖审批联审机制，分段施工、分段恢复，减少对交通的影响。",
            ),
            _h(
                "部分自然村治理项目施工单位招标流标，加上汛期降雨频繁，有效施工天数不足。",
                "完成重新招标，抓住旱季窗口期集中施工，对进度滞后的镇街挂牌督办。",
                1,
            ),
        ),
    ),
    Template(
        "缓解城市停车难和新能源汽车充电难",
        "城市管理",
        "cgj",
        ("zjj", "gaj", "zrj"),
        "挖潜新增公共停车泊位，建设智慧停车平台和公共充电设施，规范占道停车秩序。",
        (8000, 15000),
        (
            _m("新增公共停车泊位", "个", 8000, 14000, 2),
            _m("接入智慧停车平台的停车场", "个", 100, 200),
            _m("新建公共充电桩", "个", 1000, 2000),
            _m("整治占道乱停放路段", "条", 40, 80),
        ),
        divisions=URBAN,
        hurdles=(
            _h(
                "部分停车场项目用地性质调整和规划许可办理滞后，新增泊位进度落后。",
                "会同自然资源部门采用临时用地方式先行建设，同步推进规划调整。",
            ),
        ),
    ),
    Template(
        "建设城市口袋公园和绿道",
        "城市管理",
        "cgj",
        ("zjj", "zrj"),
        "利用边角地、闲置地建设口袋公园，串联城市绿道网络，增加市民身边的休闲空间。",
        (6000, 12000),
        (
            _m("新建口袋公园", "个", 30, 60, 2),
            _m("新建改造绿道", "公里", 50, 100),
            _m("新增城市绿地面积", "万平方米", 20, 50),
            _m("新建改造城市公厕", "座", 60, 120),
        ),
        divisions=URBAN,
        hurdles=(
            _h(
                "部分口袋公园选址地块权属复杂，土地收储和清表工作尚未完成，无法按期开工。",
                "对无法按期交地的点位调整选址，新点位完成公示后立即开工。",
            ),
        ),
    ),
    Template(
        "完善全民健身公共服务体系",
        "全民健身",
        "wgl",
        ("jyj", "zjj"),
        "建设社区体育公园和全民健身路径，推动学校体育场地向社会开放，广泛开展群众性体育赛事活动。",
        (4000, 9000),
        (
            _m("新建社区体育公园", "个", 12, 20),
            _m("新建更新全民健身路径", "条", 120, 200, 2),
            _m("学校体育场地向社会开放", "所", 60, 120),
            _m("举办群众性体育赛事活动", "场", 200, 400),
        ),
        hurdles=(
            _h(
                "部分社区体育公园选址与控制性详细规划冲突，需重新选址，前期工作滞后。",
                "会同规划部门加快论证，对新选址点位同步开展设计和招标。",
            ),
        ),
    ),
    Template(
        "提升公共文化惠民服务",
        "文化提升",
        "wgl",
        ("jyj",),
        "建设城市阅读空间，开展送戏下乡和公益文化艺术培训，让群众就近享受公共文化服务。",
        (3000, 7000),
        (
            _m("建设城市阅读空间", "个", 20, 40),
            _m("开展送戏下乡演出", "场", 300, 500, 2),
            _m("举办公益文化艺术培训", "场次", 400, 800),
            _m("图书馆分馆和服务点通借通还", "个", 100, 200),
        ),
    ),
    Template(
        "发展普惠托育服务",
        "育幼服务",
        "wjj",
        ("fnl", "jyj", "zjj"),
        "新增普惠性托位，建设社区嵌入式托育点和母婴室，为家庭提供科学育儿指导服务。",
        (3000, 6000),
        (
            _m("新增普惠性托位", "个", 2000, 4000, 2),
            _m("建设社区嵌入式托育点", "个", 20, 40),
            _m("开展婴幼儿照护指导", "人次", 10000, 20000),
            _m("建设标准化母婴室", "个", 60, 120),
        ),
    ),
    Template(
        "开展妇女儿童健康筛查",
        "医疗卫生",
        "wjj",
        ("fnl", "ybj"),
        "为适龄妇女免费开展宫颈癌、乳腺癌筛查，为孕妇和新生儿提供免费疾病筛查，做到早发现、早诊断、早治疗。",
        (1500, 3500),
        (
            _m("适龄妇女宫颈癌筛查", "人", 50000, 70000, 2),
            _m("适龄妇女乳腺癌筛查", "人", 50000, 70000, 2),
            _m("新生儿疾病筛查", "人", 25000, 35000),
            _m("孕妇产前筛查", "人", 25000, 35000),
        ),
    ),
    Template(
        "提升基层医疗卫生服务能力",
        "医疗卫生",
        "wjj",
        ("ybj", "czj"),
        "建设镇卫生院急救站点和规范化村卫生站，推进远程医疗向基层延伸，做实家庭医生签约服务。",
        (10000, 20000),
        (
            _m("建设镇卫生院急救站点", "个", 20, 40),
            _m("建成规范化村卫生站", "个", 100, 200, 2),
            _m("远程医疗覆盖基层医疗机构", "家", 80, 150),
            _m("家庭医生签约服务重点人群", "万人", 50, 80),
        ),
        hurdles=(
            _h(
                "部分村卫生站建设用地未落实，个别站点需重新选址，建设进度滞后。",
                "由镇政府牵头协调村集体用地，暂无用地的站点采用租用改造方式建设。",
                1,
            ),
        ),
    ),
    Template(
        "加强困难群众兜底保障",
        "社会保障",
        "mzj",
        ("rsj", "czj"),
        "完善社会救助体系，及时实施临时救助，建设镇街社工站，为困境儿童和残疾人提供关爱服务。",
        (4000, 8000),
        (
            _m("实施临时救助", "人次", 8000, 12000, 2),
            _m("建成运营镇街社工站", "个", 60, 73),
            _m("困境儿童关爱服务", "人次", 5000, 10000),
            _m("残疾人基本康复服务", "人", 6000, 9000),
        ),
    ),
    Template(
        "加快发展保障性租赁住房",
        "住房保障",
        "zjj",
        ("fgj", "zrj", "czj"),
        "筹集建设保障性租赁住房，发放住房租赁补贴，实施农村低收入群体危房改造，帮助新市民、青年人和困难群众安居。",
        (30000, 60000),
        (
            _m("筹集建设保障性租赁住房", "套", 3000, 6000, 2),
            _m("发放住房租赁补贴", "户", 2000, 4000),
            _m("农村低收入群体危房改造", "户", 200, 400),
        ),
        hurdles=(
            _h(
                "两个保障性租赁住房项目土地出让和规划审批滞后，主体工程开工时间推迟。",
                "实行并联审批，先行办理基坑支护施工许可，主体工程许可下达后立即开工。",
            ),
        ),
    ),
    Template(
        "提升基层应急救援能力",
        "灾害防治",
        "yjj",
        ("gaj", "slj", "zrj"),
        "建设镇街综合应急救援队伍和应急避难场所，配齐基层应急物资，常态化开展应急演练。",
        (3000, 6000),
        (
            _m("建设镇街综合应急救援队伍", "支", 60, 73),
            _m("建设规范化应急避难场所", "个", 50, 100, 2),
            _m("开展应急演练", "场", 500, 1000),
            _m("配发基层应急物资", "套", 1000, 2000),
        ),
        hurdles=(
            _h(
                "部分应急避难场所改造涉及学校、公园等多个产权单位，协调时间长，设备采购招标流标一次。",
                "逐个场所签订使用协议，设备已重新招标，督促供应商按期交货安装。",
                1,
            ),
        ),
    ),
    Template(
        "整治电动自行车消防安全隐患",
        "公共安全",
        "yjj",
        ("gaj", "zjj", "cgj"),
        "在住宅小区和城中村建设电动自行车集中充电点，为独居老人等群体安装独立式烟感报警器，建设社区微型消防站。",
        (3000, 6000),
        (
            _m("建设电动自行车集中充电点", "个", 1000, 2000, 2),
            _m("安装独立式烟感报警器", "个", 30000, 50000),
            _m("开展消防安全检查", "家次", 10000, 20000),
            _m("建设社区微型消防站", "个", 50, 100),
        ),
        hurdles=(
            _h(
                "部分老旧小区缺乏充电点建设场地，供电线路增容需供电部门配合，集中充电点建设进度滞后。",
                "会同供电部门开通报装绿色通道，对无场地小区采用充电柜等替代方案。",
            ),
        ),
    ),
    Template(
        "加强防汛防台和地质灾害防治",
        "灾害防治",
        "yjj",
        ("slj", "zrj", "cgj"),
        "整治城市易涝点，治理地质灾害隐患点，实施病险水库除险加固，完善山洪灾害监测预警设施。",
        (15000, 30000),
        (
            _m("整治城市内涝点", "处", 20, 40, 2),
            _m("治理地质灾害隐患点", "处", 30, 60),
            _m("除险加固病险水库", "宗", 10, 20),
            _m("新建山洪灾害监测预警站点", "个", 100, 200),
        ),
        hurdles=(
            _h(
                "汛期降雨频繁，内涝点整治和水库除险加固只能利用非汛期施工，有效施工天数不足。",
                "汛后集中力量抢抓施工，组织多个作业面同步推进，确保明年汛前完工。",
            ),
            _h(
                "两宗病险水库除险加固工程设计方案调整，施工招标流标，开工推迟。",
                "已完成设计变更审查并重新招标，开工后实行日报告制度。",
                2,
            ),
        ),
    ),
    Template(
        "保护活化侨乡文化遗产，提升惠侨服务",
        "惠侨便侨",
        "wgl",
        ("qwj", "zjj", "zrj"),
        "修缮保护碉楼、侨房和侨墟等侨乡文化遗产，打造侨乡文旅精品线路，优化侨胞办事服务。",
        (6000, 12000),
        (
            _m("修缮保护碉楼与侨房", "座", 40, 80, 2),
            _m("活化利用侨墟侨村", "个", 10, 20),
            _m("打造侨乡文旅精品线路", "条", 10, 15),
            _m("举办侨乡文化交流活动", "场", 30, 60),
        ),
        divisions=QIAOXIANG,
        hurdles=(
            _h(
                "部分碉楼和侨房产权人旅居海外，修缮授权手续办理周期长，修缮工程未能如期开工。",
                "通过侨务部门和海外侨团联系产权人，采用视频公证等方式加快授权。",
            ),
        ),
    ),
    Template(
        "加强电梯和燃气安全监管",
        "质量监管",
        "scj",
        ("zjj", "cgj", "yjj"),
        "对老旧住宅电梯开展安全评估，推动餐饮场所安装燃气泄漏报警装置，开展民生计量器具免费检定。",
        (800, 1500),
        (
            _m("开展老旧住宅电梯安全评估", "台", 1000, 2000),
            _m("餐饮场所安装燃气泄漏报警装置", "家", 8000, 12000, 2),
            _m("免费检定民生计量器具", "台件", 20000, 40000),
            _m("开展特种设备安全检查", "家次", 3000, 5000),
        ),
    ),
    Template(
        "推进社保经办服务就近办",
        "政务服务",
        "rsj",
        ("ybj", "zsj"),
        "推动社保服务网点向镇村延伸，拓展社保卡“一卡通”应用，让群众在家门口办成社保业务。",
        (600, 1200),
        (
            _m("建设镇村社保服务网点", "个", 80, 150, 2),
            _m("社保业务实现就近可办", "项", 60, 100),
            _m("拓展社保卡“一卡通”应用场景", "个", 30, 50),
            _m("为行动不便群众提供上门服务", "人次", 8000, 15000),
        ),
    ),
    Template(
        "建设美丽宜居村庄",
        "乡村振兴",
        "zjj",
        ("nyj", "sthj", "jtj"),
        "开展农村人居环境整治提升，建设美丽宜居村，整治农村“三线”，新建改造农村公厕和乡村小公园。",
        (15000, 30000),
        (
            _m("建成美丽宜居村", "个", 100, 200, 2),
            _m("新建改造农村公厕", "座", 100, 200),
            _m("整治农村“三线”", "公里", 200, 400),
            _m("建设乡村小公园", "个", 80, 150),
        ),
        divisions=RURAL,
        hurdles=(
            _h(
                "农村“三线”整治需通信、电力等多家运营商协同施工，统筹难度大，进度明显滞后。",
                "建立运营商联席调度机制，按村制定整治清单，统一进场、同步施工。",
                2,
            ),
        ),
    ),
    Template(
        "深入实施“粤菜师傅”“广东技工”“南粤家政”三项工程",
        "职业培训",
        "rsj",
        ("jyj", "swj", "fnl"),
        "围绕餐饮、制造、家政等行业开展技能培训和评价，促进劳动者技能就业、技能致富。",
        (4000, 8000),
        (
            _m("开展“粤菜师傅”培训", "人次", 8000, 12000),
            _m("开展“广东技工”培训", "人次", 15000, 25000, 2),
            _m("开展“南粤家政”培训", "人次", 10000, 15000),
            _m("新增取得职业技能等级证书人员", "人", 20000, 30000),
        ),
    ),
    Template(
        "支持高校毕业生等青年就业创业",
        "创业就业",
        "rsj",
        ("gqt", "czj"),
        "落实创业担保贷款和创业补贴，建设创业孵化载体，提供就业见习岗位，帮助高校毕业生等青年就业创业。",
        (3000, 6000),
        (
            _m("扶持青年自主创业", "人", 3000, 5000, 2),
            _m("提供就业见习岗位", "个", 2000, 4000),
            _m("举办青年专场招聘活动", "场", 200, 400),
            _m("认定创业孵化基地", "个", 10, 20),
        ),
    ),
    Template(
        "推行长期护理保险制度",
        "社会保障",
        "ybj",
        ("mzj", "wjj"),
        "扩大长期护理保险覆盖，发展定点护理服务机构，培训护理服务人员，减轻失能人员家庭照护负担。",
        (5000, 10000),
        (
            _m("长期护理保险待遇享受人员", "人", 3000, 6000, 2),
            _m("新增定点护理服务机构", "家", 50, 100),
            _m("培训护理服务人员", "人次", 2000, 4000),
        ),
    ),
    Template(
        "发展居家社区养老服务",
        "适老养老",
        "mzj",
        ("wjj", "zjj"),
        "建设镇街综合养老服务中心，发展家庭养老床位，扩大老年助餐服务覆盖，培训养老护理员。",
        (6000, 12000),
        (
            _m("建设镇街综合养老服务中心", "个", 20, 40),
            _m("建设家庭养老床位", "张", 1000, 2000, 2),
            _m("提供老年助餐服务", "万人次", 20, 40),
            _m("培训养老护理员", "人次", 1500, 3000),
        ),
        hurdles=(
            _h(
                "部分镇街综合养老服务中心场地需改变使用功能，消防验收未通过，投入运营推迟。",
                "会同消防部门现场指导整改，整改完成后立即组织复验。",
            ),
        ),
    ),
    Template(
        "改善大气和水环境质量",
        "环境整治",
        "sthj",
        ("zjj", "cgj", "slj"),
        "整治餐饮油烟和入河排污口，建设空气质量监测微站，修复河湖生态岸线。",
        (8000, 16000),
        (
            _m("整治餐饮油烟扰民", "家", 1500, 2500),
            _m("建设空气质量监测微站", "个", 100, 200),
            _m("排查整治入河排污口", "个", 200, 400, 2),
            _m("修复河湖生态岸线", "公里", 30, 60),
        ),
        hurdles=(
            _h(
                "生态岸线修复涉及河道管理范围内征地，补偿标准协商未达成一致，部分河段未能进场施工。",
                "由属地政府牵头开展补偿协商，先行实施已完成征地的河段。",
                3,
            ),
        ),
    ),
    Template(
        "优化城乡公交出行服务",
        "交通出行",
        "jtj",
        ("fgj", "czj"),
        "新增和更新新能源公交车，优化公交线路，建设公交候车亭，提升镇村公交服务水平。",
        (10000, 20000),
        (
            _m("新增更新新能源公交车", "辆", 200, 400, 2),
            _m("新开优化公交线路", "条", 30, 60),
            _m("新建改造公交候车亭", "个", 150, 300),
            _m("开通镇村公交的行政村", "个", 100, 200),
        ),
        hurdles=(
            _h(
                "新能源公交车政府采购招标流标，重新招标后车辆交付推迟约两个月。",
                "督促供应商分批交付，到车一批、上牌一批、投运一批。",
            ),
        ),
    ),
    Template(
        "实施预防接种惠民工程",
        "医疗卫生",
        "wjj",
        ("jyj", "czj"),
        "为适龄女生免费接种HPV疫苗，为老年人免费接种流感疫苗，规范化建设预防接种门诊。",
        (2000, 5000),
        (
            _m("适龄女生免费接种HPV疫苗", "人", 15000, 25000, 2),
            _m("老年人免费接种流感疫苗", "人", 50000, 80000),
            _m("规范化建设预防接种门诊", "个", 30, 60),
        ),
    ),
    Template(
        "推进城市“厕所革命”和生活垃圾分类",
        "城市管理",
        "cgj",
        ("zjj", "sthj"),
        "新建改造城市公厕，建设生活垃圾分类投放点和再生资源回收站点，提升城市环境卫生水平。",
        (5000, 10000),
        (
            _m("新建改造城市公厕", "座", 100, 200),
            _m("建设生活垃圾分类投放点", "个", 2000, 4000, 2),
            _m("建设再生资源回收站点", "个", 200, 400),
            _m("开展垃圾分类宣传活动", "场", 500, 1000),
        ),
        hurdles=(
            _h(
                "部分公厕和垃圾收集点选址遭周边居民反对，需重新选址和公示，建设进度滞后。",
                "加强与居民沟通，优化外观设计和除臭措施，重新选址点位完成公示后即开工。",
            ),
        ),
    ),
    Template(
        "加强校园安全和课后服务",
        "公共教育",
        "jyj",
        ("gaj", "wgl"),
        "推进中小学“护学岗”和校园一键报警建设，扩大课后服务覆盖面，丰富学生课后活动。",
        (800, 1500),
        (
            _m("设置“护学岗”的中小学校", "所", 600, 900),
            _m("建设校园一键报警系统", "所", 600, 900),
            _m("提供课后服务的学校", "所", 500, 800, 2),
            _m("引进校外优质资源开展课后服务", "项", 100, 200),
        ),
    ),
)

LEADERS = {
    "social": "陈志远（副市长）",
    "education": "林慧敏（副市长）",
    "urban": "黄建明（副市长）",
    "rural": "梁国栋（副市长）",
    "market": "吴振华（副市长）",
    "economy": "周文彬（常务副市长）",
}
LEADER_OF_FIELD = {
    "社会保障": "social",
    "适老养老": "social",
    "育幼服务": "social",
    "惠侨便侨": "social",
    "公共教育": "education",
    "医疗卫生": "education",
    "文化提升": "education",
    "全民健身": "education",
    "交通出行": "urban",
    "住房保障": "urban",
    "城市管理": "urban",
    "环境整治": "urban",
    "乡村振兴": "rural",
    "灾害防治": "rural",
    "食药品安全": "market",
    "质量监管": "market",
    "公共安全": "market",
    "创业就业": "economy",
    "职业培训": "economy",
    "政务服务": "economy",
}

MINOR_PROBLEMS = (
    "个别县（市、区）配套资金到位偏慢，已发函督促。",
    "部分镇街基础数据报送不及时，影响进度统计。",
    "受持续降雨天气影响，部分户外点位施工进度有所放缓。",
    "个别点位选址需重新论证，已会同属地调整方案。",
    "基层专业人员力量不足，正通过购买服务补充。",
)
NEXT_STEPS = (
    "继续实行月调度，督促各县（市、区）按时序推进，加快资金拨付。",
    "组织开展中期检查，对进度偏慢的点位挂牌督办。",
    "加强宣传引导，及时回应群众关切。",
    "做好已完成点位的验收和运营管护工作。",
    "加强质量安全监管，确保工程质量和服务质量。",
)
DONE_NEXT_STEPS = "组织项目验收，建立长效管护机制，开展群众满意度回访。"
LAGGING_NEXT_STEPS = "实行周调度、倒排工期、挂图作战，确保年底前完成年度目标任务。"


@dataclass(frozen=True)
class PlannedIndicator:
    name: str
    unit: str
    target: float
    weight: int

    @property
    def step(self) -> float:
        return 0.1 if self.unit in DECIMAL_UNITS else 1.0


@dataclass(frozen=True)
class PlannedReport:
    month: date
    values: tuple[float, ...]  # cumulative, one per indicator
    funds: float  # 万元, cumulative
    narrative: str
    problems: str
    next_steps: str
    reported_at: datetime  # naive UTC, as stored


@dataclass(frozen=True)
class PlannedProject:
    year: int
    number: int
    title: str
    field: str
    description: str
    lead: str
    cooperators: tuple[str, ...]
    leader: str
    budget: float
    start: date
    end: date
    divisions: tuple[str, ...]
    indicators: tuple[PlannedIndicator, ...]
    reports: tuple[PlannedReport, ...]
    aim: str  # the schedule status the figures are shaped for (ScheduleStatus.DONE, …)


def seed_projects(
    session: Session,
    today: date,
    departments: dict[str, Department],
    divisions: list[Division],
    reporters: dict[str, Account],
) -> None:
    """Projects, indicators and reports for every year in the Year table up to today's.

    `reporters` maps a lead department's code to its staff account, which files the reports;
    accounts and years must be flushed already (reports need the accounts' ids).
    """
    years = session.scalars(select(Year.year).where(Year.year <= today.year).order_by(Year.year)).all()
    plans = [plan for year in years for plan in plan_year(year, today)]
    division_of = {d.name: d for d in divisions}
    projects = [
        Project(
            year=plan.year,
            number=plan.number,
            title=plan.title,
            field=plan.field,
            description=plan.description,
            lead_department=departments[plan.lead],
            cooperators=[departments[code] for code in plan.cooperators],
            responsible_leader=plan.leader,
            budget=_decimal(plan.budget),
            start_date=plan.start,
            end_date=plan.end,
            divisions=[division_of[name] for name in plan.divisions],
            indicators=[
                Indicator(name=i.name, unit=i.unit, target=_decimal(i.target), weight=Decimal(i.weight), sort_order=n)
                for n, i in enumerate(plan.indicators)
            ],
        )
        for plan in plans
    ]
    session.add_all(projects)
    session.flush()  # the reports need the projects' and indicators' ids
    session.add_all(
        ProgressReport(
            project_id=project.id,
            month=report.month,
            funds_spent=_decimal(report.funds),
            narrative=report.narrative,
            problems=report.problems,
            next_steps=report.next_steps,
            reporter_id=reporters[plan.lead].id,
            reported_at=report.reported_at,
            values=[
                ReportValue(indicator_id=indicator.id, value=_decimal(value))
                for indicator, value in zip(project.indicators, report.values, strict=True)
            ],
        )
        for plan, project in zip(plans, projects, strict=True)
        for report in plan.reports
    )


def plan_year(year: int, today: date) -> list[PlannedProject]:
    """A year's ten projects: finished if the year is over, reported up to last month if current."""
    if year > today.year:
        return []
    rng = random.Random(f"minsheng-demo-{year}")
    templates = _choose(rng, year)
    current = year == today.year
    last_month = today.month - 1 if current else 12
    aims = _aims(rng, templates) if current else [ScheduleStatus.DONE] * len(templates)
    late = _late_starters(rng, aims) if current and last_month >= 4 else set()
    order = list(range(len(templates)))
    rng.shuffle(order)
    return [
        _plan_project(rng, year, number, templates[i], aims[i], i in late, last_month, today)
        for number, i in enumerate(order, start=1)
    ]


def _choose(rng: random.Random, year: int) -> list[Template]:
    if year == 2024:
        confirmed = [t for t in POOL if t.title in CONFIRMED_2024]
        return confirmed + rng.sample([t for t in POOL if t.title not in CONFIRMED_2024], 4)
    while True:
        chosen = rng.sample(POOL, PROJECTS_A_YEAR)
        if sum(bool(t.hurdles) for t in chosen) >= 3 and sum(not t.hurdles for t in chosen) >= 2:
            return chosen


def _aims(rng: random.Random, templates: list[Template]) -> list[ScheduleStatus]:
    """One done (a service, no building works), two lagging (building works), two or three ahead."""
    aims = [ScheduleStatus.ON_SCHEDULE] * len(templates)
    builds = [i for i, t in enumerate(templates) if t.hurdles]
    services = [i for i, t in enumerate(templates) if not t.hurdles]
    for i in rng.sample(builds, 2):
        aims[i] = ScheduleStatus.LAGGING
    aims[rng.choice(services)] = ScheduleStatus.DONE
    rest = [i for i, aim in enumerate(aims) if aim == ScheduleStatus.ON_SCHEDULE]
    for i in rng.sample(rest, rng.choice((2, 3))):
        aims[i] = ScheduleStatus.AHEAD
    return aims


def _late_starters(rng: random.Random, aims: Sequence[str]) -> set[int]:
    """A couple of projects on schedule started in February or March."""
    return set(rng.sample([i for i, aim in enumerate(aims) if aim == ScheduleStatus.ON_SCHEDULE], 2))


def _plan_project(
    rng: random.Random,
    year: int,
    number: int,
    template: Template,
    aim: str,
    late: bool,
    last_month: int,
    today: date,
) -> PlannedProject:
    indicators = tuple(
        PlannedIndicator(m.name, m.unit, _nice(rng.uniform(m.low, m.high), m.unit in DECIMAL_UNITS), m.weight)
        for m in template.measures
    )
    budget = _nice(rng.uniform(*template.budget), False)
    start = date(year, rng.choice((2, 3)), 1) if late else date(year, 1, 1)
    end = date(year, 12, 31)
    reports: tuple[PlannedReport, ...] = ()
    if last_month:
        reports = _reports(rng, template, indicators, aim, budget, start, end, last_month, today)
    return PlannedProject(
        year=year,
        number=number,
        title=template.title,
        field=template.field,
        description=template.description,
        lead=template.lead,
        cooperators=template.cooperators,
        leader=LEADERS[LEADER_OF_FIELD[template.field]],
        budget=budget,
        start=start,
        end=end,
        divisions=template.divisions or tuple(DIVISIONS),
        indicators=indicators,
        reports=reports,
        aim=aim,
    )


def _reports(
    rng: random.Random,
    template: Template,
    indicators: tuple[PlannedIndicator, ...],
    aim: str,
    budget: float,
    start: date,
    end: date,
    last_month: int,
    today: date,
) -> tuple[PlannedReport, ...]:
    months = [date(start.year, m, 1) for m in range(1, last_month + 1)]
    first = start.month - 1  # index of the first month of work
    planned = rules.planned_share(start, end, rules.month_end(months[-1]))
    hurdle = rng.choice(template.hurdles) if template.hurdles else None
    blocked = hurdle.blocks if hurdle else 0
    if aim == ScheduleStatus.DONE:
        finals = [_at_least(rng, i) for i in indicators]
        until = min(last_month, rng.randint(7, 9)) - 1 if last_month < 12 else rng.choice((9, 10, 11, 11))
    else:
        finals = _final_values(rng, indicators, aim, planned, blocked)
        until = last_month - 1
    stalled = min(3, last_month - first) if aim == ScheduleStatus.LAGGING else 0
    series = [
        _path(rng, final, ind.step, first, until, len(months), stalled if n == blocked else 0)
        for n, (ind, final) in enumerate(zip(indicators, finals, strict=True))
    ]
    actual = _completion(indicators, finals)
    if aim == ScheduleStatus.DONE:
        spent = budget * (rng.uniform(0.95, 0.995) if last_month == 12 else rng.uniform(0.88, 0.97))
    else:
        spent = budget * min(0.97, actual * rng.uniform(0.8, 0.97))
    funds = _path(rng, round(spent, 2), 0.01, first, len(months) - 1, len(months), 0)
    reports = []
    for k, month in enumerate(months):
        values = tuple(s[k] for s in series)
        problems, next_steps = "", rng.choice(NEXT_STEPS)
        if k < first:
            narrative = f"项目处于前期准备阶段，正在开展方案编制和招标采购，计划{start.month}月全面启动实施。"
            next_steps = "完成招标采购，按计划启动实施。"
        else:
            narrative = _narrative(month, indicators, values, funds[k], budget)
            if all(v >= i.target for v, i in zip(values, indicators, strict=True)):
                next_steps = DONE_NEXT_STEPS
            elif hurdle and k >= len(months) - stalled:
                problems, next_steps = hurdle.problem, f"{hurdle.remedy}{LAGGING_NEXT_STEPS}"
            elif rng.random() < 0.1:
                problems = rng.choice(MINOR_PROBLEMS)
        reports.append(
            PlannedReport(month, values, funds[k], narrative, problems, next_steps, _reported_at(rng, month, today))
        )
    return tuple(reports)


def _final_values(
    rng: random.Random, indicators: tuple[PlannedIndicator, ...], aim: str, planned: float, blocked: int
) -> list[float]:
    """Latest cumulative values whose weighted completion gives the aimed-at status."""
    margin = TOLERANCE + 0.005
    if aim == ScheduleStatus.AHEAD:
        low, high = planned + margin + 0.005, 0.99
        goal = planned + rng.uniform(0.08, 0.15)
    elif aim == ScheduleStatus.LAGGING:
        low, high = 0.005, planned - margin - 0.005
        goal = planned - max(0.12, 0.2 * planned)
    else:
        low, high = max(0.005, planned - TOLERANCE + 0.01), planned + TOLERANCE - 0.01
        goal = planned + rng.uniform(-0.02, 0.02)
    goal = min(max(goal, low + 0.003), high - 0.003)
    values = []
    for n, ind in enumerate(indicators):
        share = goal * (0.45 if aim == ScheduleStatus.LAGGING and n == blocked else rng.uniform(0.85, 1.15))
        values.append(_round(min(share, 1.0) * ind.target, ind.step))
    return _tune(indicators, values, low, high)


def _tune(indicators: tuple[PlannedIndicator, ...], values: list[float], low: float, high: float) -> list[float]:
    """Nudge values one small step at a time until the weighted completion lies in [low, high]."""
    for _ in range(10_000):
        actual = _completion(indicators, values)
        if low <= actual <= high:
            break
        up = actual < low
        moves = []
        for n, ind in enumerate(indicators):
            step = max(ind.step, _round(ind.target * 0.005, ind.step))
            value = min(values[n] + step, ind.target) if up else max(values[n] - step, 0.0)
            if value == values[n] or (up and values[n] >= ind.target):
                continue
            after = _completion(indicators, [*values[:n], value, *values[n + 1 :]])
            fits = after <= high if up else after >= low
            moves.append((not fits, values[n] / ind.target * (1 if up else -1), abs(after - actual), n, value))
        if not moves:
            break
        best = min(moves, key=lambda m: m[:2]) if any(not m[0] for m in moves) else min(moves, key=lambda m: m[2])
        values[best[3]] = best[4]
    return values


def _path(
    rng: random.Random, final: float, step: float, first: int, until: int, months: int, stalled: int
) -> list[float]:
    """Cumulative figures per month: nothing before `first`, `final` from `until` on, never decreasing.

    The `stalled` months before `until` add little: the work was held up.
    """
    increments = []
    for k in range(months):
        if k < first or k > until:
            increments.append(0.0)
            continue
        ramp = 0.5 if k == first else 0.8 if k == first + 1 else 1.0
        stall = 0.12 if k > until - stalled else 1.0
        increments.append(ramp * stall * rng.uniform(0.5, 1.5))
    total = sum(increments) or 1.0
    cumulative, path = 0.0, []
    for k in range(months):
        cumulative += increments[k]
        path.append(final if k >= until else _round(final * cumulative / total, step))
    return path


def _narrative(
    month: date, indicators: tuple[PlannedIndicator, ...], values: tuple[float, ...], funds: float, budget: float
) -> str:
    done = all(v >= i.target for v, i in zip(values, indicators, strict=True))
    parts = [
        f"{i.name}{_format(v, i.step)}{i.unit}（年度目标{_format(i.target, i.step)}{i.unit}，"
        f"完成{math.floor(v / i.target * 100)}%）"
        for i, v in zip(indicators, values, strict=True)
    ]
    opening = "各项指标均已完成年度目标任务。" if done else ""
    return (
        f"{opening}截至{month.month}月底，{'；'.join(parts)}；累计完成投资{funds:.2f}万元，"
        f"占预算的{math.floor(funds / budget * 100)}%。"
    )


def _reported_at(rng: random.Random, month: date, today: date) -> datetime:
    """A few working days after the month ends, in office hours (China time), never after today."""
    day = rules.month_end(month) + timedelta(days=rng.randint(3, 8))
    at = clock.start_of_local_day(day) + timedelta(hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
    return min(at, clock.start_of_local_day(today) + timedelta(hours=8, minutes=30))


def _at_least(rng: random.Random, indicator: PlannedIndicator) -> float:
    """A met target: exactly, or a little over."""
    if rng.random() < 0.5:
        return indicator.target
    return _round_up(indicator.target * rng.uniform(1.01, 1.08), indicator.step)


def _completion(indicators: Sequence[PlannedIndicator], values: Sequence[float]) -> float:
    return rules.completion([IndicatorFigures(i.target, i.weight, v) for i, v in zip(indicators, values, strict=True)])


def _nice(x: float, decimal: bool) -> float:
    """A round-looking target or budget: three significant figures from 1,000, two below."""
    digits = 3 if x >= 1000 else 2
    unit = 10 ** max(math.floor(math.log10(x)) - digits + 1, -1 if decimal else 0)
    return round(round(x / unit) * unit, 1)


def _round(x: float, step: float) -> float:
    return round(round(x / step) * step, 2)


def _round_up(x: float, step: float) -> float:
    return round(math.ceil(round(x / step, 6)) * step, 2)


def _format(x: float, step: float) -> str:
    return f"{x:.1f}".removesuffix(".0") if step < 1 else f"{x:.0f}"


def _decimal(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")
