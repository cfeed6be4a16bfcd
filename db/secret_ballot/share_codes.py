"""A teller's share written as a short code a person can read aloud, type and print.

    2-0K3M-Q9XH-2R7T-B4WZ-8N6P-D1FA-GJCS

29 symbols of Crockford's base32 (digits and capitals without I, L, O, U; typing is forgiving:
lower case, O for 0, I or L for 1, any hyphens or spaces): the teller's number (1-9), the
16-byte share (26 symbols), and two check symbols. The check is the value of the first 27
symbols modulo the prime 1021 (Crockford's own check symbol, modulo 37, needs five extra
symbols nobody can type; a larger prime buys two symbols' worth of safety): every single
mistyped symbol and every swap of two neighbouring symbols there is caught, and any other typo
slips through only about once in a thousand, to be caught then by the round's stored share check.

Hand-written because no maintained library encodes Crockford's base32 with a check of this
strength; it is an error-detecting code, not cryptography.
"""

from __future__ import annotations

from db.core.errors import Refused

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_TELLERS = 9  # one digit; a larger committee of tellers is not expected
SHARE_BYTES = 16
_SHARE_SYMBOLS = 26  # 130 bits: the top two are always 0
_CHECK_MODULUS = 1021
_SYMBOLS = 1 + _SHARE_SYMBOLS + 2
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}


def _number(symbols: str) -> int:
    value = 0
    for symbol in symbols:
        value = value * 32 + _VALUES[symbol]
    return value


def _symbols(value: int, length: int) -> str:
    out = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        out.append(ALPHABET[digit])
    return "".join(reversed(out))


def _check(body: str) -> str:
    return _symbols(_number(body) % _CHECK_MODULUS, 2)


def encode(teller_number: int, share: bytes) -> str:
    """The printed code of share `share` for the teller numbered `teller_number` (1-based)."""
    if not 1 <= teller_number <= MAX_TELLERS or len(share) != SHARE_BYTES:
        raise ValueError("a teller number is 1-9 and a share 16 bytes")
    body = str(teller_number) + _symbols(int.from_bytes(share, "big"), _SHARE_SYMBOLS)
    symbols = body + _check(body)
    return symbols[0] + "-" + "-".join(symbols[i : i + 4] for i in range(1, _SYMBOLS, 4))


def decode(code: str) -> tuple[int, bytes]:
    """(teller number, share) from a typed code; a code that is not one, or has a typo, is refused.

    Checks only the code itself: whether the share belongs to a round is `db.tellers`' question.
    """
    symbols = "".join(code.split()).replace("-", "").upper()
    if len(symbols) != _SYMBOLS or any(symbol not in _VALUES for symbol in symbols):
        raise Refused("tellers.code_malformed", symbols=_SYMBOLS)
    body, check = symbols[:-2], symbols[-2:]
    if _number(check) != _number(body) % _CHECK_MODULUS:
        raise Refused("tellers.code_typo")
    teller_number, share = _number(body[0]), _number(body[1:])
    if not 1 <= teller_number <= MAX_TELLERS or share >= 1 << (8 * SHARE_BYTES):
        raise Refused("tellers.code_malformed", symbols=_SYMBOLS)
    return teller_number, share.to_bytes(SHARE_BYTES, "big")
