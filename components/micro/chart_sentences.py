"""The micro items' and wishes' charts said in one sentence each, under them: for a screen reader, and a quick read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from components.micro.labels import money
from components.projects.chart_sentences import listing
from components.text import t
from db.micro.item_reads import FundLine
from db.micro.wishes import WishCount


def counted(counts: Mapping[str, int], names: Mapping[str, str], *, empty_key: str) -> str:
    """ "共 20 项：已提出 3 项、办理中 5 项……" in the names' order, the states or ratings with none left out."""
    total = sum(counts.get(code, 0) for code in names)
    if not total:
        return t(empty_key)
    parts = [
        t("micro.sentence_part", name=name, count=counts[code]) for code, name in names.items() if counts.get(code)
    ]
    return t("micro.sentence_counted", total=total, parts=listing(parts))


def by_division(counts: Mapping[str, Mapping[str, int]]) -> str:
    """How many divisions have items, and the one with the most."""
    totals = {division: sum(states.values()) for division, states in counts.items() if sum(states.values())}
    if not totals:
        return t("micro.sentence_no_items")
    most = max(sorted(totals), key=lambda division: totals[division])
    return t("micro.sentence_divisions", divisions=len(totals), most=most, count=totals[most])


def funds(lines: Sequence[FundLine]) -> str:
    """The divisions with a fund: committed and still available in all, and those committed beyond it."""
    funded = [line for line in lines if line.fund is not None]
    if not funded:
        return t("micro.sentence_no_funds")
    committed = sum(line.committed for line in funded)
    available = sum(line.available or 0 for line in funded)
    sentence = t(
        "micro.sentence_funds", divisions=len(funded), committed=money(committed), available=money(max(available, 0))
    )
    over = [line.division for line in funded if (line.available or 0) < 0]
    return sentence + (t("micro.sentence_over", names=listing(over)) if over else "")


def wishes(rows: Sequence[WishCount], *, collected: bool) -> str:
    """The wishes in all (collected, claimed, fulfilled) and where the most were fulfilled.

    `collected` False: a delegation's rows, whose collected count is what it claimed (not said)."""
    if not rows:
        return t("wish.no_counts")
    claimed, fulfilled = sum(r.claimed for r in rows), sum(r.fulfilled for r in rows)
    if collected:
        sentence = t(
            "wish.sentence_totals", collected=sum(r.collected for r in rows), claimed=claimed, fulfilled=fulfilled
        )
    else:
        sentence = t("wish.sentence_claimed", claimed=claimed, fulfilled=fulfilled)
    if not fulfilled:
        return sentence + t("wish.sentence_none_fulfilled")
    most = max(rows, key=lambda r: r.fulfilled)  # of equals, the first listed
    return sentence + t("wish.sentence_most", name=most.label, count=most.fulfilled)
