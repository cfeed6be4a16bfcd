"""The vote (票决): a round's states, its pass rule, and the tally."""

from __future__ import annotations

from dataclasses import dataclass

from db.core.vocabulary import Vocabulary


class RoundState(Vocabulary, labels="vote_state"):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


# A round moves one way only, each step by the congress office.
NEXT_STATE: dict[str, RoundState] = {
    RoundState.DRAFT: RoundState.OPEN,
    RoundState.OPEN: RoundState.CLOSED,
    RoundState.CLOSED: RoundState.PUBLISHED,
}


class ThresholdRule(Vocabulary, labels="vote_rule"):
    ELECTORATE_HALF = "electorate_half"  # 全体代表过半数
    BALLOTS_HALF = "ballots_half"  # of the ballots cast


@dataclass(frozen=True)
class TallyLine:
    candidate_id: int
    votes: int
    passed: bool  # more votes than the threshold
    elected: bool
    tied_at_cutoff: bool  # among candidates tied for the last place(s): a re-vote decides


@dataclass(frozen=True)
class Tally:
    lines: tuple[TallyLine, ...]  # most votes first; equal votes in candidate order
    threshold: float  # a candidate needs more votes than this
    elected: int
    unfilled: int  # places left open: too few passed, or a tie at the cut-off


# A round is said to fall short when no more than this share (percent) of its electorate voted:
# by default more than half must take part (DESIGN.md, turnout floor). The office may set
# another floor when it creates the round; it is frozen with the rules once the round opens.
DEFAULT_TURNOUT_FLOOR = 50
TURNOUT_FLOOR_RANGE = range(0, 100)  # "more than 100 %" could never be reached


def turnout_reached(cast: int, electorate: int, floor_percent: int) -> bool:
    """More than `floor_percent` % of the electorate cast a ballot; an empty electorate never reaches it."""
    return electorate > 0 and cast * 100 > electorate * floor_percent


def pass_threshold(rule: str, electorate: int, ballots: int) -> float:
    """More than half of the whole electorate (全体代表过半数), or of the ballots cast."""
    return (electorate if rule == "electorate_half" else ballots) / 2


def tally(votes: dict[int, int], places: int, threshold: float) -> Tally:
    """Rank candidates; elect the top `places` of those passing. Never break a tie silently."""
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    passing = [(c, v) for c, v in ranked if v > threshold]
    elected: set[int] = set()
    tied: set[int] = set()
    if len(passing) <= places:
        elected = {c for c, _ in passing}
    else:
        cutoff = passing[places - 1][1]
        above = {c for c, v in passing if v > cutoff}
        at_cutoff = {c for c, v in passing if v == cutoff}
        if len(above) + len(at_cutoff) == places:
            elected = above | at_cutoff
        else:
            elected, tied = above, at_cutoff
    lines = tuple(TallyLine(c, v, v > threshold, c in elected, c in tied) for c, v in ranked)
    return Tally(lines, threshold, len(elected), places - len(elected))


def valid_picks(payload: object, max_picks: int, candidates: set[int]) -> tuple[int, ...] | None:
    """The picks of an opened ballot if it keeps the round's rules, else None (counted as invalid).

    Casting checked them already; this is the count's own check, since a sealed ballot could
    have been written by something other than the app.
    """
    if not isinstance(payload, dict) or set(payload) != {"picks"} or not isinstance(payload["picks"], list):
        return None
    picks = payload["picks"]
    if any(type(pick) is not int for pick in picks) or len(set(picks)) != len(picks):
        return None
    if len(picks) > max_picks or not set(picks) <= candidates:
        return None
    return tuple(sorted(picks))


def recount(ballots: list[tuple[bool, tuple[int, ...]]]) -> dict[int, int]:
    """Votes per candidate from a published list of (valid, picks) ballots, as anyone may recount it."""
    votes: dict[int, int] = {}
    for valid, picks in ballots:
        if valid:
            for pick in picks:
                votes[pick] = votes.get(pick, 0) + 1
    return votes
