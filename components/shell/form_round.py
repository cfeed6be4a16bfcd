"""A form's key that changes after each successful save, so the browser shows the next form empty.

Streamlit keeps a form's widget values in the browser under the widgets' keys; emptying the stored
values is not enough. Round 0 keeps the plain key; each success moves to the next round. A refusal
leaves the round as it is, so everything typed stays.
"""

from __future__ import annotations

import streamlit as st


def key(base: str) -> str:
    """The form's key for this round (the plain key until the first success)."""
    done = st.session_state.get(_counter(base), 0)
    return base if done == 0 else f"{base}_r{done}"


def bump(base: str) -> None:
    """After a success only: the next run draws the form anew, empty."""
    st.session_state[_counter(base)] = st.session_state.get(_counter(base), 0) + 1


def _counter(base: str) -> str:
    return f"form_round_{base}"
