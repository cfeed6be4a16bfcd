"""The tellers (监票人/计票人) on the office's screens: naming them before opening, their shares shown
once after, and their shares entered to close and count (written for the vote; the survey can reuse it).

The shares live in this browser session only, from the opening until the clerk says they were
handed out; they are never stored (db.secret_ballot.tellers).
"""

from __future__ import annotations

import streamlit as st

from components.shell import download, plain
from components.text import t
from db.secret_ballot import tellers
from db.secret_ballot.tellers import RoundKeyRecord

_SHARES = "tellers_shares"  # (title key, demo, threshold, [(name, code)]) until handed out


def naming_form(key: str, *, demo: bool) -> tuple[int, list[str], bool]:
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
        sent = st.form_submit_button(t("vote.open"), type="primary")
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
