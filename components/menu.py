"""Which pages exist and who may open them: the one list the guard and the tests read."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.text import t
from db.actors import Actor

EVERYONE = frozenset({"leader", "deputy", "staff", "admin"})
ROLE_LABELS = {
    "leader": "role.leader",
    "deputy": "role.deputy",
    "staff": "role.staff",
    "admin": "role.admin",
}


@dataclass(frozen=True)
class Page:
    path: str
    label: str  # catalogue key
    icon: str
    roles: frozenset[str]
    office_only: bool = False  # staff without a department (the congress office), and admins

    def admits(self, actor: Actor) -> bool:
        return actor.role in self.roles and (not self.office_only or actor.is_office_staff)


READERS = frozenset({"leader", "staff", "admin"})
REPORTERS = frozenset({"staff", "admin"})

PAGES = (
    Page("app.py", "menu.home", ":material/home:", EVERYONE),
    Page("pages/dashboard.py", "menu.dashboard", ":material/monitoring:", READERS),
    Page("pages/projects.py", "menu.projects", ":material/list_alt:", EVERYONE),
    Page("pages/project.py", "menu.project", ":material/description:", EVERYONE),
    Page("pages/report_progress.py", "menu.report_progress", ":material/edit_note:", REPORTERS),
    Page("pages/manage_projects.py", "menu.manage_projects", ":material/tune:", REPORTERS, office_only=True),
    Page("pages/supervision.py", "menu.supervision", ":material/visibility:", EVERYONE),
    Page("pages/rectification.py", "menu.rectification", ":material/assignment_turned_in:", READERS),
    Page("pages/lookback.py", "menu.lookback", ":material/history_edu:", READERS),
    Page("pages/scorecard.py", "menu.scorecard", ":material/leaderboard:", frozenset({"leader", "staff", "admin"})),
    Page("pages/vote.py", "menu.vote", ":material/how_to_vote:", frozenset({"deputy"})),
    Page("pages/vote_results.py", "menu.vote_results", ":material/bar_chart:", EVERYONE),
    Page("pages/vote_screen.py", "menu.vote_screen", ":material/tv:", EVERYONE),
    Page("pages/survey.py", "menu.survey", ":material/rate_review:", frozenset({"deputy"})),
    Page("pages/survey_results.py", "menu.survey_results", ":material/insights:", EVERYONE),
    Page("pages/survey_rounds.py", "menu.survey_rounds", ":material/fact_check:", REPORTERS, office_only=True),
    Page("pages/candidates.py", "menu.candidates", ":material/checklist:", REPORTERS, office_only=True),
    Page("pages/vote_rounds.py", "menu.vote_rounds", ":material/ballot:", REPORTERS, office_only=True),
    Page("pages/micro_items.py", "menu.micro_items", ":material/construction:", frozenset({"deputy"})),
    Page("pages/micro_office.py", "menu.micro_office", ":material/inbox:", REPORTERS, office_only=True),
    Page("pages/micro_queue.py", "menu.micro_queue", ":material/engineering:", REPORTERS),
    Page("pages/micro_overview.py", "menu.micro_overview", ":material/analytics:", READERS),
    Page("pages/wishes.py", "menu.wishes", ":material/volunteer_activism:", EVERYONE),
    Page("pages/my_wishes.py", "menu.my_wishes", ":material/favorite:", frozenset({"deputy"})),
    Page("pages/wish_desk.py", "menu.wish_desk", ":material/inventory:", READERS),
    Page("pages/accounts.py", "menu.accounts", ":material/manage_accounts:", frozenset({"admin"})),
    Page("pages/deputies.py", "menu.deputies", ":material/groups:", frozenset({"admin"})),
    Page(
        "pages/reference_data.py",
        "menu.reference_data",
        ":material/account_tree:",
        frozenset({"admin"}),
    ),
    Page("pages/audit_log.py", "menu.audit_log", ":material/history:", frozenset({"admin", "leader"})),
    Page("pages/my_account.py", "menu.my_account", ":material/person:", EVERYONE),
)


def page_for(path: str) -> Page:
    """The registered page of a file path (absolute or relative to the project)."""
    normalized = path.replace("\\", "/")
    for page in PAGES:
        if normalized == page.path or normalized.endswith("/" + page.path):
            return page
    raise KeyError(f"{path} is not registered in components/menu.py PAGES")


def pages_for(actor: Actor) -> list[Page]:
    return [page for page in PAGES if page.admits(actor)]


def draw(actor: Actor) -> None:
    for page in pages_for(actor):
        st.sidebar.page_link(page.path, label=t(page.label), icon=page.icon)
