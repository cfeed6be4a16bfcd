"""How a vote looks: rounds to choose from, the turnout, results with their statements, export."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import streamlit as st
from sqlalchemy.orm import Session

from components.projects import charts
from components.shell import cached, chart_view, download, plain, tables
from components.text import label, t
from components.vote import chart_sentences, turnout_floor
from db.core.actors import Actor
from db.core.session import read_scope
from db.system import reference
from db.system.reference import YearView
from db.vote import voting
from db.vote.candidates import CandidateView
from db.vote.rules import RoundState, TallyLine
from db.vote.voting import RoundResult, RoundView, Turnout


def vote_year(*, key: str) -> YearView:
    """Choose the year whose vote to prepare: newest first, since that is next year's vote."""
    with read_scope() as s:
        years = reference.years(s)
    if not years:
        st.info(t("vote.no_years"))
        st.stop()
    by_year = {y.year: y for y in years}
    return by_year[st.selectbox(t("progress.year"), list(by_year), key=key)]


def results_visible(voting_round: RoundView, actor: Actor) -> bool:
    """Published results are everyone's; the office checks a closed round's count before publishing."""
    return voting_round.state == RoundState.PUBLISHED or (
        voting_round.state == RoundState.CLOSED and actor.is_office_staff
    )


def round_select(rounds: Sequence[RoundView], *, key: str) -> RoundView:
    labels = {r.id: t("vote.round_label", year=r.year, state=label(RoundState, r.state)) for r in rounds}
    chosen = st.selectbox(t("vote.round"), list(labels), format_func=labels.__getitem__, key=key)
    return next(r for r in rounds if r.id == chosen)


class LiveTurnout(NamedTuple):
    """What the turnout monitors show: ballots cast against the electorate, never counts per candidate."""

    turnout: Turnout
    round: RoundView


def live_turnout(session: Session, round_id: int) -> LiveTurnout:
    return LiveTurnout(voting.turnout(session, round_id), voting.round_view(session, round_id))


def still_open(live: LiveTurnout) -> bool:
    """False once the round is closed (from another session, say): the page then shows what follows."""
    return live.round.state == RoundState.OPEN


def turnout_tiles(turnout: Turnout) -> None:
    share = turnout.share * 100
    cast, electorate, rate = st.columns(3)
    cast.metric(t("vote.ballots_cast"), turnout.cast)
    electorate.metric(t("vote.electorate"), turnout.electorate)
    rate.metric(t("vote.turnout"), f"{share:.1f}%")


def statements(result: RoundResult, candidates: Sequence[CandidateView]) -> None:
    """Ties at the cut-off and unfilled places are said out loud, never settled silently."""
    titles = {c.id: c.title for c in candidates}
    tied = [titles[line.candidate_id] for line in result.tally.lines if line.tied_at_cutoff]
    if tied:
        st.error(plain.md("vote.tie_statement", titles="、".join(tied)), icon=":material/balance:")
    if result.tally.unfilled and not tied:
        st.warning(plain.md("vote.unfilled_statement", unfilled=result.tally.unfilled))
    if result.invalid:
        st.warning(plain.md("vote.invalid_statement", invalid=result.invalid))
    st.caption(plain.md("vote.threshold_statement", threshold=result.tally.threshold, elected=result.tally.elected))
    turnout_floor.result_statement(result)


def result_rows(result: RoundResult, candidates: Sequence[CandidateView]) -> list[dict[str, object]]:
    """One row per candidate, most votes first, headers in the interface language (screen and Excel)."""
    by_id = {c.id: c for c in candidates}
    yes, no = t("vote.yes"), t("vote.no")
    return [
        {
            t("vote.col_rank"): rank,
            t("vote.col_title"): by_id[line.candidate_id].title,
            t("vote.col_department"): by_id[line.candidate_id].lead_department,
            t("vote.col_votes"): line.votes,
            t("vote.col_share"): round(line.votes / result.electorate * 100, 1) if result.electorate else 0.0,
            t("vote.col_passed"): yes if line.passed else no,
            t("vote.col_elected"): t("vote.tied") if line.tied_at_cutoff else (yes if line.elected else no),
        }
        for rank, line in enumerate(result.tally.lines, start=1)
    ]


def results_chart(voting_round: RoundView, result: RoundResult, candidates: Sequence[CandidateView]) -> None:
    titles = {c.id: c.title for c in candidates}
    labels = {
        "votes": t("vote.col_votes"),
        "elected": t("vote.outcome_elected"),
        "tied": t("vote.tied"),
        "passed": t("vote.outcome_passed"),
        "failed": t("vote.outcome_failed"),
    }

    def outcome(line: TallyLine) -> str:
        key = "elected" if line.elected else "tied" if line.tied_at_cutoff else "passed" if line.passed else "failed"
        return labels[key]

    # The rank keeps bars apart when two long titles start alike.
    rows = [
        (f"{rank}. {titles[line.candidate_id]}", line.votes, outcome(line))
        for rank, line in enumerate(result.tally.lines, start=1)
    ]
    # Counts cannot change once a round is closed: the key needs no more than the round's state.
    chart = cached.chart(
        ("vote", voting_round.id, voting_round.state), lambda: charts.vote_results(rows, result.tally.threshold, labels)
    )
    chart_view.draw(chart, summary=chart_sentences.results(result.tally, titles))


def results_table(rows: list[dict[str, object]]) -> None:
    share = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f%%")
    first = [t(k) for k in ("vote.col_rank", "vote.col_title", "vote.col_elected", "vote.col_votes", "vote.col_share")]
    tables.show(rows, first=first, long=[t("vote.col_title")], config={t("vote.col_share"): share})


def receipt_check(voting_round: RoundView) -> None:
    """Anyone signed in: was the ballot with this receipt counted? Never what it held (it cannot be sold)."""
    st.header(t("vote.verify_title"))
    st.caption(t("vote.verify_help"))
    with st.form(f"verify_{voting_round.id}"):
        code = st.text_input(t("vote.receipt_code"), max_chars=20, key=f"receipt_{voting_round.id}")
        checked = st.form_submit_button(t("vote.verify"))
    if not checked or not code.strip():
        return
    with read_scope() as s:
        counted = voting.verify_receipt(s, voting_round.id, code)
    if counted:
        st.success(t("vote.receipt_found"))
    else:
        st.error(t("vote.receipt_unknown"))


def published_list(voting_round: RoundView, candidates: Sequence[CandidateView]) -> None:
    """Anyone signed in: every anonymous ballot and every receipt code, to recount at home."""
    st.header(t("vote.published_list"))
    st.caption(t("vote.published_list_help"))
    with read_scope() as s:
        published = voting.published_ballots(s, voting_round.id)
    numbers = {c.id: n for n, c in enumerate(candidates, start=1)}
    titles = {c.id: c.title for c in candidates}
    yes, no = t("vote.yes"), t("vote.no")
    ballots = [
        {
            t("vote.col_ballot"): ballot_id,
            t("vote.col_valid"): yes if valid else no,
            t("vote.col_picks"): "；".join(f"{numbers[c]}. {titles[c]}" for c in picks),
        }
        for ballot_id, valid, picks in published.ballots
    ]
    trackers = [{t("vote.col_tracker"): code} for code in published.trackers]
    year = voting_round.year
    left, right = st.columns(2)
    with left:
        download.table(
            "vote.download_ballots", ballots, sheet=str(year), file_name=f"ballots-{year}.xlsx", key="ballots_list"
        )
    with right:
        download.table(
            "vote.download_trackers", trackers, sheet=str(year), file_name=f"receipts-{year}.xlsx", key="tracker_list"
        )
