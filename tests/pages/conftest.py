"""AppTest helpers: run the app as a signed-in person, then switch to a page as the menu does."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.proto.Navigation_pb2 import Navigation as NavigationProto
from streamlit.testing.v1 import AppTest

from components.shell import incidents, page_list, plain
from db.core import clock
from tests.conftest import PROJECT, TODAY

ENTRY = str(PROJECT / "app.py")
TIMEOUT_S = 30  # a script run on two shared cores under load can take seconds; 3 s (the default) is flaky
# One demo account of each kind of person: the four roles, and a department's staff.
DEMO_USERS = {"admin": "admin", "leader": "leader", "office": "office", "department": "dept_jyj", "deputy": "d001"}


def signed_in(username: str) -> AppTest:
    """The home page as `username`, as if a sign-in had just happened in this browser session."""
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["auth_issued_at"] = clock.utcnow()
    return at.run()


MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation: Markdown shows the character


def shown(markdown: object) -> str:
    """What a person reads of a Markdown string: the characters, without the escapes that keep them text."""
    return _ESCAPED.sub(r"\1", str(markdown)).replace(plain.WORD_JOINER, "")


_TILE = re.compile(r'<div class="ms-tile-label">(.*?)</div><div class="ms-tile-value">(.*?)</div>')


def figures(at: AppTest) -> list[tuple[str, str]]:
    """The headline figures on the screen as (label, value): tiles drawn as one element
    (components/shell/tiles.py), then st.metric tiles."""
    tiles = [(html.unescape(k), html.unescape(v)) for h in at.get("html") for k, v in _TILE.findall(h.proto.body)]
    return [*tiles, *((m.label, str(m.value)) for m in at.metric)]


def tiles_markup(at: AppTest) -> str:
    """The tiles drawn as one element, as HTML."""
    (body,) = [h.proto.body for h in at.get("html") if 'class="ms-tiles"' in h.proto.body]
    return body


def texts(at: AppTest) -> str:
    """Everything written on the screen as a person reads it (Markdown escapes undone), to search in."""
    parts = [shown(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    return "\n".join([*parts, *(str(e.value) for e in at.text)])


_MENUS: list[tuple[str, dict[str, list[str]]]] = []  # (position, visible titles by heading) of each menu sent


def menu_shown() -> list[str]:
    """The entries of the sidebar menu the last run sent (Streamlit's own navigation), [] if none shows."""
    return [title for titles in menu_sections().values() for title in titles]


def navigation_sent() -> list[tuple[str, dict[str, list[str]]]]:
    """Every navigation message sent since the test began: (position, visible titles by heading)."""
    return list(_MENUS)


def menu_sections() -> dict[str, list[str]]:
    """The last menu's headings ("" for none) and their visible entries; {} when it is hidden."""
    assert _MENUS, "no run sent a menu"
    position, sections = _MENUS[-1]
    return {heading: titles for heading, titles in sections.items() if titles} if position == "sidebar" else {}


@pytest.fixture(autouse=True)
def menus_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record the navigation messages a run sends (page_list's hidden list, then the guard's menu):
    AppTest keeps no navigation message to look at."""
    _MENUS.clear()
    send = page_list.send

    def recording(navigation: NavigationProto) -> None:
        visible: dict[str, list[str]] = {heading: [] for heading in navigation.sections}
        for entry in navigation.app_pages:
            if not entry.is_hidden:
                visible[entry.section_header].append(entry.page_name)
        position = "sidebar" if navigation.position == page_list.SIDEBAR else "hidden"
        send(navigation)  # first: after st.stop() the message is refused, and then it was not sent
        _MENUS.append((position, visible))

    monkeypatch.setattr(page_list, "send", recording)


@pytest.fixture(autouse=True)
def incidents_seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Exception]]:
    """The unexpected errors a page met. A page shows only an incident code for one, so no test may miss it:
    a test expecting one takes this fixture and empties the list once it has looked."""
    seen: list[Exception] = []
    handle = incidents.handle
    monkeypatch.setattr(incidents, "handle", lambda error: seen.append(error) or handle(error))
    yield seen
    assert not seen, f"unexpected errors on the page: {seen!r}"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages ask db.clock for today; the demo database was seeded as of TODAY."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def open_page(demo_url: str) -> Callable[[str, str], AppTest]:
    def open_as(username: str, page: str) -> AppTest:
        at = signed_in(username)
        if page != "app.py":
            at.switch_page(page).run()
        return at

    return open_as
