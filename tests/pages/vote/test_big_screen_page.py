"""The hall's projector is a kiosk: no sidebar, menu, demo banner or language switch; large type; it refreshes."""

from __future__ import annotations

from components.shell import menu
from components.text.catalogue import CATALOGUE
from db.core.session import read_scope, session_scope
from db.vote import voting
from tests import ballots
from tests.conftest import TODAY
from tests.factories import actor_of
from tests.pages.conftest import menu_shown, texts

NEXT_YEAR = TODAY.year + 1
BANNER = CATALOGUE["app.demo_banner"][0]


def test_the_projector_draws_no_sidebar_menu_or_demo_banner(open_page):
    at = open_page("office", "pages/vote_screen.py")
    assert not at.exception and not at.error
    assert menu_shown() == [] and not at.sidebar.markdown and not at.sidebar.get("button_group")
    assert BANNER not in texts(at)
    styles = "".join(h.proto.body for h in at.get("html"))
    assert '[data-testid="stSidebar"]' in styles and "display: none" in styles  # Streamlit's frame hidden too
    assert at.title[0].value  # the screen's heading is the page's only title


def test_only_the_projector_is_a_kiosk_every_other_page_keeps_its_menu(open_page):
    assert [page.path for page in menu.PAGES if page.kiosk] == ["pages/vote_screen.py"]
    at = open_page("office", "pages/vote_rounds.py")
    assert menu_shown() and BANNER in texts(at)


def test_while_open_the_turnout_is_a_large_figure_with_a_thick_bar_and_the_floor_marked(open_page, demo_session):
    office = actor_of(demo_session, "office")
    with read_scope() as s:
        (draft,) = voting.rounds(s, NEXT_YEAR)
    with session_scope() as s:
        ballots.advance(s, office, draft.id)
    at = open_page("leader", "pages/vote_screen.py")
    body = "".join(h.proto.body for h in at.get("html"))
    assert "class='figure'>0.0%<" in body and "role='progressbar'" in body and "left:50%" in body
    assert "竖线为投票率下限：须超过 50%" in body
    assert at.title[0].value == f"{NEXT_YEAR} 年度民生实事项目票决 · 投票进行中"


def test_a_published_round_lists_the_elected_in_order_with_their_votes(open_page, demo_session):
    with read_scope() as s:
        published = next(r for r in voting.rounds(s) if r.state == "published")
        result = voting.results(s, published.id)
        titles = {c.id: c.title for c in voting.round_candidates(s, published.id)}
    at = open_page("d001", "pages/vote_screen.py")
    body = "".join(h.proto.body for h in at.get("html"))
    elected = [line for line in result.tally.lines if line.elected]
    positions = [body.index(titles[line.candidate_id]) for line in elected]
    assert positions == sorted(positions)  # in order of votes
    assert all(f"{line.votes} 票" in body for line in elected)
