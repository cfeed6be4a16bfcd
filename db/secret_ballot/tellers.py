"""The round's private key, split k-of-n among named tellers (监票人/计票人) and rebuilt at the count.

Opening a round draws a 16-byte seed (`db.sealing` derives the key pair from it) and splits the
seed with Shamir's secret sharing (PyCryptodome, over GF(2^128)): any `threshold` shares rebuild
it, fewer say nothing about it. Each teller is shown their share once, as a code
(`db.share_codes`); it is never stored.

The database keeps a `RoundKeyRecord`: the public key, the tellers' names, the threshold, and per
teller an HMAC-SHA256 of their share under a random salt and the public key. A share is 128
random bits, so the HMAC cannot be reversed or guessed, but it tells a wrong share from a right
one before anything is combined, and names whose it is. After combining, the rebuilt key must
give the stored public key: a last check that needs no secret.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from hashlib import sha256
from typing import Any

from Crypto.Protocol.SecretSharing import Shamir

from db.core.errors import Refused
from db.secret_ballot import share_codes
from db.secret_ballot.sealing import PrivateKey, new_round_key, private_key_from_seed, public_key_of

DEFAULT_THRESHOLD = 2
DEFAULT_TELLERS = 3
MAX_TELLERS = share_codes.MAX_TELLERS
_RECORD_VERSION = 1


@dataclass(frozen=True)
class RoundKeyRecord:
    """What the database keeps of a round's key: enough to seal and to check shares, nothing to open."""

    public_key: bytes
    threshold: int
    tellers: tuple[str, ...]
    salt: bytes
    share_checks: tuple[bytes, ...]  # one per teller, in the order of `tellers`
    demo: bool
    # A demo round's share codes, kept so the office can show them (demo mode only, never a real round).
    demo_shares: tuple[str, ...] = ()

    def with_demo_shares(self, shares: Sequence[tuple[str, str]]) -> RoundKeyRecord:
        """This demo record keeping its shares' codes (from `split_key`): a demonstration has no tellers."""
        if not self.demo:
            raise ValueError("only a demo round keeps its shares")
        return replace(self, demo_shares=tuple(code for _, code in shares))

    def to_json(self) -> str:
        kept = {"demo_shares": list(self.demo_shares)} if self.demo_shares else {}
        return json.dumps(
            kept
            | {
                "version": _RECORD_VERSION,
                "public_key": _b64(self.public_key),
                "threshold": self.threshold,
                "tellers": list(self.tellers),
                "salt": _b64(self.salt),
                "share_checks": [_b64(check) for check in self.share_checks],
                "demo": self.demo,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> RoundKeyRecord:
        data: dict[str, Any] = json.loads(text)
        if data.get("version") != _RECORD_VERSION:
            raise ValueError(f"unknown round key record version {data.get('version')!r}")
        record = cls(
            public_key=base64.b64decode(data["public_key"], validate=True),
            threshold=int(data["threshold"]),
            tellers=tuple(str(name) for name in data["tellers"]),
            salt=base64.b64decode(data["salt"], validate=True),
            share_checks=tuple(base64.b64decode(check, validate=True) for check in data["share_checks"]),
            demo=bool(data["demo"]),
            demo_shares=tuple(str(code) for code in data.get("demo_shares", ())),
        )
        if record.demo_shares and not record.demo:
            raise ValueError("a real round's shares are never stored")
        if len(record.share_checks) != len(record.tellers) or not 1 <= record.threshold <= len(record.tellers):
            raise ValueError("round key record does not hold together")
        return record


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_rules(threshold: int, tellers: Sequence[str], demo: bool) -> None:
    """Refuse a split the rules forbid: 1 needed outside demo mode, more than n, unnamed or twin tellers."""
    names = [name.strip() for name in tellers]
    lowest = 1 if demo else 2  # one person alone must never be able to open a real round
    if threshold < lowest:
        raise Refused("tellers.threshold_too_low", min=lowest)
    if any(not name for name in names):
        raise Refused("tellers.name_missing")
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise Refused("tellers.name_repeated", name=name)
        seen.add(name.casefold())
    if len(names) > MAX_TELLERS:
        raise Refused("tellers.too_many", max=MAX_TELLERS)
    if threshold > len(names):
        raise Refused("tellers.threshold_above_tellers", threshold=threshold, tellers=len(names))


def _share_check(salt: bytes, public_key: bytes, teller_number: int, share: bytes) -> bytes:
    return hmac.new(salt, public_key + bytes([teller_number]) + share, sha256).digest()


def split_key(threshold: int, tellers: Sequence[str], demo: bool) -> tuple[RoundKeyRecord, list[tuple[str, str]]]:
    """A new round key: the record to store, and each teller's (name, code) to show once and forget."""
    check_rules(threshold, tellers, demo)
    names = tuple(name.strip() for name in tellers)
    public_key, seed = new_round_key()
    salt = secrets.token_bytes(16)
    shares = Shamir.split(threshold, len(names), seed)  # numbered 1..n, in the order of `names`
    record = RoundKeyRecord(
        public_key=public_key,
        threshold=threshold,
        tellers=names,
        salt=salt,
        share_checks=tuple(_share_check(salt, public_key, number, share) for number, share in shares),
        demo=demo,
    )
    return record, [(names[number - 1], share_codes.encode(number, share)) for number, share in shares]


def _checked_share(stored: RoundKeyRecord, code: str) -> tuple[int, bytes]:
    number, share = share_codes.decode(code)
    if number > len(stored.tellers):
        raise Refused("tellers.share_not_of_round")
    expected = stored.share_checks[number - 1]
    if not hmac.compare_digest(expected, _share_check(stored.salt, stored.public_key, number, share)):
        raise Refused("tellers.share_wrong", teller=stored.tellers[number - 1])
    return number, share


def check_share(stored: RoundKeyRecord, code: str) -> int:
    """The index (0-based, in `stored.tellers`) of the teller whose right share this code is; else refused."""
    return _checked_share(stored, code)[0] - 1


def rebuild_private_key(stored: RoundKeyRecord, codes: Sequence[str]) -> PrivateKey:
    """The round's private key from at least `threshold` tellers' codes (blank entries are skipped).

    Every code is checked first; all problems are reported together (the first as the refusal,
    the rest in `.more`), each naming its teller or, for an unreadable code, its place (`entry`,
    1-based). Nothing is combined unless every code given is a right share of a different teller.
    """
    problems: list[Refused] = []
    shares: dict[int, bytes] = {}
    for entry, code in enumerate(codes, start=1):
        if not code.strip():
            continue
        try:
            number, share = _checked_share(stored, code)
        except Refused as refused:
            refused.params.setdefault("entry", entry)
            problems.append(refused)
            continue
        if number in shares:
            problems.append(Refused("tellers.share_repeated", teller=stored.tellers[number - 1], entry=entry))
            continue
        shares[number] = share
    if not problems and len(shares) < stored.threshold:
        problems.append(Refused("tellers.too_few_shares", needed=stored.threshold, given=len(shares)))
    if problems:
        first = problems[0]
        first.more = [(problem.reason, problem.params) for problem in problems[1:]]
        raise first
    private_key = private_key_from_seed(Shamir.combine(sorted(shares.items())))
    if not hmac.compare_digest(public_key_of(private_key), stored.public_key):
        raise Refused("tellers.key_mismatch")  # the share checks passed, so the record itself is damaged
    return private_key
