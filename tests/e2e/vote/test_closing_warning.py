"""The office's warning before closing a round below its turnout floor follows the ballots by itself.

Read once when the page was drawn, it named a turnout that was no longer true by the time the
office, waiting for the last deputies, pressed the button.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from db.vote import voting
from tests.e2e.conftest import NewContext, Server, main, open_next_years_round, open_page, sign_in, zh
from tests.factories import actor_of

pytestmark = pytest.mark.e2e
REFRESH_TIMEOUT_MS = 30_000  # the warning reads again every 5 s; a busy machine may take a few more


def test_the_closing_warning_names_a_ballot_cast_after_the_page_was_drawn(server: Server, new_context: NewContext):
    round_id = open_next_years_round(server)
    page = new_context().new_page()
    sign_in(page, server.url("/"), "office")
    open_page(page, server.url("/vote_rounds"))
    electorate = server.read(lambda s: voting.turnout(s, round_id)).electorate

    def warning(cast: int) -> str:
        return zh("vote.close_below_floor", share=cast / electorate * 100, cast=cast, electorate=electorate, floor=50)

    expect(main(page).get_by_text(warning(0))).to_be_visible()

    def cast_one(session: Session) -> None:  # as the ballot page does, by a deputy elsewhere
        deputy = actor_of(session, "d030")
        first = voting.round_candidates(session, round_id)[0].id
        voting.cast_sealed(session, deputy, voting.seal_ballot(session, deputy, round_id, [first]))

    server.write(cast_one)
    expect(main(page).get_by_text(warning(1))).to_be_visible(timeout=REFRESH_TIMEOUT_MS)  # no reload, no click
