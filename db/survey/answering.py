"""The deputy's side of a survey round: which open rounds to answer, the answer set sealed, then recorded.

The answer set (a level and a comment per project) is sealed to the round's public key in a
read-only step (`seal_answers`), before the write transaction opens; the write (`submit_sealed`)
stores the participation and, beside it, only the sealed box, as the vote does
(db.secret_ballot.sealed_rounds).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.actors import Actor
from db.core.errors import Refused
from db.secret_ballot import sealing
from db.secret_ballot.sealed_rounds import deputy_id
from db.survey.models import SurveyRound
from db.survey.rounds import SEALED, SurveyView, round_project_ids, view_of
from db.survey.rules import COMMENT_MAX, Level, SurveyState


@dataclass(frozen=True)
class DeputyScreen:
    """An open round as one deputy sees it."""

    survey: SurveyView
    status: str  # can_answer | answered | not_voter


def deputy_screens(session: Session, actor: Actor) -> list[DeputyScreen]:
    """The open rounds, and for each whether this deputy may still answer it."""
    deputy = deputy_id(actor)
    open_rounds = session.scalars(
        select(SurveyRound).where(SurveyRound.state == SurveyState.OPEN).order_by(SurveyRound.id)
    )
    screens = []
    for survey in open_rounds:
        if SEALED.has_taken_part(session, survey.id, deputy):
            status = "answered"
        else:
            status = "can_answer" if SEALED.may_take_part(session, survey.id, deputy) else "not_voter"
        screens.append(DeputyScreen(view_of(session, survey), status))
    return screens


@dataclass(frozen=True)
class SealedAnswerSet:
    """An answer set sealed before its write transaction: the box to store beside the participation."""

    round_id: int
    box: bytes


def seal_answers(session: Session, actor: Actor, round_id: int, answers: dict[int, tuple[str, str]]) -> SealedAnswerSet:
    """Check the answers against the open round and seal them to its public key (read-only).

    `answers` maps every project of the round to (level, comment); 弃权 is a level, so a
    project left out is refused rather than silently counted as an abstention. The round's
    projects are frozen while it is open, so the check stands when `submit_sealed` writes; the
    count checks each answer set once more. Every answer set of a round seals to one length.
    """
    survey = SEALED.open_for_sealing(session, actor, round_id)
    if SEALED.has_taken_part(session, round_id, deputy_id(actor)):
        raise Refused("survey.already_answered")  # whatever this second answer holds (checked again when written)
    projects = set(round_project_ids(session, round_id))
    if set(answers) - projects:
        raise Refused("survey.project_not_in_round")
    if projects - set(answers):
        raise Refused("survey.level_missing", count=len(projects - set(answers)))
    for level, comment in answers.values():
        if level not in Level:
            raise Refused("survey.level_unknown")
        if len(comment.strip()) > COMMENT_MAX:
            raise Refused("survey.comment_too_long", max=COMMENT_MAX)
    payload = [[int(project), level, comment.strip()] for project, (level, comment) in sorted(answers.items())]
    return SealedAnswerSet(round_id, SEALED.seal(survey, payload, sealing.survey_bucket(len(projects), COMMENT_MAX)))


def submit_sealed(session: Session, actor: Actor, sealed: SealedAnswerSet) -> None:
    """Record that the deputy answered and, beside it, the sealed answer set; a second answer is refused."""
    SEALED.record(session, actor, sealed.round_id, sealed.box)
