"""A ledger item's problem in the reader's language: as a person wrote it, or in the wording of
the rule that opened it (db keeps that wording as a catalogue key and its parameters)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from components.text import label, t
from db.oversight.rectification import ItemView
from db.oversight.rules import ReviewAspect
from db.survey.rules import FlagCause, Level, Stage


def problem_text(item: ItemView) -> str:
    return wording(item.problem_key, item.problem_params, item.problem)


def wording(key: str | None, params: Mapping[str, Any], written: str) -> str:
    """The problem as `key` words it with `params`; `written` (what a person wrote) when no rule did."""
    if key == "rectification.problem_review":
        return t("rectification.problem_review", aspect=label(ReviewAspect, params["aspect"]), problem=written)
    if key == "rectification.problem_finding":
        return t("rectification.problem_finding", problem=written, suggestion=params["suggestion"])
    if key == "rectification.problem_survey":
        return _survey(params)
    if key is not None:
        raise KeyError(f"no wording for {key!r}")
    return written


def _survey(params: Mapping[str, Any]) -> str:
    below = f"{params['below_rate']:.0%}"
    causes = [t(FlagCause(cause).label_key, below=below) for cause in params["causes"]]
    return t(
        "rectification.problem_survey",
        year=params["year"],
        stage=label(Stage, params["stage"]),
        rate="—" if params["rate"] is None else f"{params['rate']:.1%}",
        grade=label(Level, params["grade"]) if params["grade"] else "—",
        **{level: params[level] for level in Level.codes()},
        causes=t("rectification.causes_and").join(causes),
    )
