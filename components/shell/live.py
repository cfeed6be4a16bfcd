"""A part of a screen that draws itself anew every few seconds, for as long as what it shows lasts.

The vote's turnout, the survey's responses and the hall's projector watch a round that another
session (the office's) may close at any moment: they read it again every few seconds, and once
the round has moved on, the whole page runs again to show what the new state shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from db.core.session import read_scope

REFRESH_SECONDS = 5
T = TypeVar("T")


@st.fragment(run_every=REFRESH_SECONDS)
def monitor(read: Callable[[Session], T], draw: Callable[[T], None], *, lasts: Callable[[T], bool]) -> None:
    """Draw what `read` finds, now and every few seconds; rerun the whole page once `lasts` no longer holds."""
    with read_scope() as session:
        seen = read(session)
    if not lasts(seen):
        st.rerun()
    draw(seen)
