"""Test helpers for sealed rounds of either kind: the office opens them with tellers and closes with their codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from db.core.actors import Actor
from db.secret_ballot import tellers

TELLERS = ("监票人甲", "监票人乙", "计票人丙")


class Office:
    """The office's steps on one kind of sealed round (the vote's, the survey's), as its pages take them.

    Made from that kind's services (`advance`, `rebuild_key`, `round_view`); keeps the codes each
    round's tellers were given, so that `close_round` can type two of them.
    """

    def __init__(self, advance: Callable[..., str], rebuild_key: Callable[..., Any], round_view: Callable[..., Any]):
        self._advance, self._rebuild_key, self._round_view = advance, rebuild_key, round_view
        self._handed_out: dict[int, list[str]] = {}

    def open_round(
        self, session: Session, office: Actor, round_id: int, seen: str | None = None, threshold: int = 2
    ) -> list[str]:
        """Open a draft round with three tellers (2 of 3 by default); their share codes, in teller order."""
        record, shares = tellers.split_key(threshold, TELLERS, demo=False)
        self._advance(session, office, round_id, seen, key=record)
        self._handed_out[round_id] = [code for _, code in shares]
        return self._handed_out[round_id]

    def close_round(
        self,
        session: Session,
        office: Actor,
        round_id: int,
        codes: Sequence[str] | None = None,
        seen: str | None = None,
    ) -> str:
        """Close with these tellers' codes (default: the first two handed out); the key is rebuilt first."""
        codes = self._handed_out[round_id][:2] if codes is None else codes
        private_key = self._rebuild_key(session, office, round_id, codes)
        return self._advance(session, office, round_id, seen, private_key=private_key)

    def advance(self, session: Session, actor: Actor, round_id: int, seen: str | None = None, **options: Any) -> str:
        """The round's next step as the office takes it: opening with tellers, closing with two of their codes.

        `options` go to any other step (publishing a vote: `low_turnout_accepted`).
        """
        state = self._round_view(session, round_id).state
        if state == "draft":
            self.open_round(session, actor, round_id, seen)
            return "open"
        if state == "open" and round_id in self._handed_out:
            return self.close_round(session, actor, round_id, seen=seen)
        return self._advance(session, actor, round_id, seen, **options)

    def handed_out(self, round_id: int) -> list[str]:
        """The codes the round's tellers were given when this test process opened it."""
        return self._handed_out[round_id]
