"""Vote results (everyone, once published): votes, shares, who passed and was elected, receipts."""

import streamlit as st

from components.shell import download, guard, menu
from components.text import t
from components.vote import vote_view
from db.core.session import read_scope
from db.vote import voting
from db.vote.rules import RoundState

user = guard.require(__file__)
st.title(t("menu.vote_results"))

with read_scope() as s:
    shown = [r for r in voting.rounds(s) if vote_view.results_visible(r, user)]
if not shown:
    st.info(t("vote.no_results"))
    st.stop()

voting_round = vote_view.round_select(shown, key="results_round")
with read_scope() as s:
    result = voting.results(s, voting_round.id)
    candidates = voting.round_candidates(s, voting_round.id)
if voting_round.state == RoundState.CLOSED:
    st.warning(t("vote.closed_preview"), icon=":material/lock:")

vote_view.turnout_tiles(voting.Turnout(result.ballots, result.electorate))
vote_view.statements(result, candidates)
rows = vote_view.result_rows(result, candidates)
vote_view.results_table(rows)
vote_view.results_chart(voting_round, result, candidates)
download.table(
    "vote.export", rows, sheet=str(voting_round.year), file_name=f"vote-{voting_round.year}.xlsx", key="export_vote"
)
menu.link(
    "pages/vote_screen.py",
    label=t("menu.vote_screen"),
    icon=":material/tv:",
    query_params={"round": str(voting_round.id)},
)

if voting_round.state == RoundState.PUBLISHED:
    vote_view.receipt_check(voting_round)
    vote_view.published_list(voting_round, candidates)
