"""Each dashboard chart said in one sentence, under it: for a screen reader, and for a quick read.

Plain data in, a sentence in the interface language out (no Streamlit here but the catalogue);
the same figures as the chart, the projects or groups that matter named.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from components.text import language, t
from db.projects import dashboard as figures
from db.projects.dashboard import Share
from db.projects.progress import MonthPoint, ProjectProgress
from db.projects.rules import ScheduleStatus

# How each language separates the items of a list (punctuation only: the catalogue holds words).
LIST_SEPARATORS = {"zh": "\u3001", "en": ", "}


def listing(names: Sequence[str]) -> str:
    """Names joined as the language lists them: 甲、乙 / A, B."""
    return LIST_SEPARATORS[language()].join(names)


def schedule(projects: Sequence[ProjectProgress]) -> str:
    """ "10 个项目中，8 个按序时进度推进或更快，2 个滞后：X、Y。" (not started ones said apart)."""
    if not projects:
        return t("chart.sentence_no_projects")
    lagging = [p.title for p in projects if p.status == ScheduleStatus.LAGGING]
    not_started = sum(p.status == ScheduleStatus.NOT_STARTED for p in projects)
    on_track = len(projects) - len(lagging) - not_started
    key = "chart.sentence_schedule_lagging" if lagging else "chart.sentence_schedule"
    sentence = t(key, total=len(projects), on_track=on_track, lagging=len(lagging), names=listing(lagging))
    return sentence + (t("chart.sentence_not_started", count=not_started) if not_started else "")


def trend(points: Sequence[Share]) -> str:
    """The latest month's mean completion against the plan, and how far apart they are."""
    if not points:
        return t("chart.sentence_no_months")
    last = points[-1]
    words = ("chart.sentence_trend_behind", "chart.sentence_trend_ahead")
    return _against_plan(words, last.label, last.completion, last.planned)


def groups(shares: Sequence[Share]) -> str:
    """The group (department or division) furthest on and the one least, and how many are behind plan."""
    if not shares:
        return t("chart.sentence_no_projects")
    ranked = sorted(shares, key=lambda s: (-s.completion, s.label))
    best, worst = ranked[0], ranked[-1]
    behind = sum(s.completion < s.planned for s in shares)
    return t(
        "chart.sentence_groups",
        count=len(shares),
        best=best.label,
        best_rate=best.completion * 100,
        worst=worst.label,
        worst_rate=worst.completion * 100,
        behind=behind,
    )


def project_trend(months: Sequence[MonthPoint]) -> str:
    """One project's latest month: its completion against the plan, and how far apart they are."""
    if not months:
        return t("chart.sentence_no_months")
    last = months[-1]
    words = ("chart.sentence_project_behind", "chart.sentence_project_ahead")
    return _against_plan(words, last.month.strftime("%Y-%m"), last.completion, last.planned)


def funds(months: Sequence[MonthPoint], budget: float) -> str:
    """One project's funds spent by its latest month, and their share of the budget."""
    if not months:
        return t("chart.sentence_no_months")
    last = months[-1]
    month = last.month.strftime("%Y-%m")
    if budget <= 0:
        return t("chart.sentence_funds_no_budget", month=month, spent=last.funds_spent)
    share = last.funds_spent / budget * 100
    return t("chart.sentence_funds", month=month, spent=last.funds_spent, budget=budget, share=share)


def _against_plan(words: tuple[str, str], month: str, completion: float, planned: float) -> str:
    """A month's completion against the plan, in the words (behind, ahead) for the way it leans."""
    gap = (completion - planned) * 100
    behind, ahead = words
    return t(behind if gap < 0 else ahead, month=month, actual=completion * 100, planned=planned * 100, gap=abs(gap))


def dashboard(view: str, projects: Sequence[ProjectProgress], today: date) -> str:
    """The sentence under the dashboard's chart of this view (project, month, department, division)."""
    if view == "month":
        return trend(figures.monthly_trend(list(projects), today))
    if view == "department":
        return groups(figures.by_department(list(projects)))
    if view == "division":
        return groups(figures.by_division(list(projects)))
    return schedule(projects)
