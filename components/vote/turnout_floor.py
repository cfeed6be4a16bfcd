"""The turnout floor on the office's screen: a live warning before closing, the figure closed at, a second
confirmation before publishing.

Kept apart from the closing and publishing buttons themselves so that a change to how a round is
closed (the tellers' shares) leaves these warnings as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.orm import Session

from components.shell import feedback, plain
from components.text import t
from db.vote import voting
from db.vote.voting import RoundResult, Turnout


@dataclass(frozen=True)
class AtClosing:
    """The turnout as the round closed, for the message that follows ("vote.closed")."""

    cast: int
    electorate: int
    share: float  # percent
    floor: int
    floor_note: str  # empty, or the words saying the floor was not passed


def figures(turnout: Turnout, floor: int) -> dict[str, object]:
    """The numbers every sentence about the floor names: ballots, electorate, share and floor."""
    return {"cast": turnout.cast, "electorate": turnout.electorate, "share": turnout.share * 100, "floor": floor}


def closing_warning(turnout: Turnout, floor: int) -> None:
    """Before closing: say the turnout and that it is below the floor (closing stays allowed)."""
    if not turnout.reaches(floor):
        st.warning(plain.md("vote.close_below_floor", **figures(turnout, floor)), icon=":material/warning:")


def close(change: Callable[[Session], object], round_id: int, floor: int) -> None:
    """Close the round (`change`), then say the turnout it closed at (see close_and_read)."""
    feedback.apply(lambda s: close_and_read(s, change, round_id, floor), "vote.closed")


def close_and_read(session: Session, change: Callable[[Session], object], round_id: int, floor: int) -> AtClosing:
    """Close the round (`change`, in this transaction), then read the turnout in the same transaction.

    The warning above the closing button is drawn before the office presses it (it refreshes every
    few seconds); a ballot may still arrive in between. Read here, after the round is closed and
    before the transaction ends, the figure is the one the round closed at: no ballot comes after it.
    """
    change(session)
    turnout = voting.turnout(session, round_id)
    note = "" if turnout.reaches(floor) else t("vote.closed_below_floor_note", floor=floor)
    return AtClosing(turnout.cast, turnout.electorate, turnout.share * 100, floor, note)


def publish_acknowledged(turnout: Turnout, floor: int, *, key: str) -> bool:
    """Below the floor, a second box naming the turnout must be ticked; True when publishing may go ahead."""
    if turnout.reaches(floor):
        return True
    st.error(plain.md("vote.publish_below_floor", **figures(turnout, floor)), icon=":material/warning:")
    return st.checkbox(plain.md("vote.publish_low_turnout_confirm", **figures(turnout, floor)), key=f"{key}_low")


def result_statement(result: RoundResult) -> None:
    """The results say so when the floor was not reached."""
    if not result.floor_reached:
        turnout = Turnout(result.ballots, result.electorate)
        st.warning(plain.md("vote.floor_not_reached", **figures(turnout, result.turnout_floor)))
