"""The deputy's side of a survey round: which open rounds to answer, the answer set sealed, then recorded.

The answer set (a level and a comment per project) is sealed to the round's public key in a
read-only step (`seal_answers`), before the write transaction opens; the write (`submit_sealed`)
stores the participation and, beside it, only the sealed box (db.secret_ballot).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.actors import Actor, Role
from db.core.errors import Forbidden, Refused, found
from db.secret_ballot import rows as secret_ballot
from db.secret_ballot import sealing
from db.secret_ballot.tellers import RoundKeyRecord
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyRound, survey_voter
from db.survey.rounds import SurveyView, get_round, round_project_ids, view_of
from db.survey.rules import COMMENT_MAX, Level, SurveyState


@dataclass(frozen=True)
class DeputyScreen:
    """An open round as one deputy sees it."""

    survey: SurveyView
    status: str  # can_answer | answered | not_voter


def deputy_screens(session: Session, actor: Actor) -> list[DeputyScreen]:
    """The open rounds, and for each whether this deputy may still answer it."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    open_rounds = session.scalars(
        select(SurveyRound).where(SurveyRound.state == SurveyState.OPEN).order_by(SurveyRound.id)
    )
    screens = []
    for survey in open_rounds:
        if session.get(SurveyParticipation, (survey.id, actor.deputy_id)) is not None:
            status = "answered"
        else:
            status = "can_answer" if _is_voter(session, survey.id, actor.deputy_id) else "not_voter"
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
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    survey = get_round(session, round_id)
    if survey.state != SurveyState.OPEN:
        raise Refused("survey.not_open")
    if survey.key_record is None:
        raise Refused("survey.round_without_key")
    if session.get(SurveyParticipation, (round_id, actor.deputy_id)) is not None:
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
    public_key = RoundKeyRecord.from_json(survey.key_record).public_key
    return SealedAnswerSet(
        round_id, sealing.seal(public_key, payload, sealing.survey_bucket(len(projects), COMMENT_MAX))
    )


def submit_sealed(session: Session, actor: Actor, sealed: SealedAnswerSet) -> None:
    """Record that the deputy answered and, beside it, the sealed answer set; a second answer is refused."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    round_id = sealed.round_id
    # FOR KEY SHARE: answers do not wait for each other, but closing (FOR UPDATE) waits for those
    # in flight, and an answer after it sees the round closed (as for the vote).
    survey = found(
        session.scalar(select(SurveyRound).where(SurveyRound.id == round_id).with_for_update(key_share=True))
    )
    if survey.state != SurveyState.OPEN:
        raise Refused("survey.not_open")
    if not _is_voter(session, round_id, actor.deputy_id):
        raise Refused("survey.not_voter")
    if session.get(SurveyParticipation, (round_id, actor.deputy_id)) is not None:
        raise Refused("survey.already_answered")  # whatever this second answer holds
    secret_ballot.take_part(
        session, SurveyParticipation(round_id=round_id, deputy_id=actor.deputy_id), "survey.already_answered"
    )
    session.add(SealedAnswers(id=secret_ballot.new_id(), round_id=round_id, box=sealed.box))
    session.flush()


def _is_voter(session: Session, round_id: int, deputy_id: int) -> bool:
    """In the voters frozen when the round opened."""
    voter = select(survey_voter.c.deputy_id).where(
        survey_voter.c.round_id == round_id, survey_voter.c.deputy_id == deputy_id
    )
    return session.scalar(voter) is not None
