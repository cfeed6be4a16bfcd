"""The office's vote-round screen: the round's rules, and the turnout while it is open."""

from __future__ import annotations

import streamlit as st

from components.shell import live
from components.text import label, t
from components.vote import tellers, turnout_floor, vote_view
from components.vote.vote_view import LiveTurnout
from db.vote import voting
from db.vote.rules import ThresholdRule


def rules_form(key: str, places: int, max_picks: int, rule: str, floor: int) -> tuple[int, int, str, int, bool]:
    """Places, picks per ballot, the pass rule and the turnout floor; returns them and whether it was sent."""
    with st.form(key):
        new_places = st.number_input(t("vote.places"), 1, 50, places, key=f"{key}_places")
        new_picks = st.number_input(t("vote.max_picks"), 1, 50, max_picks, key=f"{key}_picks")
        new_rule = st.radio(
            t("vote.rule"),
            list(ThresholdRule.codes()),
            index=list(ThresholdRule.codes()).index(rule),
            format_func=lambda r: label(ThresholdRule, r),
            key=f"{key}_rule",
        )
        new_floor = st.number_input(t("vote.turnout_floor"), 0, 99, floor, key=f"{key}_floor")
        sent = st.form_submit_button(t("reference.save"), type="primary")
    return int(new_places), int(new_picks), new_rule, int(new_floor), sent


def turnout_monitor(round_id: int) -> None:
    """Refreshes by itself: ballots cast against the electorate, never counts per candidate."""
    live.monitor(lambda s: vote_view.live_turnout(s, round_id), _turnout_panel, lasts=vote_view.still_open)


def closing_warning(round_id: int, floor: int) -> None:
    """Above the closing button: below the floor, the turnout as it is now, read again every few seconds.

    Read once at page load it went stale while the office waited for the last ballots; the figure
    the round actually closed at is said after closing (turnout_floor.close_and_read).
    """
    live.monitor(
        lambda s: vote_view.live_turnout(s, round_id),
        lambda seen: turnout_floor.closing_warning(seen.turnout, floor),
        lasts=vote_view.still_open,
    )


def _turnout_panel(seen: LiveTurnout) -> None:
    vote_view.turnout_tiles(seen.turnout)
    st.progress(seen.turnout.share)
    st.caption(t("vote.monitor_note"))


def scrub_pending() -> None:
    """The vote's scrub after closing, retried on each visit and shown pending until done (components.vote.tellers)."""
    tellers.scrub_pending(
        voting.scrub_pending_rounds, voting.scrub_after_closing, voting.mark_scrubbed, "vote.scrub_pending"
    )
