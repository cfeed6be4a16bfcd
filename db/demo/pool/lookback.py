"""Look-back reviews (回头看): what the reviewers note by aspect and rating, who reviews, what they conclude."""

from __future__ import annotations

ASPECT_NAMES = {"operation": "运行维护", "service": "服务质量", "maintenance": "管护机制", "public": "群众评价"}

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
DEFAULT_COMMITTEE = "办公室"
REVIEWERS = "市人大常委会{committee}、{group}"
CITY_REVIEW_GROUP = "市直代表小组"
REVIEW_GROUP = "{division}代表小组"

CONCLUSION_POOR = (
    "项目在{aspects}方面存在较突出问题，已列入整改台账交办{department}限期整改，"
    "市人大常委会将跟踪督办，整改情况纳入年度满意度测评。"
)
CONCLUSION_FAIR = "项目总体运行良好，但在{aspects}方面仍有不足。建议牵头部门完善措施，持续巩固提升项目成效。"
CONCLUSION_GOOD = "项目建成后运行平稳，管护机制健全，群众满意度较高。建议总结经验做法，形成长效机制。"
POOR_ASPECT = "回头看·{aspect}较差：{notes}"  # the problem of the rectification item a 较差 opens
