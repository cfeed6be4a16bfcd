"""Rectification ledger (整改台账): every problem found, until verified; a department sees its own."""

import streamlit as st

from components.oversight import labels, ledger_view
from components.oversight.problem_text import problem_text
from components.shell import cached, download, feedback, guard, menu, plain
from components.text import label, t
from db.core import clock
from db.core.actors import Role
from db.core.session import read_scope
from db.oversight import rectification
from db.oversight.rectification import LedgerFilter
from db.oversight.rules import RectificationState, Source
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.rectification"))
today = clock.today()

with read_scope() as s:
    years = [y.year for y in reference.years(s)]
    departments = {d.id: d.name for d in reference.departments(s)}

# A department's staff see their own department's items: their to-do list, overdue first.
own_department = None if user.is_office_staff or user.role == Role.LEADER else user.department_id
year_col, department_col, state_col = st.columns(3)
year = year_col.selectbox(
    t("progress.year"),
    [None, *years],
    format_func=lambda y: t("rectification.all") if y is None else str(y),
    key="ledger_year",
)
department_id = own_department or department_col.selectbox(
    t("rectification.col_department"),
    [None, *departments],
    key="ledger_department",
    format_func=lambda d: t("rectification.all") if d is None else departments[d],
)
state_names = {s.value: label(RectificationState, s) for s in RectificationState}
states = state_col.multiselect(
    t("rectification.col_state"),
    list(state_names),
    format_func=state_names.__getitem__,
    placeholder=t("rectification.all"),
    key="ledger_states",
)
overdue_only = st.checkbox(t("rectification.overdue_only"), key="ledger_overdue")

with read_scope() as s:
    items = rectification.ledger(s, user, LedgerFilter(year, department_id, tuple(states), overdue_only), today)

shown, overdue = st.columns(2)
shown.metric(t("rectification.shown"), len(items))
overdue.metric(t("rectification.overdue"), sum(i.overdue for i in items))

table = ledger_view.rows(items, state_names)
ledger_view.table(table)
download.table("vote.export", table, sheet="整改台账", file_name="rectification-ledger.xlsx", key="export_ledger")

if items:
    st.header(t("rectification.work_on"))
    by_id = {i.id: i for i in items}
    item_labels = {i.id: f"{'⚠️ ' if i.overdue else ''}{i.project} · {problem_text(i)[:30]}" for i in items}
    chosen = by_id[
        st.selectbox(t("rectification.item"), list(item_labels), format_func=item_labels.__getitem__, key="ledger_item")
    ]
    plain.text(problem_text(chosen))
    if chosen.source_kind in labels.SOURCE_PAGES:  # where the problem was found
        menu.link(
            labels.SOURCE_PAGES[chosen.source_kind],
            label=t(Source(chosen.source_kind).label_key),
            icon=":material/link:",
        )
    st.caption(
        plain.md(
            "rectification.facts",
            department=chosen.department,
            deadline=chosen.deadline.isoformat(),
            state=state_names[chosen.state],
        )
    )
    for entry in chosen.notes:
        st.caption(
            f"{clock.local(entry.at):%Y-%m-%d %H:%M} · {plain.escape(entry.author)} → {state_names[entry.state_after]}"
            f"{' · ' + plain.escape(entry.text) if entry.text else ''}"
        )
    moves = rectification.moves_for(user, chosen)
    if moves:
        # Keys carry the state: after a move the next one starts with an empty note, while a
        # refused move (state unchanged) keeps what was typed.
        with st.form(f"move_{chosen.id}"):
            target = st.radio(
                t("rectification.move_to"), moves, format_func=state_names.__getitem__, key=f"move_target_{chosen.id}"
            )
            note = st.text_area(t("rectification.note"), max_chars=2000, key=f"move_note_{chosen.id}_{chosen.state}")
            evidence = st.text_area(
                t("rectification.evidence"),
                chosen.evidence,
                max_chars=2000,
                key=f"move_evidence_{chosen.id}_{chosen.state}",
            )
            if st.form_submit_button(t("reference.save"), type="primary"):
                item_id = chosen.id
                feedback.apply(
                    lambda s: rectification.move(s, user, item_id, target, note, evidence), "reference.saved"
                )

if user.is_office_staff:
    with st.expander(t("rectification.new")):
        new_year = st.selectbox(t("progress.year"), years, key="new_item_year")
        projects = {p.id: f"{p.number}. {p.title}" for p in cached.year_progress(new_year, today)}
        with st.form("new_item"):
            project_id = st.selectbox(
                t("rectification.col_project"),
                list(projects),
                format_func=projects.__getitem__,
                placeholder=t("input.choose"),
                key="new_item_project",
            )
            problem = st.text_area(t("rectification.col_problem"), max_chars=2000, key="new_item_problem")
            deadline = st.date_input(
                t("rectification.col_deadline"), today + rectification.DEFAULT_DEADLINE, key="new_item_deadline"
            )
            if st.form_submit_button(t("reference.save"), type="primary"):
                if project_id is None:
                    st.error(t("input.required"))
                else:
                    feedback.apply(
                        lambda s: rectification.open_item(s, user, project_id, problem, deadline), "reference.saved"
                    )
