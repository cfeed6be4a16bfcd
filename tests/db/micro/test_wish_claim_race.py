"""Two deputies claim the same wish at the same moment: exactly one claim, the other told plainly."""

import threading

from sqlalchemy import func, select

from db.core import clock
from db.core.errors import Refused
from db.core.models import AuditEntry
from db.core.session import session_scope
from db.micro import wish_rules, wishes
from db.micro.models import MicroWish, MicroWishNote
from db.micro.wishes import WishEntry
from tests import factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of


def test_two_deputies_claiming_one_wish_at_once_give_exactly_one_claim_and_one_clear_refusal(
    session, database_url, monkeypatch
):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    office = actor_of(session, factories.account(session, "staff").username)
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in range(2)]
    with session_scope() as s:
        wish_id = wishes.record(
            s, office, WishEntry("为独居老人安装扶手", "陈桂芳", factories.division(session).id, "elderly", 800)
        )
    # Both must have read the wish as open before either writes. SQLite lets one writer in at a
    # time (BEGIN IMMEDIATE), so there they can only start together; on PostgreSQL both pass the
    # check and meet inside their transactions, and the conditional UPDATE decides.
    together = threading.Barrier(2, timeout=20)
    inside = database_url.startswith("postgresql")
    checked = threading.local()
    rule = wish_rules.wish_move_problem

    def check_then_wait(*args, **kwargs):
        problem = rule(*args, **kwargs)
        if inside and not getattr(checked, "once", False):
            checked.once = True
            together.wait()
        return problem

    monkeypatch.setattr(wish_rules, "wish_move_problem", check_then_wait)
    outcomes: dict[int, str] = {}

    def claim(deputy):
        if not inside:
            together.wait()
        try:
            with session_scope() as s:
                wishes.claim(s, deputy, wish_id)
            outcomes[deputy.id] = "claimed"
        except Refused as refused:
            outcomes[deputy.id] = refused.reason

    threads = [threading.Thread(target=claim, args=(d,)) for d in deputies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["claimed", "wish.already_claimed"]
    winner = next(d for d in deputies if outcomes[d.id] == "claimed")
    fresh(session)
    wish = session.get(MicroWish, wish_id)
    assert (wish.state, wish.deputy_id) == ("claimed", winner.deputy_id)
    notes = session.scalar(select(func.count()).select_from(MicroWishNote).where(MicroWishNote.wish_id == wish_id))
    claims = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "claim"))
    assert (notes, claims) == (1, 1)
