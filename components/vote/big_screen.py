"""The hall's projector in large type: the live turnout, the wait for the count, the published result."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from components.shell import live
from components.text import t
from components.vote import vote_view
from components.vote.vote_view import LiveTurnout
from db.vote import voting
from db.vote.candidates import CandidateView
from db.vote.rules import RoundState
from db.vote.voting import RoundResult, RoundView

_STYLE = (
    "<style>.big-screen{font-size:2.4rem;line-height:1.5}.big-screen h1{font-size:3.4rem}"
    ".big-screen li{margin:.2rem 0}.big-screen .votes{color:#b71c1c;font-weight:700}</style>"
)


def large_type() -> None:
    """Large type for a projector; the sidebar stays collapsible as on every page."""
    st.html(_STYLE)


def live_turnout(round_id: int) -> None:
    """Refreshes by itself while the vote is open: ballots cast only, never counts per candidate."""
    live.monitor(lambda s: vote_view.live_turnout(s, round_id), _turnout, lasts=vote_view.still_open)


def waiting_for_results(round_id: int) -> None:
    """Between closing and publication: refreshes by itself, and shows the results once published."""
    live.monitor(
        lambda s: voting.round_view(s, round_id), _counting, lasts=lambda now: now.state != RoundState.PUBLISHED
    )


def published(voting_round: RoundView, result: RoundResult, candidates: Sequence[CandidateView]) -> None:
    """The elected projects with their votes, and how many voted."""
    titles = {c.id: c.title for c in candidates}
    elected = [line for line in result.tally.lines if line.elected]
    items = "".join(
        f"<li>{html.escape(titles[line.candidate_id])} <span class='votes'>{line.votes}</span></li>" for line in elected
    )
    summary = t("vote.screen_summary", cast=result.ballots, electorate=result.electorate, elected=len(elected))
    st.html(
        f"<div class='big-screen'><h1>{html.escape(t('vote.screen_title', year=voting_round.year))}</h1>"
        f"<p>{html.escape(summary)}</p><ol>{items}</ol></div>"
    )


def _turnout(seen: LiveTurnout) -> None:
    turnout, now = seen.turnout, seen.round
    share = turnout.share * 100
    st.html(
        f"<div class='big-screen'><h1>{html.escape(t('vote.screen_live', year=now.year))}</h1>"
        f"<p>{html.escape(t('vote.screen_turnout', cast=turnout.cast, electorate=turnout.electorate))}"
        f" · <span class='votes'>{share:.1f}%</span></p></div>"
    )
    st.progress(min(share / 100, 1.0))


def _counting(now: RoundView) -> None:
    st.html(f"<div class='big-screen'><h1>{html.escape(t('vote.screen_counting', year=now.year))}</h1></div>")
