"""Home: who is signed in, this year's cycle, and the pages this role may open."""

import streamlit as st

from components.shell import cached, guard, menu, plain
from components.survey import view as survey_view
from components.text import label, t
from db.core import clock
from db.core.actors import Role
from db.core.session import read_scope
from db.micro import item_reads as micro_reads
from db.micro import rules as micro_rules
from db.micro.item_reads import ItemFilter
from db.oversight import rectification
from db.oversight.rectification import LedgerFilter
from db.oversight.rules import RectificationState
from db.survey import answering as survey_answering
from db.vote import voting

user = guard.require(__file__)
WORKED_ON = (RectificationState.OPEN, RectificationState.IN_PROGRESS)  # the items whose next step is the department's

st.title(t("home.title"))
st.write(plain.md("home.greeting", name=user.display_name, role=label(Role, user.role)))

this_year = next((y for y in cached.years() if y.year == clock.today().year), None)
if this_year:
    st.info(
        plain.md(
            "home.this_year",
            year=this_year.year,
            session=this_year.session_name,
            places=this_year.places,
        )
    )

if user.role == Role.DEPUTY:
    with read_scope() as s:
        ballot = voting.ballot_screen(s, user, cached.frozen_candidates)
    if ballot.status == "can_vote" and ballot.round is not None:
        st.warning(plain.md("home.vote_open", year=ballot.round.year), icon=":material/how_to_vote:")
        menu.link("pages/vote.py")

if user.role == Role.DEPUTY:
    with read_scope() as s:
        to_answer = [
            screen.survey for screen in survey_answering.deputy_screens(s, user) if screen.status == "can_answer"
        ]
    for survey in to_answer:
        st.warning(t("home.survey_open", round=survey_view.round_name(survey)), icon=":material/rate_review:")
    if to_answer:
        menu.link("pages/survey.py")

if user.role == Role.STAFF and user.department_id is not None:  # a department's to-do: its rectification items
    with read_scope() as s:
        mine = rectification.ledger(s, user, LedgerFilter(states=WORKED_ON), clock.today())
    if mine:
        overdue = sum(item.overdue for item in mine)
        st.warning(
            plain.md("home.rectification_todo", count=len(mine), overdue=overdue), icon=":material/assignment_late:"
        )
        menu.link("pages/rectification.py")
    with read_scope() as s:  # and its micro items (微实事) assigned or in progress
        today = clock.today()
        micro = micro_reads.items(s, user, ItemFilter(states=micro_rules.OPEN_STATES), today)
    if micro:
        late = sum(item.overdue for item in micro)
        st.warning(
            plain.md("home.micro_department_todo", count=len(micro), overdue=late), icon=":material/construction:"
        )
        menu.link("pages/micro_queue.py")

if user.role == Role.DEPUTY:  # a deputy's to-do: their done micro items, waiting for their rating
    with read_scope() as s:
        to_rate = micro_reads.awaiting_rating(s, user, clock.today())
    if to_rate:
        st.warning(t("home.micro_todo", count=len(to_rate)), icon=":material/rate_review:")
        menu.link("pages/micro_items.py")

if user.role == Role.STAFF and user.department_id is None:  # the congress office's to-do, as the others have
    with read_scope() as s:
        today = clock.today()
        to_verify = rectification.ledger(s, user, LedgerFilter(states=(RectificationState.RECTIFIED,)), today)
        unfinished, overdue = rectification.open_counts(s, today)
        to_screen = micro_reads.items(s, user, ItemFilter(states=(micro_rules.MicroState.PROPOSED,)), today)
    st.header(t("home.office_todo"))
    if to_verify or overdue:
        st.warning(
            plain.md("home.office_rectification", verify=len(to_verify), unfinished=unfinished, overdue=overdue),
            icon=":material/assignment_late:",
        )
        menu.link("pages/rectification.py")
    if to_screen:
        st.warning(plain.md("home.office_micro", count=len(to_screen)), icon=":material/inbox:")
        menu.link("pages/micro_office.py")
    if not (to_verify or overdue or to_screen):
        st.success(t("home.office_clear"), icon=":material/task_alt:")

# The person's pages are Streamlit's own menu (menu.show), not listed again here: some 30 elements a
# run on the page every sign-in lands on.
st.caption(t("home.menu_hint"))
st.caption(t("home.motto"))
