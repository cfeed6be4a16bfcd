"""Micro wishes on screen: labels, tables, the recording form and the form to act on one wish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from components.micro import chart_sentences, wish_charts
from components.shell import cached, chart_view, plain
from components.text import label as code_label
from components.text import t
from db.core import clock
from db.micro import wish_rules
from db.micro.wish_rules import WishAction, WishCategory, WishState
from db.micro.wishes import WishCount, WishEntry, WishView

DONE_KEYS: dict[str, str] = {  # the success message of each action
    WishAction.CLAIM: "wish.claimed_ok",
    WishAction.NOTE: "wish.done_note",
    WishAction.FULFIL: "wish.done_fulfil",
    WishAction.GIVE_UP: "wish.done_unfulfillable",
    WishAction.RELEASE: "wish.done_release",
    WishAction.WITHDRAW: "wish.done_withdraw",
}


@dataclass(frozen=True)
class Act:
    action: str
    text: str
    on: date | None  # the day it was fulfilled (asked for 已实现 only)


def rows(wishes: list[WishView], *, resident: bool, deputy: bool = True) -> list[dict[str, object]]:
    """One line per wish, headers in the interface language (screen and Excel); the name only if allowed."""
    table = []
    for w in wishes:
        row: dict[str, object] = {t("wish.col_id"): w.id, t("wish.col_wish"): w.wish}
        if resident:
            row[t("wish.col_resident")] = w.resident or "—"
        row |= {
            t("wish.col_division"): w.division,
            t("wish.col_category"): code_label(WishCategory, w.category),
            t("wish.col_value"): w.estimated_value,
            t("wish.col_recorded"): w.recorded_on.isoformat(),
        }
        if deputy:
            row |= {
                t("wish.col_state"): code_label(WishState, w.state),
                t("wish.col_deputy"): f"{w.deputy}（{w.delegation}）" if w.deputy else "",
                t("wish.col_outcome"): w.outcome,
                t("wish.col_closed"): w.closed_on.isoformat() if w.closed_on else "",
            }
        table.append(row)
    return table


def counts(rows: list[WishCount], *, group: str, key: str, collected: bool = True) -> None:
    """The counts per division (or delegation) as a chart and a table."""
    if not rows:
        st.info(t("wish.no_counts"))
        return
    labels = {
        "collected": t("wish.collected"),
        "claimed": t("wish.claimed"),
        "fulfilled": t("wish.fulfilled"),
        "count": t("wish.count"),
    }
    chart = cached.chart(("wishes", key), lambda: wish_charts.wish_counts(rows, labels, collected=collected))
    chart_view.draw(chart, summary=chart_sentences.wishes(rows, collected=collected))
    measures = [m for m in wish_charts.MEASURES if collected or m != "collected"]
    table = [{group: r.label, **{labels[m]: getattr(r, m) for m in measures}} for r in rows]
    st.dataframe(pd.DataFrame(table), hide_index=True)


def label(wish: WishView) -> str:
    return f"{wish.division} · {wish.wish[:30]}"  # no id: people know a wish by place and words


def history(wish: WishView) -> None:
    for note in wish.notes:
        st.caption(
            f"{clock.local(note.at):%Y-%m-%d %H:%M} · {plain.escape(note.author)}"
            f" · {code_label(WishAction, note.action)}{' · ' + plain.escape(note.text) if note.text else ''}"
        )


def record_form(divisions: dict[int, str], *, key: str) -> WishEntry | None:
    """What a liaison station writes down; None until submitted. The service checks every field."""
    with st.form(key, clear_on_submit=False):
        wish = st.text_area(t("wish.col_wish"), max_chars=500, placeholder=t("wish.wish_hint"), key=f"{key}_wish")
        resident = st.text_input(
            t("wish.col_resident"), max_chars=40, help=t("wish.resident_help"), key=f"{key}_resident"
        )
        left, middle, right = st.columns(3)
        division_id = left.selectbox(
            t("wish.col_division"),
            list(divisions),
            format_func=divisions.__getitem__,
            index=None,
            placeholder=t("input.choose"),
            key=f"{key}_division",
        )
        category = middle.selectbox(
            t("wish.col_category"),
            list(WishCategory.codes()),
            key=f"{key}_category",
            format_func=lambda c: code_label(WishCategory, c),
        )
        value = right.number_input(
            t("wish.col_value"),
            value=None,
            step=50,
            key=f"{key}_value",
            help=plain.md("wish.value_help", max=wish_rules.WISH_VALUE_MAX),
        )
        if st.form_submit_button(t("wish.record"), type="primary"):
            return WishEntry(wish, resident, division_id, category, value)
    return None


def act_form(wish: WishView, actions: list[str], *, key: str) -> Act | None:
    """The actions this person may take on the wish; None until submitted.

    Keys carry the state and the form's round (components.form_round): after an action the next starts
    empty; a refused one keeps what was typed.
    """
    # The action sits outside the form: choosing it redraws the form, with the date for 已实现 only.
    action = st.radio(
        t("wish.action"),
        actions,
        format_func=lambda a: code_label(WishAction, a),
        key=f"{key}_action_{wish.id}",
        horizontal=True,
    )
    with st.form(f"{key}_{wish.id}"):
        text = st.text_area(
            t("wish.act_text"), max_chars=2000, help=t("wish.act_text_help"), key=f"{key}_text_{wish.id}_{wish.state}"
        )
        on = None
        if action == WishAction.FULFIL:
            on = st.date_input(
                t("wish.fulfilled_on"),
                clock.today(),
                max_value=clock.today(),
                key=f"{key}_on_{wish.id}_{wish.state}",
                help=t("wish.fulfilled_on_help"),
            )
        if st.form_submit_button(t("reference.save"), type="primary"):
            return Act(action, text, on)
    return None
