"""Vote rounds (congress office): create a year's round, set its rules, open, watch turnout, close, publish."""

import streamlit as st

from components.shell import confirm, feedback, guard, menu, plain
from components.text import label, t
from components.vote import round_admin, tellers, turnout_floor, vote_view
from db.core.errors import Refused
from db.core.session import read_scope
from db.core.settings import load as load_settings
from db.secret_ballot.tellers import split_key
from db.vote import candidates, voting
from db.vote.rules import DEFAULT_TURNOUT_FLOOR, RoundState, ThresholdRule

user = guard.require(__file__)
st.title(t("menu.vote_rounds"))
round_admin.scrub_pending()
if tellers.shares_shown():
    st.stop()

settings = vote_view.vote_year(key="rounds_year")
year = settings.year
with read_scope() as s:
    existing = voting.rounds(s, year)
    candidate_count = len(candidates.candidates(s, year))

if not existing:
    st.info(plain.md("vote.no_round_for_year", year=year, candidates=candidate_count))
    places, picks, rule, floor, sent = round_admin.rules_form(
        f"create_{year}", settings.places, settings.places, settings.threshold_rule, DEFAULT_TURNOUT_FLOOR
    )
    if sent:
        feedback.apply(lambda s: voting.create_round(s, user, year, places, picks, rule, floor), "vote.round_created")
    st.stop()

voting_round = existing[0]
st.header(plain.md("vote.round_label", year=year, state=label(RoundState, voting_round.state)))
st.caption(
    plain.md(
        "vote.rules_summary",
        places=voting_round.places,
        max=voting_round.max_picks,
        rule=label(ThresholdRule, voting_round.threshold_rule),
        floor=voting_round.turnout_floor,
        candidates=candidate_count,
    )
)
round_id, seen = voting_round.id, voting_round.state

if voting_round.state == RoundState.DRAFT:
    menu.link("pages/candidates.py")
    with st.expander(t("vote.change_rules")):
        places, picks, rule, floor, sent = round_admin.rules_form(
            f"rules_{round_id}",
            voting_round.places,
            voting_round.max_picks,
            voting_round.threshold_rule,
            voting_round.turnout_floor,
        )
        if sent:
            feedback.apply(
                lambda s: voting.update_round(s, user, round_id, places, picks, rule, floor), "reference.saved"
            )
    st.warning(t("vote.open_warning"))
    demo = load_settings().demo_mode
    threshold, names, sent = tellers.naming_form(f"open_{round_id}", demo=demo)
    if sent:
        try:  # the key is made and split before the transaction: no share is ever written
            record, shares = split_key(threshold, names, demo=demo)
        except Refused as refused:
            feedback.refusal(refused)
        else:
            feedback.apply(
                lambda s: voting.advance(s, user, round_id, seen, key=record),
                "vote.opened",
                then=lambda _: tellers.remember_shares("vote.round_title_for_shares", record, shares),
            )

elif voting_round.state == RoundState.OPEN:
    round_admin.turnout_monitor(round_id)
    menu.link(
        "pages/vote_screen.py", label=t("menu.vote_screen"), icon=":material/tv:", query_params={"round": str(round_id)}
    )
    with read_scope() as s:
        stored_key = voting.key_record(s, round_id)
    floor = voting_round.turnout_floor
    round_admin.closing_warning(round_id, floor)  # read again every few seconds
    if stored_key is None:  # opened before ballots were sealed: closed as it was then
        if confirm.button("vote.close", "vote.close_confirm", key=f"close_{round_id}"):
            turnout_floor.close(lambda s: voting.advance(s, user, round_id, seen), round_id, floor)
    else:
        codes, sent = tellers.entry_form(f"close_{round_id}", stored_key, "tellers.close_and_count")
        if sent:
            try:  # rebuilt before the closing transaction, in memory only
                with read_scope() as s:
                    private_key = voting.rebuild_key(s, user, round_id, codes)
            except Refused as refused:
                feedback.refusal(refused)
            else:
                turnout_floor.close(
                    lambda s: voting.advance(s, user, round_id, seen, private_key=private_key), round_id, floor
                )

elif voting_round.state == RoundState.CLOSED:
    menu.link("pages/vote_results.py", label=t("vote.check_results"), icon=":material/bar_chart:")
    with read_scope() as s:
        final = voting.turnout(s, round_id)
    accepted = turnout_floor.publish_acknowledged(final, voting_round.turnout_floor, key=f"publish_{round_id}")
    low = not final.reaches(voting_round.turnout_floor)
    if confirm.button("vote.publish", "vote.publish_confirm", key=f"publish_{round_id}", also=accepted):
        feedback.apply(
            lambda s: voting.advance(s, user, round_id, seen, low_turnout_accepted=low and accepted), "vote.published"
        )

else:
    st.success(plain.md("vote.published_note", year=year))
    menu.link("pages/vote_results.py")
    menu.link("pages/projects.py")
