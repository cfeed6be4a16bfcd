"""The congress office's work on micro items (微实事): screening, assignment, rating on a deputy's behalf,
archiving, and the money settings. Each part draws its form and applies the change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components.micro import item_form as micro_form
from components.micro import item_view as micro_view
from components.micro import labels
from components.shell import feedback, plain
from components.text import t
from db.core.actors import Actor
from db.micro import items as micro_items
from db.micro import rules
from db.micro.item_reads import FundLine, ItemView
from db.micro.rules import Fund

DEFAULT_DEADLINE = timedelta(days=90)


def screening(user: Actor, items: list[ItemView], cap: float) -> None:
    item = micro_view.choose(items, key="screen_item")
    if item is None:
        return
    micro_view.details(user, item)
    if rules.micro_over_cap(item.estimated_cost, cap):
        st.warning(
            t("micro.over_cap", cost=labels.money(item.estimated_cost), cap=labels.money(cap)),
            icon=":material/warning:",
        )
    with st.form(f"screen_{item.id}"):
        accept = st.radio(
            t("micro.decision"),
            [True, False],
            horizontal=True,
            key=f"screen_accept_{item.id}",
            format_func=lambda a: t("micro.accept") if a else t("micro.decline"),
        )
        reason = st.text_area(t("micro.reason"), max_chars=2000, key=f"screen_reason_{item.id}")
        if st.form_submit_button(t("reference.save"), type="primary"):
            feedback.apply(lambda s: micro_items.screen(s, user, item.id, accept, reason), "micro.screened")


def assignment(
    user: Actor, items: list[ItemView], departments: dict[int, str], funds: Mapping[int, list[FundLine]], today: date
) -> None:
    """`funds` by year: an item draws on its division's fund of the year it was proposed in."""
    item = micro_view.choose(items, key="assign_item")
    if item is None:
        return
    micro_view.details(user, item)
    line = next((f for f in funds.get(item.year, []) if f.division_id == item.division_id), None)
    if line is not None and line.fund is not None:
        st.info(
            plain.md(
                "micro.fund_line",
                division=line.division,
                year=item.year,
                fund=labels.money(line.fund),
                committed=labels.money(line.committed),
                available=labels.money(line.available),
            )
        )
    else:
        st.info(plain.md("micro.fund_unset", division=item.division, year=item.year))
    with st.form(f"assign_{item.id}"):
        department = st.selectbox(
            t("micro.department"),
            list(departments),
            format_func=departments.__getitem__,
            index=None,
            placeholder=t("input.choose"),
            key=f"assign_department_{item.id}",
        )
        deadline = st.date_input(t("micro.deadline"), today + DEFAULT_DEADLINE, key=f"assign_deadline_{item.id}")
        fund = st.radio(
            t("micro.fund"), Fund.codes(), format_func=labels.fund, horizontal=True, key=f"assign_fund_{item.id}"
        )
        st.caption(plain.md("micro.fund_year_note", year=item.year, division=item.division))
        if st.form_submit_button(t("micro.assign"), type="primary"):
            feedback.apply(lambda s: micro_items.assign(s, user, item.id, department, deadline, fund), "micro.assigned")


def on_behalf(user: Actor, items: list[ItemView]) -> None:
    """A deputy who cannot use the app rates by telephone; the office records it, marked as on their behalf."""
    item = micro_view.choose(items, key="behalf_item")
    if item is None:
        return
    micro_view.details(user, item)
    st.caption(plain.md("micro.behalf_hint", deputy=item.deputy))
    given = micro_form.rating(item.id, key="behalf")
    if given is not None:
        feedback.apply(lambda s: micro_items.rate(s, user, item.id, *given), "micro.rated")


def archiving(user: Actor, items: list[ItemView]) -> None:
    item = micro_view.choose(items, key="archive_item")
    if item is None:
        return
    micro_view.details(user, item)
    if st.button(t("micro.archive"), key=f"archive_{item.id}", icon=":material/inventory_2:"):
        feedback.apply(lambda s: micro_items.archive(s, user, item.id), "micro.archived")


def money_settings(user: Actor, year: int, funds: list[FundLine], cap: float) -> None:
    """Each division's fund for the year (committed and available beside it), and the per-item cap."""
    table = [
        {
            t("micro.division"): f.division,
            t("micro.col_fund"): labels.money(f.fund),
            t("micro.col_committed"): labels.money(f.committed),
            t("micro.col_available"): labels.money(f.available),
        }
        for f in funds
    ]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    names = {f.division_id: f.division for f in funds}
    with st.form(f"fund_{year}"):
        division = st.selectbox(t("micro.division"), list(names), format_func=names.__getitem__, key="fund_division")
        amount = st.number_input(plain.md("micro.fund_amount", year=year), value=None, step=10.0, key="fund_amount")
        if st.form_submit_button(t("micro.set_fund"), type="primary"):
            feedback.apply(lambda s: micro_items.set_fund(s, user, year, division, amount), "reference.saved")
    with st.form("cost_cap"):
        new_cap = st.number_input(t("micro.cost_cap"), value=cap, step=5.0, key="cost_cap_value")
        if st.form_submit_button(t("micro.set_cap")):
            feedback.apply(lambda s: micro_items.set_cost_cap(s, user, new_cap), "reference.saved")
