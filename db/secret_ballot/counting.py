"""The count the vote and the survey share: every sealed box opened with the tellers' key, checked, shuffled.

Runs in the closing transaction (the caller's), with the private key `tellers.rebuild_private_key`
made before it opened. A box that does not open, or whose payload the caller's rules reject, is
kept as `None`: counted as cast and invalid, never dropped silently.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from typing import TypeVar

from db.core.errors import Refused
from db.secret_ballot import rows, sealing
from db.secret_ballot.sealing import BallotUnopenable, PrivateKey
from db.secret_ballot.tellers import RoundKeyRecord

T = TypeVar("T")


def checked_key(stored_record: str, private_key: PrivateKey | None, shares_needed: str) -> PrivateKey:
    """The private key if it is the round's (from its stored record); else refused (`shares_needed` when none)."""
    stored = RoundKeyRecord.from_json(stored_record)
    if private_key is None:
        raise Refused(shares_needed, needed=stored.threshold)
    if not hmac.compare_digest(sealing.public_key_of(private_key), stored.public_key):
        raise Refused("tellers.key_mismatch")
    return private_key


def open_all(private_key: PrivateKey, boxes: Sequence[bytes], valid: Callable[[object], T | None]) -> list[T | None]:
    """Each box's payload as `valid` accepts it (None: unopenable or invalid), in random order."""
    opened: list[T | None] = []
    for box in boxes:
        try:
            payload: object = sealing.open_sealed(private_key, box)
        except BallotUnopenable:
            payload = None
        opened.append(None if payload is None else valid(payload))
    rows.shuffle(opened)
    return opened
