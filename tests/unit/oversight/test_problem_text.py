"""A ledger item a rule opened reads as it did when db wrote the words itself, now in either language."""

import re

import pytest

from components import text
from components.oversight.problem_text import problem_text, wording
from db.oversight.rectification import ItemView
from db.survey import rules
from db.survey.rules import SatisfactionCount


def previous_survey_text(year: int, stage: str, count: SatisfactionCount, below_rate: float) -> str:
    """What db/survey/satisfaction.py (now db/survey/rounds.py) stored before it spoke in codes (kept here as the oracle)."""
    stage_names = {"midyear": "年中", "yearend": "年终", "lookback": "回头看"}
    grade_names = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
    grade = rules.satisfaction_grade(count)
    rate = "—" if count.overall_rate is None else f"{count.overall_rate:.1%}"
    causes = []
    if grade == "dissatisfied":
        causes.append("测评等次为不满意")
    if count.overall_rate is not None and count.overall_rate < below_rate:
        causes.append(f"综合满意率低于 {below_rate:.0%}")
    return (
        f"{year} 年度{stage_names[stage]}满意度测评：综合满意率 {rate}，"
        f"测评等次{grade_names.get(grade or '', '—')}（满意 {count.satisfied}、基本满意 {count.basically_satisfied}、"
        f"不满意 {count.dissatisfied}、弃权 {count.abstain}），{'且'.join(causes)}，请牵头单位整改。"
    )


def survey_params(year: int, stage: str, count: SatisfactionCount, below_rate: float) -> dict[str, object]:
    """The parameters db stores for the item (as db/survey/rounds.py builds them)."""
    causes = rules.flag_causes(count, below_rate=below_rate)
    return {
        "year": year,
        "stage": stage,
        "satisfied": count.satisfied,
        "basically_satisfied": count.basically_satisfied,
        "dissatisfied": count.dissatisfied,
        "abstain": count.abstain,
        "rate": count.overall_rate,
        "grade": rules.satisfaction_grade(count),
        "causes": [str(c) for c in causes],
        "below_rate": below_rate,
    }


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(text, "language", lambda: "en")


@pytest.mark.parametrize(
    ("stage", "counts", "below_rate"),
    [
        ("yearend", (1, 0, 2, 1), 0.8),  # graded 不满意 and below the rate
        ("midyear", (1, 0, 0, 3), 0.8),  # 100 % of one rating, yet 不满意: one cause
        ("lookback", (3, 2, 3, 0), 0.7),  # 基本满意 but below 70 %
        ("yearend", (0, 0, 0, 4), 0.8),  # everyone abstained: no rate
    ],
)
def test_a_survey_items_wording_in_chinese_is_the_text_db_used_to_store(stage, counts, below_rate):
    count = SatisfactionCount(*counts)
    params = survey_params(2025, stage, count, below_rate)
    assert wording("rectification.problem_survey", params, "") == previous_survey_text(2025, stage, count, below_rate)


def test_a_look_back_items_wording_names_the_aspect_before_the_notes():
    params = {"aspect": "maintenance"}
    assert wording("rectification.problem_review", params, "设备无人管护") == "回头看·管护机制较差：设备无人管护"


def test_a_findings_suggestion_follows_what_was_seen_and_without_one_the_problem_is_as_written():
    assert (
        wording("rectification.problem_finding", {"suggestion": "尽快完工"}, "围墙未完工")
        == "围墙未完工（建议：尽快完工）"
    )
    assert wording(None, {}, "资金拨付滞后") == "资金拨付滞后"


def test_an_english_reader_reads_a_rules_wording_in_english_with_the_persons_words_as_written(english):
    count = SatisfactionCount(1, 0, 2, 1)
    survey = wording("rectification.problem_survey", survey_params(2025, "yearend", count, 0.8), "")
    assert survey == (
        "2025 Year-end satisfaction survey: overall rate 33.3%, graded Dissatisfied (1 satisfied, 0 basically "
        "satisfied, 2 dissatisfied, 1 abstained); graded dissatisfied and overall rate below 80%: the lead "
        "department is asked to rectify."
    )
    review = wording("rectification.problem_review", {"aspect": "public"}, "噪声大")
    assert review == "Look-back · What people say rated poor: 噪声大"
    assert not re.search(r"[\u4e00-\u9fff]", review.removesuffix("噪声大"))


def test_an_item_is_worded_from_its_own_key_and_parameters():
    item = ItemView(
        *(1, 2, "2025 · 3. 项目", 2025, 4, "某局", "设施老化", "review", 9, None, "open", "", None, False, ()),
        problem_key="rectification.problem_review",
        problem_params={"aspect": "operation"},
    )
    assert problem_text(item) == "回头看·运行维护较差：设施老化"


def test_a_key_without_a_wording_is_refused_rather_than_shown_as_a_code():
    with pytest.raises(KeyError, match="rectification.problem_unknown"):
        wording("rectification.problem_unknown", {}, "")
