"""Reference data (admin): divisions and their delegations, departments, and the years."""

import pandas as pd
import streamlit as st

from components.shell import feedback, guard, pick
from components.text import label, t
from db.core import clock
from db.core.session import read_scope
from db.system import reference
from db.vote.rules import ThresholdRule

user = guard.require(__file__)
st.title(t("menu.reference_data"))

with read_scope() as s:
    divisions = {d.id: d for d in reference.divisions(s)}
    departments = {d.id: d for d in reference.departments(s)}
    years = reference.years(s)

division_tab, department_tab, year_tab = st.tabs(
    [t("reference.divisions"), t("reference.departments"), t("reference.years")], key="reference_tab", on_change="rerun"
)

with division_tab:
    st.dataframe(
        pd.DataFrame(
            {
                t("reference.name"): [d.name for d in divisions.values()],
                t("reference.sort_order"): [d.sort_order for d in divisions.values()],
            }
        ),
        hide_index=True,
    )
    # Widget keys carry the record's id, or switching records would keep the old values.
    division_id = pick.existing_or_new({i: d.name for i, d in divisions.items()}, key="division")
    division = divisions.get(division_id) if division_id else None
    with st.form(f"division_{division_id}"):
        name = st.text_input(t("reference.name"), division.name if division else "", key=f"division_name_{division_id}")
        order = st.number_input(
            t("reference.sort_order"),
            0,
            99,
            division.sort_order if division else len(divisions),
            key=f"division_order_{division_id}",
        )
        if st.form_submit_button(t("reference.save"), type="primary"):
            feedback.apply(
                lambda s: reference.save_division(s, user, division_id, name, int(order)),
                "reference.saved",
            )

with department_tab:
    st.dataframe(
        pd.DataFrame(
            {
                t("reference.code"): [d.code for d in departments.values()],
                t("reference.name"): [d.name for d in departments.values()],
                t("reference.active"): [d.active for d in departments.values()],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    department_id = pick.existing_or_new({i: d.name for i, d in departments.items()}, key="department")
    department = departments.get(department_id) if department_id else None
    with st.form(f"department_{department_id}"):
        name = st.text_input(
            t("reference.name"), department.name if department else "", key=f"department_name_{department_id}"
        )
        code = st.text_input(
            t("reference.code"),
            department.code if department else "",
            key=f"department_code_{department_id}",
            help=t("reference.code_help"),
        )
        active = st.checkbox(
            t("reference.active"), department.active if department else True, key=f"department_active_{department_id}"
        )
        if st.form_submit_button(t("reference.save"), type="primary"):
            feedback.apply(
                lambda s: reference.save_department(s, user, department_id, name, code, active),
                "reference.saved",
            )

with year_tab:
    st.dataframe(
        pd.DataFrame(
            {
                t("reference.year"): [str(y.year) for y in years],
                t("reference.session_name"): [y.session_name for y in years],
                t("reference.places"): [y.places for y in years],
                t("vote.rule"): [label(ThresholdRule, y.threshold_rule) for y in years],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    by_year = {y.year: y for y in years}
    chosen_year = pick.existing_or_new({y: str(y) for y in by_year}, key="year_pick")
    shown = by_year.get(chosen_year) if chosen_year else None
    with st.form(f"year_{chosen_year}"):
        next_year = max(by_year, default=clock.today().year - 1) + 1
        number = st.number_input(
            t("reference.year"),
            reference.FIRST_YEAR,
            reference.LAST_YEAR,
            shown.year if shown else next_year,
            disabled=shown is not None,
            key=f"year_number_{chosen_year}",
        )
        session_name = st.text_input(
            t("reference.session_name"),
            shown.session_name if shown else "",
            max_chars=60,
            key=f"year_session_{chosen_year}",
        )
        places = st.number_input(
            t("reference.places"), 1, 50, shown.places if shown else 10, key=f"year_places_{chosen_year}"
        )
        rules = list(ThresholdRule.codes())
        rule = st.radio(
            t("vote.rule"),
            rules,
            index=rules.index(shown.threshold_rule) if shown else 0,
            format_func=lambda r: label(ThresholdRule, r),
            key=f"year_rule_{chosen_year}",
        )
        if st.form_submit_button(t("reference.save"), type="primary"):
            feedback.apply(
                lambda s: reference.save_year(s, user, int(number), session_name, int(places), rule, new=not shown),
                "reference.saved",
                then=lambda saved: pick.choose_after_rerun("year_pick", saved),
            )
