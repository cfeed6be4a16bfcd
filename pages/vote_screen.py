"""The hall's projector (kiosk: no menu or banner): live turnout while the vote is open, then the elected."""

import streamlit as st

from components.shell import guard
from components.text import t
from components.vote import big_screen, vote_view
from db.core.session import read_scope
from db.vote import voting
from db.vote.rules import RoundState

user = guard.require(__file__)
big_screen.large_type()

with read_scope() as s:
    rounds = [r for r in voting.rounds(s) if r.state != RoundState.DRAFT]
asked = st.query_params.get("round")
voting_round = next((r for r in rounds if str(r.id) == asked), rounds[0] if rounds else None)
if asked is None:  # the newest round: a later one opening takes the screen by itself
    big_screen.watch_rounds(voting_round.id if voting_round else None)
if voting_round is None:
    st.info(t("vote.no_round_yet"))
    st.stop()

if voting_round.state == RoundState.OPEN:
    big_screen.live_turnout_screen(voting_round.id)
elif voting_round.state != RoundState.PUBLISHED:  # the projector shows published results only
    big_screen.waiting_for_results(voting_round.id)
else:
    with read_scope() as s:
        result = voting.results(s, voting_round.id)
        candidates = voting.round_candidates(s, voting_round.id)
    big_screen.published(voting_round, result, candidates)
    vote_view.statements(result, candidates)
