"""A candidate's facts, targets and description on the ballot: one block of HTML, every typed text as text."""

from __future__ import annotations

from components.vote.ballot_form import candidate_details
from db.vote.candidates import CandidateView, TargetView

HOSTILE = "<script>alert(1)</script> **bold** <img src=x onerror=alert(2)>"


def candidate(
    description: str = "改造 12 所学校的食堂。\n分两期完成。", targets: tuple[TargetView, ...] = ()
) -> CandidateView:
    return CandidateView(
        id=1,
        year=2027,
        title="学校食堂改造",
        field="education",
        description=description,
        lead_department_id=1,
        lead_department="市教育局",
        estimated_budget=1200,
        targets=targets,
    )


def test_the_facts_targets_and_folded_description_are_one_block():
    block = candidate_details(candidate(targets=(TargetView("食堂", "所", 12),)))
    assert block.startswith("<div class='ballot-facts'>") and block.count("<div") == 1
    assert "牵头单位：市教育局" in block and "预计投资 1,200 万元" in block
    assert "<p>食堂 12 所</p>" in block
    assert "<details><summary>项目简介</summary>" in block and "改造 12 所学校的食堂。\n分两期完成。" in block


def test_a_candidate_without_targets_or_description_has_only_its_facts():
    block = candidate_details(candidate(description=""))
    assert block.count("<p>") == 1 and "<details>" not in block


def test_typed_text_is_shown_as_text_in_every_place():
    hostile = candidate(description=HOSTILE, targets=(TargetView(HOSTILE, HOSTILE, 1),))
    hostile = CandidateView(**{**hostile.__dict__, "lead_department": HOSTILE})
    block = candidate_details(hostile)
    assert "<script" not in block and "<img" not in block
    assert block.count("&lt;script&gt;alert(1)&lt;/script&gt; **bold**") == 4  # department, name, unit, description
