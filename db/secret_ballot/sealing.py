"""Ballots sealed at cast: encrypted to the round's public key before they reach the database.

A libsodium sealed box (X25519 + XSalsa20-Poly1305, via PyNaCl): anyone holding the round's
public key can seal, only the holder of its private key can open, and the box carries nothing
about who sealed it. The private key is never stored: it is derived from a 16-byte seed that
`db.tellers` splits among the tellers and rebuilds at the count.

Lengths. A ciphertext is as long as its plaintext, so every plaintext is padded (ISO/IEC 7816-4,
libsodium's `sodium_pad`) to one fixed bucket per kind of ballot: all ballots of a round then
have the same length, whatever they hold. A payload that does not fit its bucket is refused
rather than padded to a second bucket, since a longer box would single that ballot out.

- Plenary ballots: `BALLOT_BUCKET` = 1024 bytes. Compact JSON costs at most 11 bytes per pick
  (an id of up to 10 digits and a comma), so a list of 90 picks fits; real rounds allow ~20.
- Survey answer sets: `survey_bucket(projects)`, from the worst case per project: a comment of
  `comment_max` characters at 6 bytes each (JSON writes a control character as \\u0001; any
  other character is at most 4 bytes of UTF-8) and 64 bytes for the project, level and
  brackets. Ten projects with 500-character comments: 30,720 bytes. Every answer set of one
  round rates the same projects, so they all share one bucket.

A sealed box adds 48 bytes (the sender's one-time public key and the authentication tag).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.bindings import crypto_box_SEALBYTES, sodium_pad, sodium_unpad
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from db.core.errors import Refused

SEED_BYTES = 16  # what a teller's share carries; 128 bits match X25519's strength
BALLOT_BUCKET = 1024
SEALED_OVERHEAD = crypto_box_SEALBYTES  # 48
_PER_PROJECT_OVERHEAD = 64
_WORST_BYTES_PER_CHAR = 6
_KEY_INFO = b"minsheng secret ballot round key v1"  # ties derived keys to this use only

__all__ = [
    "BALLOT_BUCKET",
    "BallotUnopenable",
    "PrivateKey",
    "new_round_key",
    "open_sealed",
    "private_key_from_seed",
    "public_key_of",
    "seal",
    "sealed_length",
    "survey_bucket",
]


class BallotUnopenable(Refused):
    """A sealed ballot that does not open with the round's key: another round's, altered or forged."""

    def __init__(self) -> None:
        super().__init__("sealing.unopenable")


def survey_bucket(projects: int, comment_max: int = 500) -> int:
    """The padded plaintext length for a survey answer set: room for the worst case, in whole KiB."""
    worst = 64 + projects * (_PER_PROJECT_OVERHEAD + _WORST_BYTES_PER_CHAR * comment_max)
    return -(-worst // 1024) * 1024


def sealed_length(bucket: int) -> int:
    """How long every sealed ballot of this bucket is."""
    return bucket + SEALED_OVERHEAD


def private_key_from_seed(seed: bytes) -> PrivateKey:
    """The round's X25519 private key, derived from the seed the tellers share (HKDF-SHA256)."""
    if len(seed) != SEED_BYTES:
        raise ValueError(f"a round key seed is {SEED_BYTES} bytes")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(seed)
    return PrivateKey(derived)


def public_key_of(private_key: PrivateKey) -> bytes:
    return bytes(private_key.public_key)


def new_round_key() -> tuple[bytes, bytes]:
    """A fresh key for a round: (public key to store, 32 bytes; seed to split among tellers, 16 bytes)."""
    seed = secrets.token_bytes(SEED_BYTES)
    return public_key_of(private_key_from_seed(seed)), seed


def _encode(payload: dict[str, Any] | list[Any]) -> bytes:
    # JSON turns int dict keys into strings: callers wanting ints back use lists, e.g. [[id, level, text]].
    try:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode("utf-8")
    except (TypeError, ValueError) as error:  # not JSON-able, NaN, or a lone surrogate
        raise Refused("sealing.unencodable") from error


def seal(public_key: bytes, payload: dict[str, Any] | list[Any], bucket: int = BALLOT_BUCKET) -> bytes:
    """The payload as JSON, padded to `bucket` bytes and sealed to the round's public key.

    Two seals of the same payload differ (a new one-time key each time), so equal ballots
    cannot be spotted in the database.
    """
    plaintext = _encode(payload)
    if len(plaintext) >= bucket:  # padding always adds at least one byte
        raise Refused("sealing.too_large", size=len(plaintext), bucket=bucket)
    return SealedBox(PublicKey(public_key)).encrypt(sodium_pad(plaintext, bucket))


def open_sealed(private_key: PrivateKey, sealed: bytes) -> dict[str, Any] | list[Any]:
    """The payload of a sealed ballot; `BallotUnopenable` if it was not sealed to this key or was altered."""
    try:
        padded = SealedBox(private_key).decrypt(bytes(sealed))
        # The whole padded text as one block: the marker is searched for over all of it.
        plaintext = sodium_unpad(padded, len(padded))
        payload = json.loads(plaintext.decode("utf-8"))
    except (CryptoError, ValueError, TypeError) as error:  # bad box, bad padding, bad UTF-8 or JSON
        raise BallotUnopenable() from error
    if not isinstance(payload, dict | list):
        raise BallotUnopenable()
    return payload
