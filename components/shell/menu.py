"""Which pages exist and who may open them: the one list the guard and the tests read."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.navigation.page import StreamlitPage
from streamlit.proto.Navigation_pb2 import Navigation as NavigationProto

from components.shell import page_list
from components.text import language, t
from db.core.actors import Actor, Role

EVERYONE = frozenset(Role)
HOME = "app.py"  # the entry point is the home page


@dataclass(frozen=True)
class Page:
    path: str
    label: str  # catalogue key
    icon: str
    roles: frozenset[str]
    office_only: bool = False  # of the staff, only the congress office's (not a department's)
    group: str | None = None  # the menu's heading above it (catalogue key)
    kiosk: bool = False  # a screen for a projector: no sidebar, menu, banner or header

    def admits(self, actor: Actor) -> bool:
        a_department = actor.role == Role.STAFF and not actor.is_office_staff
        return actor.role in self.roles and not (self.office_only and a_department)


READERS = frozenset({Role.LEADER, Role.STAFF, Role.ADMIN})
REPORTERS = frozenset({Role.STAFF, Role.ADMIN})

DEPUTIES = frozenset({Role.DEPUTY})
ADMINS = frozenset({Role.ADMIN})


def _under(group: str, *pages: Page) -> tuple[Page, ...]:
    return tuple(replace(page, group=group) for page in pages)


PAGES = (
    Page(HOME, "menu.home", ":material/home:", EVERYONE),
    *_under(
        "menu_group.projects",
        Page("pages/dashboard.py", "menu.dashboard", ":material/monitoring:", READERS),
        Page("pages/reports.py", "menu.reports", ":material/article:", READERS, office_only=True),
        Page("pages/projects.py", "menu.projects", ":material/list_alt:", EVERYONE),
        Page("pages/project.py", "menu.project", ":material/description:", EVERYONE),
        Page("pages/report_progress.py", "menu.report_progress", ":material/edit_note:", REPORTERS),
        Page("pages/manage_projects.py", "menu.manage_projects", ":material/tune:", REPORTERS, office_only=True),
    ),
    *_under(
        "menu_group.vote",
        Page("pages/vote.py", "menu.vote", ":material/how_to_vote:", DEPUTIES),
        Page("pages/vote_results.py", "menu.vote_results", ":material/bar_chart:", EVERYONE),
        Page("pages/vote_screen.py", "menu.vote_screen", ":material/tv:", EVERYONE, kiosk=True),
        Page("pages/candidates.py", "menu.candidates", ":material/checklist:", REPORTERS, office_only=True),
        Page("pages/vote_rounds.py", "menu.vote_rounds", ":material/ballot:", REPORTERS, office_only=True),
    ),
    *_under(
        "menu_group.survey",
        Page("pages/survey.py", "menu.survey", ":material/rate_review:", DEPUTIES),
        Page("pages/survey_results.py", "menu.survey_results", ":material/insights:", EVERYONE),
        Page("pages/survey_rounds.py", "menu.survey_rounds", ":material/fact_check:", REPORTERS, office_only=True),
    ),
    *_under(
        "menu_group.oversight",
        Page("pages/supervision.py", "menu.supervision", ":material/visibility:", EVERYONE),
        Page("pages/rectification.py", "menu.rectification", ":material/assignment_turned_in:", READERS),
        Page("pages/lookback.py", "menu.lookback", ":material/history_edu:", READERS),
        Page("pages/scorecard.py", "menu.scorecard", ":material/leaderboard:", READERS),
    ),
    *_under(
        "menu_group.micro",
        Page("pages/micro_items.py", "menu.micro_items", ":material/construction:", DEPUTIES),
        Page("pages/micro_office.py", "menu.micro_office", ":material/inbox:", REPORTERS, office_only=True),
        Page("pages/micro_queue.py", "menu.micro_queue", ":material/engineering:", REPORTERS),
        Page("pages/micro_overview.py", "menu.micro_overview", ":material/analytics:", READERS, office_only=True),
        Page("pages/wishes.py", "menu.wishes", ":material/volunteer_activism:", EVERYONE),
        Page("pages/my_wishes.py", "menu.my_wishes", ":material/favorite:", DEPUTIES),
        Page("pages/wish_desk.py", "menu.wish_desk", ":material/inventory:", READERS, office_only=True),
    ),
    *_under(
        "menu_group.system",
        Page("pages/accounts.py", "menu.accounts", ":material/manage_accounts:", ADMINS),
        Page("pages/deputies.py", "menu.deputies", ":material/groups:", ADMINS),
        Page("pages/reference_data.py", "menu.reference_data", ":material/account_tree:", ADMINS),
        Page("pages/audit_log.py", "menu.audit_log", ":material/history:", frozenset({Role.ADMIN, Role.LEADER})),
        Page("pages/security_log.py", "menu.security_log", ":material/shield_lock:", ADMINS),
        Page("pages/my_account.py", "menu.my_account", ":material/person:", EVERYONE),
    ),
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


def show(actor: Actor | None, *, kiosk: bool = False) -> None:
    """Streamlit's own navigation menu in the sidebar: the person's pages under their headings.

    One message a run, where the menu drawn as page links and headings was some 30 elements a run
    (Streamlit spends ~0.16 ms of server CPU on each: half of a signed-in page's own cost, and of
    each sign-in's run when the hall signs in at once). On a phone the overlaid sidebar closes after
    a tap on an entry (look.MENU_REPAIRS).

    Every page stays in the list, those the role may not open hidden: a page opened by its URL
    must still be found (the guard then refuses it, or asks to sign in first). Nobody signed in, or
    a projector's screen: no menu at all.
    """
    admitted = tuple(page.path for page in pages_for(actor)) if actor is not None and not kiosk else ()
    page_list.send(_menu(admitted, language()))


@functools.cache
def _menu(admitted: tuple[str, ...], language: str) -> NavigationProto:
    """The menu's navigation message, made once per set of pages and language.

    Some 40 catalogue look-ups, 32 page objects and Streamlit's page registry made afresh were a
    tenth of the home page's run. The run's page manager already holds the same pages (page_list
    resolved the URL against them), so the message alone is sent.
    """
    position = page_list.SIDEBAR if admitted else page_list.HIDDEN
    return page_list.navigation_message(_sections(admitted, language), position=position, expanded=True)


def _sections(admitted: tuple[str, ...], language: str) -> dict[str, list[StreamlitPage]]:
    """The menu's headings and entries in the registry's order, the pages not admitted hidden under none."""
    sections: dict[str, list[StreamlitPage]] = {"": []}
    for page in PAGES:
        shown = page.path in admitted
        heading = t(page.group) if shown and page.group else ""
        sections.setdefault(heading, []).append(_entry(page, shown))
    return sections


def _entry(page: Page, shown: bool) -> StreamlitPage:
    """A copy of the page object with the menu's title (in the language) and visibility."""
    entry = copy.copy(_page_object(page))
    entry._title = t(page.label)
    entry._visibility = "visible" if shown else "hidden"
    return entry


def link(
    path: str,
    *,
    label: str | None = None,
    icon: str | None = None,
    query_params: Mapping[str, str] | None = None,
    into: DeltaGenerator | None = None,
) -> None:
    """A link to a registered page, with the menu's label and icon unless others are given (icon="": none).

    Every page link goes through here (tests/unit/test_house_rules.py holds to it): given a file
    path, st.page_link resolves it on the file system (a realpath: a dozen lstat calls) and
    checks the icon again on every call (when the menu was drawn as 20 to 40 such links, that was
    half of a signed-in page's server time). The page object made once per process carries both.
    """
    page = page_for(path)
    (into or st).page_link(
        _page_object(page),
        label=t(page.label) if label is None else label,
        icon=icon,
        query_params=dict(query_params) if query_params else None,
    )


_PAGE_OBJECTS: dict[str, StreamlitPage] = {}


def _page_object(page: Page) -> StreamlitPage:
    """Streamlit's object for a registered page (its resolved file, url and icon), made once.

    Made inside a script run (st.Page needs the run's page manager to find the file); no file
    watcher runs in production, so a page file does not move while the process lives.
    """
    made = _PAGE_OBJECTS.get(page.path)
    if made is None:
        made = _PAGE_OBJECTS[page.path] = st.Page(page.path, icon=page.icon, default=page.path == HOME)
    return made
