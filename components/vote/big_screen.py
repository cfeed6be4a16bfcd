"""The hall's projector: a kiosk page in type readable from the back of the hall (10 m at 1920×1080).

While the vote is open the turnout is a figure a fifth of the screen high with a thick bar (and
the floor marked on it); after publication the elected projects stand in order with their votes.
Sizes follow the screen's height (vh), with a floor in rem for small windows; every state refreshes
by itself, so the office opens it once on the projector and leaves it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st
from sqlalchemy.orm import Session

from components.shell import live, plain
from components.text import t
from components.vote.vote_view import LiveTurnout, live_turnout, still_open
from db.vote import voting
from db.vote.candidates import CandidateView
from db.vote.rules import RoundState
from db.vote.voting import RoundResult, RoundView

_STYLE = """<style>
.big-screen,.big-screen p,.big-screen li{font-size:max(3rem,4.6vh);line-height:1.25;color:#1a1a1a}
[data-testid='stHeading'] h1{font-size:max(3.4rem,6vh) !important;line-height:1.2;padding:0 0 1vh}
.big-screen .figure{font-size:max(10rem,22vh);font-weight:800;line-height:1;color:#b71c1c;
  font-variant-numeric:tabular-nums}
.big-screen .bar{position:relative;height:max(4rem,8vh);background:#e4e4e4;border-radius:1vh;margin:4vh 0 1vh}
.big-screen .bar .fill{height:100%;background:#b71c1c;border-radius:1vh}
.big-screen .bar .floor{position:absolute;top:-1.5vh;bottom:-1.5vh;border-left:.6vh solid #1a1a1a}
.big-screen p.floor-note{font-size:max(2rem,3.4vh);color:#333}
.big-screen ol{margin:1vh 0 0;padding:0;list-style:none}
.big-screen li{display:flex;gap:2vw;align-items:baseline;padding:.4vh 0;border-bottom:1px solid #ccc}
.big-screen .rank{min-width:1.6em;font-weight:700}
.big-screen .title{flex:1}
.big-screen .votes{color:#b71c1c !important;font-weight:700;font-variant-numeric:tabular-nums;white-space:nowrap}
[data-testid="stAlert"] p,[data-testid="stCaptionContainer"] p{font-size:max(2rem,3.4vh) !important;line-height:1.3}
</style>"""


def large_type() -> None:
    st.html(_STYLE)


def watch_rounds(shown: int | None) -> None:
    """Refreshes by itself: once a newer round opens (or the first one), the whole screen shows it."""
    live.monitor(_newest_round, lambda _: None, lasts=lambda newest: newest == shown)


def live_turnout_screen(round_id: int) -> None:
    """While the vote is open: ballots cast only, never counts per candidate."""
    live.monitor(lambda s: live_turnout(s, round_id), _turnout, lasts=still_open)


def waiting_for_results(round_id: int) -> None:
    """Between closing and publication: refreshes by itself, and shows the results once published."""
    live.monitor(
        lambda s: voting.round_view(s, round_id), _counting, lasts=lambda now: now.state != RoundState.PUBLISHED
    )


def published(voting_round: RoundView, result: RoundResult, candidates: Sequence[CandidateView]) -> None:
    """The elected projects in order with their votes, and how many voted."""
    titles = {c.id: c.title for c in candidates}
    elected = [line for line in result.tally.lines if line.elected]
    items = "".join(
        f"<li><span class='rank'>{rank}</span><span class='title'>{html.escape(titles[line.candidate_id])}</span>"
        f"<span class='votes'>{html.escape(t('vote.screen_votes', votes=line.votes))}</span></li>"
        for rank, line in enumerate(elected, start=1)
    )
    summary = t("vote.screen_summary", cast=result.ballots, electorate=result.electorate, elected=len(elected))
    st.title(plain.md("vote.screen_title", year=voting_round.year), anchor=False)
    st.html(f"<div class='big-screen'><p>{html.escape(summary)}</p><ol>{items}</ol></div>")


def _newest_round(session: Session) -> int | None:
    shown = [r.id for r in voting.rounds(session) if r.state != RoundState.DRAFT]
    return shown[0] if shown else None


def _turnout(seen: LiveTurnout) -> None:
    turnout, now = seen.turnout, seen.round
    share = turnout.share * 100
    floor = now.turnout_floor
    st.title(plain.md("vote.screen_live", year=now.year), anchor=False)
    st.html(
        f"<div class='big-screen'><div class='figure'>{share:.1f}%</div>"
        f"<p>{html.escape(t('vote.screen_turnout', cast=turnout.cast, electorate=turnout.electorate))}</p>"
        f"<div class='bar' role='progressbar' aria-label='{html.escape(t('vote.turnout'))}' aria-valuemin='0'"
        f" aria-valuemax='100' aria-valuenow='{share:.1f}'><div class='fill' style='width:{min(share, 100):.1f}%'>"
        f"</div><div class='floor' style='left:{floor}%'></div></div>"
        f"<p class='floor-note'>{html.escape(t('vote.screen_floor', floor=floor))}</p></div>"
    )


def _counting(now: RoundView) -> None:
    st.title(plain.md("vote.screen_counting", year=now.year), anchor=False)
