"""The deputy's ballot: choose, review, confirm — each step one rerun, the receipt shown once.

Steps are kept in this browser session only. The picks leave it when the ballot is cast
(they are then in the secret ballot and nowhere else); the receipt code stays until the
deputy says it is noted, and is never stored with their name.

Casting is the page's to do (through components/shell/feedback.py): `review` gets it as a
callable, and calls it in the confirm button's callback, once per click.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import InterfaceError, OperationalError

from components.shell import feedback, menu, plain
from components.text import t
from db.core.actors import Actor
from db.core.errors import Refused
from db.core.session import read_scope
from db.vote import voting
from db.vote.candidates import CandidateView
from db.vote.rules import RoundState
from db.vote.voting import BallotScreen

RESULTS_PAGE = "pages/vote_results.py"
_PREFIX = "ballot_"  # every key of the ballot's steps starts so, to be forgotten together
_RECEIPT, _REFUSAL, _OWNER = "ballot_receipt", "ballot_refusal", "ballot_owner"
# Each tick row a finger's height (44 px, WCAG 2.5.5), the whole row the target, not the 16 px box;
# the count in the interface's red once it is over the limit.
# The count and the button under the list stay pinned to the foot of the screen while the deputy
# scrolls a dozen candidates on a phone (sticky: in its place once the list's end is reached),
# on the page's background so the list slides under it, with a line above to tell them apart.
# Streamlit wraps a keyed container in a layout wrapper of its own size: the wrapper is what sticks.
_BALLOT_STYLE = (
    "<style>[class*='st-key-pick_'] label{min-height:44px;align-items:center;width:100%}"
    ".ballot-tally{font-size:1rem;margin:0}.ballot-tally.over{color:#b71c1c;font-weight:600}"
    "[data-testid='stLayoutWrapper']:has(> .st-key-ballot_tally){position:sticky;bottom:0;z-index:3;"
    "background:#fff;padding:0.5rem 0 0.75rem;border-top:1px solid #d5d5d2}"
    ".ballot-facts{margin-top:-0.75rem}.ballot-facts p{margin:0 0 0.25rem;font-size:0.875rem;color:#4a4946}"
    ".ballot-facts summary{list-style:none;cursor:pointer;color:#31333f;min-height:44px;"
    "display:flex;align-items:center}.ballot-facts summary::-webkit-details-marker{display:none}"
    ".ballot-facts summary::before{content:'▸';margin-right:0.4rem}"
    ".ballot-facts details[open] summary::before{content:'▾'}"
    ".ballot-facts p.ballot-description{white-space:pre-wrap;font-size:1rem;color:#31333f}</style>"
)
# The running count under the list, kept in the browser: the ballot is a form, so a tick costs the
# server nothing (at a plenary 377 deputies tick about ten times each within the same minute, and
# a run of the page per tick took more of the one process's time than the ballots themselves).
# On every tick the script counts the ticked boxes and rewrites the count from its template; the
# server draws it afresh (the same figure) on each run. Installed once per browser tab.
_TALLY_SCRIPT = """<script>
(() => {
  if (window.__ballotTally) return;
  window.__ballotTally = true;
  const update = () => {
    const tally = document.querySelector(".ballot-tally");
    if (!tally) return;
    const count = document.querySelectorAll("[class*='st-key-pick_'] input[type=checkbox]:checked").length;
    const most = Number(tally.dataset.max);
    const text = tally.dataset.template.replace("{count}", count).replace("{max}", most);
    if (tally.textContent !== text) tally.textContent = text;  // a screen reader hears each change once
    tally.classList.toggle("over", count > most);
  };
  // The box is toggled by Streamlit's own handler of the click (or the space key), which fires no
  // "change" event: count once that handler has run.
  for (const kind of ["click", "keyup"]) {
    document.addEventListener(kind, (event) => {
      if (event.target.closest && event.target.closest("[class*='st-key-pick_']")) setTimeout(update, 0);
    }, true);
  }
})();
</script>"""
Cast = Callable[[list[int]], str]  # the confirmed picks -> the receipt code; raises Refused


def belong_to(actor: Actor) -> None:
    """Forget the steps of whoever used this browser session before (first thing on the page).

    Session state outlives a sign-out: a deputy signing in on a tablet another deputy used
    must not see that deputy's receipt, nor land on their review with their picks.
    """
    if st.session_state.get(_OWNER) != actor.id:
        for key in [k for k in st.session_state if str(k).startswith(_PREFIX)]:
            del st.session_state[key]
        st.session_state[_OWNER] = actor.id


def receipt_shown() -> bool:
    """Right after casting: the receipt, once, with a copy button; True if it was shown."""
    receipt = st.session_state.get(_RECEIPT)
    if receipt is None:
        return False
    st.success(t("ballot.cast_final"), icon=":material/how_to_vote:")
    st.write(t("ballot.receipt_intro"))
    st.code(receipt, language=None)
    st.caption(t("ballot.receipt_once"))
    st.button(t("ballot.receipt_noted"), key="receipt_noted", on_click=st.session_state.pop, args=(_RECEIPT, None))
    return True


def why_not(screen: BallotScreen) -> None:
    """The reason this deputy has no ballot to fill in now."""
    # A confirm refused because the ballot was cast in another tab, or the round closed meanwhile:
    # the status below says so, and the stale refusal must not reach a later round's ballot.
    st.session_state.pop(_REFUSAL, None)
    if screen.status == "cast":
        st.success(t("ballot.already_cast"), icon=":material/task_alt:")
    elif screen.status == "not_elector":
        st.warning(t("ballot.not_elector"))
    elif screen.status == "over" and screen.round is not None:
        st.info(plain.md("ballot.over", year=screen.round.year))
        if screen.round.state == RoundState.PUBLISHED:
            menu.link(RESULTS_PAGE, label=t("menu.vote_results"), icon=":material/bar_chart:")
    else:
        st.info(t("ballot.no_round"))


def choose(screen: BallotScreen) -> None:
    """Every candidate with its description and targets in a form, a running count of ticks beside the button.

    A tick is the browser's alone until "next" (see _TALLY_SCRIPT for the count), and "too many"
    is said under the count, beside the button that was pressed: on a phone the top of the
    ballot is a dozen screens away.
    """
    assert screen.round is not None
    voting_round, remembered = screen.round, set(st.session_state.get(_chosen_key(screen.round.id), ()))
    st.info(
        plain.md("ballot.instructions", year=voting_round.year, places=voting_round.places, max=voting_round.max_picks)
    )
    st.html(_BALLOT_STYLE)
    st.html(_TALLY_SCRIPT, unsafe_allow_javascript=True)
    with st.form(key=f"ballot_form_{voting_round.id}", border=False, enter_to_submit=False):
        ticked = 0
        for number, candidate in enumerate(screen.candidates, start=1):
            ticked += st.checkbox(
                f"**{number:d}. {plain.escape(candidate.title)}**",
                value=candidate.id in remembered,
                key=f"pick_{voting_round.id}_{candidate.id}",
            )
            st.html(candidate_details(candidate))
        with st.container(key="ballot_tally"):
            most = voting_round.max_picks
            st.html(
                f"<p class='ballot-tally{' over' if ticked > most else ''}' role='status' aria-live='polite'"
                f" data-max='{most:d}' data-template='{html.escape(t('ballot.tally'), quote=True)}'>"
                f"{html.escape(t('ballot.tally', count=ticked, max=most))}</p>"
            )
            _show_refusal()
            st.form_submit_button(
                t("ballot.to_review"),
                key=f"ballot_to_review_{voting_round.id}",
                type="primary",
                width="stretch",
                on_click=_to_review,
                args=(screen,),
            )


def review(screen: BallotScreen, *, cast: Cast) -> None:
    """The picks listed and counted; back to change them, or confirm (`cast`) — after which it is final."""
    assert screen.round is not None
    voting_round = screen.round
    picks = st.session_state[_chosen_key(voting_round.id)]
    titles = {c.id: c.title for c in screen.candidates}
    st.header(t("ballot.review_title"))
    st.write(plain.md("ballot.review_count", count=len(picks), max=voting_round.max_picks))
    if picks:  # each pick under its number on the ballot, as the deputy ticked it
        numbers = {c.id: n for n, c in enumerate(screen.candidates, start=1)}
        items = "".join(f"<li value='{numbers[c]:d}'>{html.escape(titles[c])}</li>" for c in picks)
        st.html(f"<ol class='ballot-picks'>{items}</ol>")
    else:
        st.warning(t("ballot.empty_ballot"))
    st.warning(t("ballot.final_warning"), icon=":material/warning:")
    _show_refusal()
    back, confirm = st.columns(2)
    back.button(t("ballot.back"), key="ballot_back", width="stretch", on_click=_back, args=(voting_round.id,))
    confirm.button(
        t("ballot.confirm"),
        key="ballot_confirm",
        type="primary",
        width="stretch",
        on_click=_confirm,
        args=(cast, voting_round.id, list(picks)),
    )


def seal_and_cast(actor: Actor, round_id: int, picks: list[int]) -> str:
    """Seal the picks to the round's public key (a read-only transaction), then write the sealed box.

    Sealing is crypto: done before the write transaction opens, which then only stores the box
    beside the participation row. The plaintext picks never reach the database.
    """
    with read_scope() as s:
        sealed = voting.seal_ballot(s, actor, round_id, picks)
    return feedback.write(lambda s: voting.cast_sealed(s, actor, sealed))


def reviewing(round_id: int) -> bool:
    return st.session_state.get(_review_key(round_id), False)


def candidate_details(candidate: CandidateView) -> str:
    """Its facts, its targets and its description (folded) as one block of HTML, every text escaped.

    One element a candidate, where a caption and an expander holding the text were three: the
    ballot is drawn right after each of 377 sign-ins on a plenary morning, and Streamlit spends
    ~0.16 ms of server CPU on every element of a run.
    """
    facts = t(
        "ballot.candidate_facts",
        field=candidate.field,
        department=candidate.lead_department,
        budget=candidate.estimated_budget,
    )
    lines = [facts, " · ".join(f"{x.name} {x.target:g} {x.unit}" for x in candidate.targets)]
    parts = [f"<p>{html.escape(line)}</p>" for line in lines if line]
    if candidate.description:
        parts.append(
            f"<details><summary>{html.escape(t('ballot.description'))}</summary>"
            f"<p class='ballot-description'>{html.escape(candidate.description)}</p></details>"
        )
    return f"<div class='ballot-facts'>{''.join(parts)}</div>"


def _to_review(screen: BallotScreen) -> None:
    assert screen.round is not None
    round_id, limit = screen.round.id, screen.round.max_picks
    picks = [c.id for c in screen.candidates if st.session_state.get(f"pick_{round_id}_{c.id}")]
    st.session_state[_chosen_key(round_id)] = picks
    if len(picks) > limit:
        st.session_state[_REFUSAL] = Refused("ballot.too_many", count=len(picks), max=limit)
        return
    st.session_state[_review_key(round_id)] = True


def _back(round_id: int) -> None:
    st.session_state[_review_key(round_id)] = False


def _confirm(cast: Cast, round_id: int, picks: list[int]) -> None:
    """In the button's callback, so a confirmed ballot costs one rerun, which shows the receipt."""
    try:
        receipt = cast(picks)
    except Refused as refused:
        st.session_state[_REFUSAL] = refused
        return
    except (OperationalError, InterfaceError):  # nothing written: the review stays, to confirm again
        st.session_state[_REFUSAL] = Refused("app.database_unavailable")
        return
    for key in (_chosen_key(round_id), _review_key(round_id)):
        st.session_state.pop(key, None)
    st.session_state[_RECEIPT] = receipt


def _show_refusal() -> None:
    refused = st.session_state.pop(_REFUSAL, None)
    if refused is not None:
        feedback.refusal(refused)


def _chosen_key(round_id: int) -> str:
    return f"ballot_chosen_{round_id}"


def _review_key(round_id: int) -> str:
    return f"ballot_reviewing_{round_id}"
