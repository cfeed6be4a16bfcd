"""The plenary's secret ballot in one name for pages and components: `voting.<service>`.

Kept as the surface pages, components and the app call, so the vote's modules may be split by
what they do without the screens following:
- rounds: the office's rounds, their rules, candidates, electorate and turnout (db.vote.rounds);
- casting: the deputy's ballot screen, the picks sealed, then recorded (db.vote.casting);
- counting: opened with the tellers' key, closed and counted, published (db.vote.counting);
- results: the tally once closed, the ballots and receipts once published (db.vote.results).
"""

from __future__ import annotations

from db.vote.casting import BallotScreen, SealedCast, ballot_screen, cast_sealed, seal_ballot, tracker_of
from db.vote.counting import (
    advance,
    key_record,
    mark_scrubbed,
    rebuild_key,
    scrub_after_closing,
    scrub_pending_rounds,
)
from db.vote.results import PublishedBallots, RoundResult, published_ballots, results, verify_receipt
from db.vote.rounds import (
    RoundView,
    Turnout,
    create_round,
    round_candidates,
    round_view,
    rounds,
    turnout,
    update_round,
)

__all__ = [
    "BallotScreen",
    "PublishedBallots",
    "RoundResult",
    "RoundView",
    "SealedCast",
    "Turnout",
    "advance",
    "ballot_screen",
    "cast_sealed",
    "create_round",
    "key_record",
    "mark_scrubbed",
    "published_ballots",
    "rebuild_key",
    "results",
    "round_candidates",
    "round_view",
    "rounds",
    "scrub_after_closing",
    "scrub_pending_rounds",
    "seal_ballot",
    "tracker_of",
    "turnout",
    "update_round",
    "verify_receipt",
]
