"""Satisfaction (满意度测评): a round's vocabulary, the rates and the grade of one project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.core.vocabulary import Vocabulary


class Level(Vocabulary, labels="survey_level"):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    ABSTAIN = "abstain"


GRADES = (Level.SATISFIED, Level.BASICALLY_SATISFIED, Level.DISSATISFIED)  # a project's grade: no abstaining


class SurveyState(Vocabulary, labels="survey_state"):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


NEXT_STATE: dict[str, SurveyState] = {SurveyState.DRAFT: SurveyState.OPEN, SurveyState.OPEN: SurveyState.CLOSED}


class Stage(Vocabulary, labels="survey_stage"):
    MIDYEAR = "midyear"  # 年中
    YEAREND = "yearend"  # 年终
    LOOKBACK = "lookback"  # 回头看


class VoterBody(Vocabulary, labels="survey_body"):
    ALL = "all"  # 全体代表
    STANDING_COMMITTEE = "standing_committee"  # 常委会组成人员


DEFAULT_RECTIFICATION_RATE = 0.8  # 综合满意率 below this sends a project for rectification


@dataclass(frozen=True)
class SatisfactionCount:
    """One project's answers in one round: every voter gave a level or abstained (弃权)."""

    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    abstain: int

    @property
    def voters(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied + self.abstain

    @property
    def valid(self) -> int:
        """Ratings that count towards the rates: abstentions do not."""
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def satisfied_rate(self) -> float | None:
        """满意率: 满意 / valid ratings; None when nobody rated."""
        return self.satisfied / self.valid if self.valid else None

    @property
    def overall_rate(self) -> float | None:
        """综合满意率: (满意 + 基本满意) / valid ratings; None when nobody rated."""
        return (self.satisfied + self.basically_satisfied) / self.valid if self.valid else None


def satisfaction_grade(count: SatisfactionCount) -> str | None:
    """The 镇海 rule: 满意 if 满意 exceeds half of all voters, else 基本满意 if 满意 + 基本满意 does, else 不满意.

    "All voters" counts those who abstained on the project too; with no voter there is no grade.
    """
    if count.voters == 0:
        return None
    half = count.voters / 2
    if count.satisfied > half:
        return Level.SATISFIED
    if count.satisfied + count.basically_satisfied > half:
        return Level.BASICALLY_SATISFIED
    return Level.DISSATISFIED


class FlagCause(Vocabulary, labels="survey_flag"):
    """Why a closed round sends a project for rectification."""

    DISSATISFIED = "dissatisfied"  # graded 不满意, and the round flags that
    RATE_BELOW = "rate_below"  # 综合满意率 below the round's threshold


def flag_causes(
    count: SatisfactionCount, *, below_rate: float = DEFAULT_RECTIFICATION_RATE, when_dissatisfied: bool = True
) -> list[FlagCause]:
    """Why the project is sent for rectification (graded 不满意, 综合满意率 below the threshold, or both); [] if not."""
    causes = []
    if when_dissatisfied and satisfaction_grade(count) == Level.DISSATISFIED:
        causes.append(FlagCause.DISSATISFIED)
    if count.overall_rate is not None and count.overall_rate < below_rate:
        causes.append(FlagCause.RATE_BELOW)
    return causes


def needs_rectification(
    count: SatisfactionCount, *, below_rate: float = DEFAULT_RECTIFICATION_RATE, when_dissatisfied: bool = True
) -> bool:
    """A project is sent for rectification when graded 不满意, or its 综合满意率 is below the threshold."""
    return bool(flag_causes(count, below_rate=below_rate, when_dissatisfied=when_dissatisfied))


def survey_stage_problem(stage: str, year: int, today: date) -> str | None:
    """A round asks about a year that has begun; a look-back (回头看) only about an earlier year."""
    if year > today.year:
        return "survey.year_future"
    if stage == "lookback" and year >= today.year:
        return "survey.lookback_past_only"
    return None


COMMENT_MAX = 500  # characters of one comment; also sizes the sealed answer set (db.secret_ballot.sealing)


def valid_answers(payload: object, projects: set[int]) -> tuple[tuple[int, str, str], ...] | None:
    """An opened answer set's (project, level, comment) triples if it keeps the round's rules, else None.

    Answering checked it already; this is the count's own check, since a sealed answer set could
    have been written by something other than the app: exactly one known level per project of the
    round, a comment of text within `COMMENT_MAX`.
    """
    if not isinstance(payload, list) or not all(isinstance(item, list) and len(item) == 3 for item in payload):
        return None
    answers = tuple((item[0], item[1], item[2]) for item in payload)
    if any(type(p) is not int or not isinstance(c, str) or len(c) > COMMENT_MAX for p, _, c in answers):
        return None
    if any(level not in Level for _, level, _ in answers):
        return None
    if len(answers) != len(projects) or {p for p, _, _ in answers} != projects:
        return None
    return tuple(sorted(answers))
