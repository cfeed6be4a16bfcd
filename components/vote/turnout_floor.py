"""The turnout floor on the office's screen: a warning before closing, a second confirmation before publishing.

Kept apart from the closing and publishing buttons themselves so that a change to how a round is
closed (the tellers' shares) leaves these warnings as they are.
"""

from __future__ import annotations

import streamlit as st

from components.shell import plain
from db.vote.voting import RoundResult, Turnout


def figures(turnout: Turnout, floor: int) -> dict[str, object]:
    """The numbers every sentence about the floor names: ballots, electorate, share and floor."""
    return {"cast": turnout.cast, "electorate": turnout.electorate, "share": turnout.share * 100, "floor": floor}


def closing_warning(turnout: Turnout, floor: int) -> None:
    """Before closing: say the turnout and that it is below the floor (closing stays allowed)."""
    if not turnout.reaches(floor):
        st.warning(plain.md("vote.close_below_floor", **figures(turnout, floor)), icon=":material/warning:")


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
