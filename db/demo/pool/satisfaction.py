"""Satisfaction surveys (满意度测评): the comments deputies write, and the rectification a failed project gets."""

from __future__ import annotations

from db.survey.rules import Level

COMMENTS: dict[str, tuple[str, ...]] = {
    Level.SATISFIED: (
        "项目落实到位，群众获得感明显增强。",
        "办得实、见效快，周边群众普遍点赞。",
        "建议总结经验做法，形成长效机制。",
        "希望明年继续扩大覆盖面，让更多群众受益。",
        "群众在家门口就能享受到服务，很实惠。",
        "牵头部门推进有力，信息公开及时。",
    ),
    Level.BASICALLY_SATISFIED: (
        "总体完成目标，但宣传不够，部分群众不知晓。",
        "建成后管护跟不上，建议落实长效管护经费。",
        "覆盖面还不够广，偏远农村受益较少。",
        "部分点位进度偏慢，建议加强统筹调度。",
        "服务时间与群众需求不够匹配，建议延长开放时间。",
        "数量指标完成了，但质量和实效还有提升空间。",
        "各县（市、区）推进不平衡，建议加强督导。",
    ),
    Level.DISSATISFIED: (
        "走访群众反映问题较多，实际效果与宣传有差距。",
        "部分点位建成后使用率低，未发挥应有作用。",
        "群众投诉较多，问题整改不及时。",
        "项目推进迟缓，年度目标完成不理想。",
        "重建设、轻管理，后续运营没有跟上。",
    ),
}
MIDYEAR_COMMENTS = (
    "上半年推进顺利，希望下半年保持进度。",
    "前期准备充分，建议加快资金拨付。",
    "进度与计划基本一致，请注意施工安全。",
)

# The item a failed project's department works on: what it reports, and what the office finds.
IN_PROGRESS_NOTE = "已召开专题会议逐条梳理代表测评意见，制定整改方案，明确责任科室和完成时限。"
EVIDENCE = (
    "已针对代表意见集中的问题逐点整改：修复闲置和损坏设施，落实管护单位和经费，"
    "组织代表和群众回访，回访满意率达到九成以上，整改台账和现场照片已报送。"
)
VERIFIED_NOTE = "经市人大常委会办公室组织部分代表现场核查，整改到位，群众反映良好，予以销号。"

DEMO_TELLER = "演示计票人"  # a demo round's one teller: its share is shown to the office, labelled as demo
