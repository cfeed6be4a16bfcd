import pytest

from components.shell import menu
from components.text.catalogue import CATALOGUE
from tests.factories import actor_of
from tests.pages.conftest import DEMO_USERS, menu_shown, texts

CASES = [(page.path, kind) for page in menu.PAGES for kind in sorted(DEMO_USERS)]
FORBIDDEN = CATALOGUE["guard.forbidden"][0]


@pytest.mark.parametrize(("path", "kind"), CASES)
def test_each_page_opens_for_its_roles_and_shows_nothing_to_the_others(open_page, demo_session, path, kind):
    at = open_page(DEMO_USERS[kind], path)
    assert not at.exception
    allowed = menu.page_for(path).admits(actor_of(demo_session, DEMO_USERS[kind]))
    if allowed:
        assert not at.error
        assert at.title[0].value  # the page drew its own content
    else:
        assert [e.value for e in at.error] == [FORBIDDEN]
        assert not at.dataframe and not at.title and not at.get("form")


@pytest.mark.parametrize("kind", sorted(DEMO_USERS))
def test_the_menu_lists_exactly_the_pages_of_the_role(open_page, demo_session, kind):
    assert not open_page(DEMO_USERS[kind], "app.py").exception
    assert menu_shown() == [
        CATALOGUE[page.label][0] for page in menu.pages_for(actor_of(demo_session, DEMO_USERS[kind]))
    ]


def test_a_person_not_signed_in_sees_only_the_sign_in_form(demo_url):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import ENTRY, TIMEOUT_S

    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    for path in [p.path for p in menu.PAGES if p.path != "app.py"]:
        at.switch_page(path).run()
        assert at.text_input(key="sign_in_username") is not None
        assert not at.title and not at.dataframe and menu_shown() == []
    assert "演示模式" in texts(at)
