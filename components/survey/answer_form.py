"""The deputy's survey form: rate every project (or abstain), review, submit once.

As with the ballot (components/ballot_form.py), the steps live in this browser session only and
belong to one deputy; the answers leave it when submitted, into rows that name no one.

Submitting is the page's to do (through components/shell/feedback.py): `review` gets it as a
callable, and calls it in the submit button's callback, once per click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from components.projects import progress_view
from components.shell import feedback, menu, plain
from components.survey.view import level_text, rules_caption
from components.text import t
from db.core.actors import Actor
from db.core.errors import Refused
from db.core.session import read_scope
from db.projects.progress import ProjectProgress
from db.survey import answering
from db.survey.answering import DeputyScreen
from db.survey.rules import COMMENT_MAX, Level

_PREFIX = "survey_"  # every key of the form's steps starts so, to be forgotten together
_REFUSAL, _OWNER, _RECEIVED = "survey_refusal", "survey_owner", "survey_received"
Answers = dict[int, tuple[str, str]]  # project id -> (level, comment)
Submit = Callable[[Answers], None]  # raises Refused


def belong_to(actor: Actor) -> None:
    """Forget the steps of whoever used this browser session before (first thing on the page)."""
    if st.session_state.get(_OWNER) != actor.id:
        for key in [k for k in st.session_state if str(k).startswith(_PREFIX)]:
            del st.session_state[key]
        st.session_state[_OWNER] = actor.id


def why_not(screen: DeputyScreen) -> None:
    _show_refusal(screen.survey.id)  # e.g. a second submission from a stale tab: say it was refused
    if screen.status == "answered":
        just_now = st.session_state.pop(_RECEIVED, None) == screen.survey.id
        st.success(t("survey.received_now" if just_now else "survey.received"), icon=":material/task_alt:")
    else:
        st.warning(t("survey.not_voter_note"))


def choose(screen: DeputyScreen, projects: Sequence[ProjectProgress]) -> None:
    """Each project with its latest progress and a link; a level (or 弃权) and an optional comment."""
    survey = screen.survey
    st.info(t("survey.instructions", count=len(projects)))
    rules_caption(survey)
    with st.form(f"survey_form_{survey.id}"):
        for project in projects:
            with st.container(border=True):
                menu.link(
                    progress_view.PROJECT_PAGE,
                    label=f"{project.number:d}. {plain.escape(project.title)}",
                    icon="",  # a project in a list: its title is enough
                    query_params={"id": str(project.id)},
                )
                st.caption(
                    plain.md(
                        "survey.project_progress",
                        status=progress_view.status_text(project.status),
                        completion=project.completion * 100,
                        department=project.lead_department,
                    )
                )
                st.radio(
                    t("survey.level"),
                    list(Level.codes()),
                    index=None,
                    horizontal=True,
                    format_func=level_text,
                    key=_level_key(survey.id, project.id),
                )
                st.text_area(
                    t("survey.comment"), max_chars=COMMENT_MAX, height=68, key=_comment_key(survey.id, project.id)
                )
        _show_refusal(survey.id)  # beside the button: on a phone the top of the form is far away
        st.form_submit_button(
            t("survey.to_review"),
            type="primary",
            width="stretch",
            on_click=_to_review,
            args=(survey.id, {p.id: p.number for p in projects}),
        )


def review(screen: DeputyScreen, projects: Sequence[ProjectProgress], *, submit: Submit) -> None:
    """The answers listed; back to change them, or `submit` them — after which they are final."""
    survey = screen.survey
    answers: Answers = st.session_state[_answers_key(survey.id)]
    st.header(t("survey.review_title"))
    for project in projects:
        level, comment = answers[project.id]
        st.markdown(f"**{project.number:d}. {plain.escape(project.title)}**：{level_text(level)}")
        if comment:
            st.caption(plain.escape(comment))
    st.warning(t("survey.final_warning"), icon=":material/warning:")
    _show_refusal(survey.id)
    back, send = st.columns(2)
    back.button(t("ballot.back"), key="survey_back", width="stretch", on_click=_back, args=(survey.id,))
    send.button(
        t("survey.submit"),
        key="survey_submit",
        type="primary",
        width="stretch",
        on_click=_send,
        args=(submit, survey.id, answers),
    )


def reviewing(round_id: int) -> bool:
    return _answers_key(round_id) in st.session_state


def _to_review(round_id: int, numbers: dict[int, int]) -> None:
    """Every project needs a level: the missing ones are named by number, and the choices made stay."""
    project_ids = list(numbers)
    levels = {p: st.session_state.get(_level_key(round_id, p)) for p in project_ids}
    missing = [p for p, level in levels.items() if level is None]
    if missing:
        named = "、".join(str(numbers[p]) for p in missing)
        st.session_state[_REFUSAL] = (round_id, Refused("survey.level_missing_which", numbers=named))
        return
    st.session_state[_answers_key(round_id)] = {
        p: (str(levels[p]), str(st.session_state.get(_comment_key(round_id, p)) or "").strip()) for p in project_ids
    }


def _back(round_id: int) -> None:
    """Back to the form with every level and comment as they were.

    Streamlit forgets the state of widgets that a run did not draw (the review draws none of the
    form's), so the answers kept for the review are put back under the widgets' keys here, in the
    callback, before the form is drawn again.
    """
    answers: Answers = st.session_state.pop(_answers_key(round_id), None) or {}
    for project_id, (level, comment) in answers.items():
        st.session_state[_level_key(round_id, project_id)] = level
        st.session_state[_comment_key(round_id, project_id)] = comment


def _send(submit: Submit, round_id: int, answers: Answers) -> None:
    """In the button's callback, so a submission costs one rerun.

    Submitted or refused (answered in another tab, round closed, …), the answers leave this
    browser session: they are in the secret rows, or no longer wanted.
    """
    try:
        submit(answers)
        st.session_state[_RECEIVED] = round_id
    except Refused as refused:
        st.session_state[_REFUSAL] = (round_id, refused)
    mine = (_level_key(round_id, 0)[:-1], _comment_key(round_id, 0)[:-1], _answers_key(round_id))
    for key in [k for k in st.session_state if str(k).startswith(mine)]:
        del st.session_state[key]


def seal_and_submit(actor: Actor, round_id: int, answers: Answers) -> None:
    """Seal the answer set to the round's public key (a read-only transaction), then write the sealed box.

    Sealing is crypto: done before the write transaction opens, which then only stores the box
    beside the participation row. The plaintext levels and comments never reach the database.
    """
    with read_scope() as s:
        sealed = answering.seal_answers(s, actor, round_id, answers)
    feedback.write(lambda s: answering.submit_sealed(s, actor, sealed))


def just_received() -> int | None:
    """The round whose answers were submitted in the run before this one, if any."""
    return st.session_state.get(_RECEIVED)


def _show_refusal(round_id: int) -> None:
    """A refusal of this round's answers, once; one of another round is dropped, not shown here."""
    round_and_refusal = st.session_state.pop(_REFUSAL, None)
    if round_and_refusal is not None and round_and_refusal[0] == round_id:
        feedback.refusal(round_and_refusal[1])


def _level_key(round_id: int, project_id: int) -> str:
    return f"survey_level_{round_id}_{project_id}"


def _comment_key(round_id: int, project_id: int) -> str:
    return f"survey_comment_{round_id}_{project_id}"


def _answers_key(round_id: int) -> str:
    return f"survey_answers_{round_id}"
