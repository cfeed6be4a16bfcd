"""The hall's projector: live turnout while the vote is open, then the published result in large type."""

import html

import streamlit as st

from components.shell import guard
from components.text import t
from components.vote import vote_view
from db.core.session import read_scope
from db.vote import voting
from db.vote.rules import RoundState

user = guard.require(__file__)
st.title(t("menu.vote_screen"))
# Large type for a projector; the sidebar stays collapsible as on every page.
st.html(
    "<style>.big-screen{font-size:2.4rem;line-height:1.5}.big-screen h1{font-size:3.4rem}"
    ".big-screen li{margin:.2rem 0}.big-screen .votes{color:#b71c1c;font-weight:700}</style>"
)

with read_scope() as s:
    rounds = [r for r in voting.rounds(s) if r.state != RoundState.DRAFT]
asked = st.query_params.get("round")
voting_round = next((r for r in rounds if str(r.id) == asked), rounds[0] if rounds else None)
if voting_round is None:
    st.info(t("vote.no_round_yet"))
    st.stop()


@st.fragment(run_every=5)
def live_turnout(round_id: int) -> None:
    """Refreshes by itself while the vote is open: ballots cast only, never counts per candidate."""
    with read_scope() as s:
        turnout, now = voting.turnout(s, round_id), voting.round_view(s, round_id)
    if now.state != RoundState.OPEN:
        st.rerun()  # closed meanwhile: show what the closed round shows
    share = turnout.share * 100
    st.html(
        f"<div class='big-screen'><h1>{html.escape(t('vote.screen_live', year=now.year))}</h1>"
        f"<p>{html.escape(t('vote.screen_turnout', cast=turnout.cast, electorate=turnout.electorate))}"
        f" · <span class='votes'>{share:.1f}%</span></p></div>"
    )
    st.progress(min(share / 100, 1.0))


@st.fragment(run_every=5)
def waiting_for_results(round_id: int) -> None:
    """Between closing and publication: refreshes by itself, and shows the results once published."""
    with read_scope() as s:
        now = voting.round_view(s, round_id)
    if now.state == RoundState.PUBLISHED:
        st.rerun()
    st.html(f"<div class='big-screen'><h1>{html.escape(t('vote.screen_counting', year=now.year))}</h1></div>")


if voting_round.state == RoundState.OPEN:
    live_turnout(voting_round.id)
elif voting_round.state != RoundState.PUBLISHED:  # the projector shows published results only
    waiting_for_results(voting_round.id)
else:
    with read_scope() as s:
        result = voting.results(s, voting_round.id)
        candidates = voting.round_candidates(s, voting_round.id)
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
    vote_view.statements(result, candidates)
