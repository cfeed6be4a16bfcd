"""The vote results chart said in one sentence, under it: for a screen reader, and for a quick read."""

from __future__ import annotations

from collections.abc import Mapping

from components.projects.chart_sentences import listing
from components.text import t
from db.vote.rules import Tally


def results(tally: Tally, titles: Mapping[int, str]) -> str:
    """ "13 个候选项目中 10 个当选（须得票超过 188.5 票），得票最多的是 X（300 票）。" and ties, open places."""
    if not tally.lines:
        return t("vote.sentence_no_candidates")
    top = tally.lines[0]  # most votes first
    sentence = t(
        "vote.sentence_results",
        candidates=len(tally.lines),
        elected=tally.elected,
        threshold=tally.threshold,
        top=titles[top.candidate_id],
        votes=top.votes,
    )
    tied = [titles[line.candidate_id] for line in tally.lines if line.tied_at_cutoff]
    if tied:
        sentence += t("vote.sentence_tied", names=listing(tied))
    if tally.unfilled:
        sentence += t("vote.sentence_unfilled", count=tally.unfilled)
    return sentence
