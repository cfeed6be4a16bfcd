"""The demo projects' leaders, and the words of their monthly progress reports."""

from __future__ import annotations

# The vice-mayor answering for each group of fields, and which group each field belongs to.
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
# A project still being prepared (before its start month), and the sentences of a report's
# narrative: one part per indicator, then the money.
PREPARING_NARRATIVE = "项目处于前期准备阶段，正在开展方案编制和招标采购，计划{month}月全面启动实施。"
PREPARING_NEXT_STEPS = "完成招标采购，按计划启动实施。"
ALL_TARGETS_MET = "各项指标均已完成年度目标任务。"
INDICATOR_PROGRESS = "{name}{value}{unit}（年度目标{target}{unit}，完成{percent}%）"
INDICATOR_SEPARATOR = "；"
NARRATIVE = "{opening}截至{month}月底，{indicators}；累计完成投资{funds:.2f}万元，占预算的{percent}%。"
