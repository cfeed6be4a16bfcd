"""The tellers (监票人/计票人) on the office's screens: naming them before opening, their shares shown
once after, their shares entered to close and count, and the scrub after closing (the vote's and the survey's).

The shares live in this browser session only, from the opening until the clerk says they were
handed out; they are never stored (db.secret_ballot.tellers).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from components.shell import download, feedback, plain
from components.text import t
from db.core.session import read_scope
from db.core.settings import load as load_settings
from db.secret_ballot import tellers
from db.secret_ballot.tellers import RoundKeyRecord

_SHARES = "tellers_shares"  # (title key, demo, threshold, [(name, code)]) until handed out


def naming_form(key: str, *, demo: bool, submit_key: str = "vote.open") -> tuple[int, list[str], bool]:
    """Tellers' names and how many shares the count needs, with the warning; (threshold, names, sent)."""
    st.header(t("tellers.title"))
    st.caption(t("tellers.explain"))
    st.warning(t("tellers.warning"), icon=":material/key:")
    if demo:
        st.caption(t("tellers.demo_note"))
    lowest = 1 if demo else 2
    with st.form(key):
        names = st.text_area(t("tellers.names"), key=f"{key}_names", height=110)
        threshold = st.number_input(
            t("tellers.threshold"),
            min_value=lowest,
            max_value=tellers.MAX_TELLERS,
            value=tellers.DEFAULT_THRESHOLD,
            key=f"{key}_threshold",
        )
        sent = st.form_submit_button(t(submit_key), type="primary")
    return int(threshold), [line.strip() for line in names.splitlines() if line.strip()], sent


def remember_shares(title_key: str, record: RoundKeyRecord, shares: list[tuple[str, str]]) -> None:
    """Keep the fresh shares in this browser session until they are handed out (called once the round opened)."""
    st.session_state[_SHARES] = (title_key, record.demo, record.threshold, shares)


def shares_shown() -> bool:
    """The shares just made, each with a printable sheet; True if there were some to show."""
    kept = st.session_state.get(_SHARES)
    if kept is None:
        return False
    title_key, demo, threshold, shares = kept
    st.header(t("tellers.demo_shares") if demo else t("tellers.shares_title"))
    st.warning(t("tellers.shares_once"), icon=":material/visibility:")
    for number, (name, code) in enumerate(shares, start=1):
        st.write(plain.md("tellers.share_of", name=name))
        st.code(code, language=None)
        sheet = t("tellers.sheet", title=t(title_key), name=name, code=code, needed=threshold, tellers=len(shares))
        download.attachment(
            "tellers.print",
            sheet.encode("utf-8"),
            name=f"{number}-{name}.txt",
            mime="text/plain",
            key=f"print_{number}",
        )
    st.button(t("tellers.handed_out"), key="tellers_handed_out", on_click=st.session_state.pop, args=(_SHARES, None))
    return True


def demo_shares(record: RoundKeyRecord) -> None:
    """A demo round's shares, kept in its record so the office can close it: labelled as demo (demo mode only)."""
    if not (record.demo and record.demo_shares and load_settings().demo_mode):
        return
    st.caption(t("tellers.demo_shares"))
    for name, code in zip(record.tellers, record.demo_shares, strict=True):
        st.write(plain.md("tellers.share_of", name=name))
        st.code(code, language=None)


def scrub_pending(
    pending: Callable[[Session], list[int]],
    scrub: Callable[[], bool],
    mark: Callable[[Session, list[int]], None],
    key: str,
) -> None:
    """Clear what closed rounds left in storage; say so (`key`) while a reader keeps it from finishing.

    Tried on every visit of the office's page until it runs to the end (db.secret_ballot.rows.scrub):
    the office is never told the scrub is done when it is not.
    """
    with read_scope() as s:
        rounds = pending(s)
    if not rounds:
        return
    if scrub():
        feedback.write(lambda s: mark(s, rounds))
    else:
        st.warning(t(key), icon=":material/hourglass_top:")


def entry_form(key: str, record: RoundKeyRecord, submit_key: str) -> tuple[list[str], bool]:
    """One box per share the count needs; (codes as typed, sent)."""
    st.header(t("tellers.title"))
    st.info(
        plain.md(
            "tellers.entry_help", needed=record.threshold, tellers=len(record.tellers), names="、".join(record.tellers)
        )
    )
    with st.form(key):
        codes = [
            st.text_input(plain.md("tellers.entry", number=n), key=f"{key}_{n}", max_chars=60)
            for n in range(1, record.threshold + 1)
        ]
        sent = st.form_submit_button(t(submit_key), type="primary")
    return codes, sent
