"""Vote rounds (congress office): create a year's round, set its rules, open, watch turnout, close, publish."""

import streamlit as st

from components.shell import feedback, guard
from components.text import label, t
from components.vote import vote_view
from db.core.session import read_scope
from db.vote import candidates, voting
from db.vote.rules import RoundState, ThresholdRule

user = guard.require(__file__)
st.title(t("menu.vote_rounds"))

settings = vote_view.vote_year(key="rounds_year")
year = settings.year
with read_scope() as s:
    existing = voting.rounds(s, year)
    candidate_count = len(candidates.candidates(s, year))


def rules_form(key: str, places: int, max_picks: int, rule: str) -> tuple[int, int, str, bool]:
    """Places, picks per ballot and the pass rule, in a form; returns them and whether it was sent."""
    with st.form(key):
        new_places = st.number_input(t("vote.places"), 1, 50, places, key=f"{key}_places")
        new_picks = st.number_input(t("vote.max_picks"), 1, 50, max_picks, key=f"{key}_picks")
        new_rule = st.radio(
            t("vote.rule"),
            list(ThresholdRule.codes()),
            index=list(ThresholdRule.codes()).index(rule),
            format_func=lambda r: label(ThresholdRule, r),
            key=f"{key}_rule",
        )
        sent = st.form_submit_button(t("reference.save"), type="primary")
    return int(new_places), int(new_picks), new_rule, sent


def step_button(label_key: str, confirm_key: str, key: str) -> bool:
    """A state change that cannot be undone: the button works only once its box is ticked."""
    sure = st.checkbox(t(confirm_key), key=f"{key}_sure")
    return st.button(t(label_key), key=key, type="primary", disabled=not sure)


if not existing:
    st.info(t("vote.no_round_for_year", year=year, candidates=candidate_count))
    places, picks, rule, sent = rules_form(f"create_{year}", settings.places, settings.places, settings.threshold_rule)
    if sent:
        feedback.apply(lambda s: voting.create_round(s, user, year, places, picks, rule), "vote.round_created")
    st.stop()

voting_round = existing[0]
st.subheader(t("vote.round_label", year=year, state=label(RoundState, voting_round.state)))
st.caption(
    t(
        "vote.rules_summary",
        places=voting_round.places,
        max=voting_round.max_picks,
        rule=label(ThresholdRule, voting_round.threshold_rule),
        candidates=candidate_count,
    )
)
round_id, seen = voting_round.id, voting_round.state

if voting_round.state == RoundState.DRAFT:
    st.page_link("pages/candidates.py", label=t("menu.candidates"), icon=":material/checklist:")
    with st.expander(t("vote.change_rules")):
        places, picks, rule, sent = rules_form(
            f"rules_{round_id}", voting_round.places, voting_round.max_picks, voting_round.threshold_rule
        )
        if sent:
            feedback.apply(lambda s: voting.update_round(s, user, round_id, places, picks, rule), "reference.saved")
    st.warning(t("vote.open_warning"))
    if step_button("vote.open", "vote.open_confirm", f"open_{round_id}"):
        feedback.apply(lambda s: voting.advance(s, user, round_id, seen), "vote.opened")

elif voting_round.state == RoundState.OPEN:

    @st.fragment(run_every=5)
    def turnout_monitor() -> None:
        """Refreshes by itself: ballots cast against the electorate, never counts per candidate."""
        with read_scope() as s:
            turnout, now = voting.turnout(s, round_id), voting.round_view(s, round_id)
        if now.state != RoundState.OPEN:
            st.rerun()  # closed from another session: redraw the whole page
        vote_view.turnout_tiles(turnout)
        st.progress(turnout.share)
        st.caption(t("vote.monitor_note"))

    turnout_monitor()
    st.page_link(
        "pages/vote_screen.py", label=t("menu.vote_screen"), icon=":material/tv:", query_params={"round": str(round_id)}
    )
    if step_button("vote.close", "vote.close_confirm", f"close_{round_id}"):
        feedback.apply(
            lambda s: voting.advance(s, user, round_id, seen),
            "vote.closed",
            then=lambda _: voting.scrub_after_closing(),
        )

elif voting_round.state == RoundState.CLOSED:
    st.page_link("pages/vote_results.py", label=t("vote.check_results"), icon=":material/bar_chart:")
    if step_button("vote.publish", "vote.publish_confirm", f"publish_{round_id}"):
        feedback.apply(lambda s: voting.advance(s, user, round_id, seen), "vote.published")

else:
    st.success(t("vote.published_note", year=year))
    st.page_link("pages/vote_results.py", label=t("menu.vote_results"), icon=":material/bar_chart:")
    st.page_link("pages/projects.py", label=t("menu.projects"), icon=":material/list_alt:")
