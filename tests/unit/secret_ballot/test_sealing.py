"""Ballots sealed to a round's public key: only its private key opens them, and their length says nothing."""

import json

import pytest
from nacl.public import PublicKey, SealedBox

from db.core.errors import Refused
from db.secret_ballot import sealing
from db.secret_ballot.sealing import BALLOT_BUCKET, BallotUnopenable, open_sealed, seal, sealed_length, survey_bucket

SEED = bytes(range(16))  # a fixed seed: the same key every run
KEY = sealing.private_key_from_seed(SEED)
PUBLIC = sealing.public_key_of(KEY)
PICKS = [48213907, 48213911, 48213925]  # distinctive ids, easy to search for in bytes


def survey(comments: list[str]) -> list[list[object]]:
    return [[900100 + i, "基本满意", comment] for i, comment in enumerate(comments)]


def test_a_sealed_ballot_opens_to_what_was_sealed():
    assert open_sealed(KEY, seal(PUBLIC, {"picks": PICKS})) == {"picks": PICKS}


def test_a_sealed_survey_opens_with_its_chinese_comments_intact():
    answers = survey(["道路照明仍需改进，\n夜间“不够亮”", "", "满意 👍"])
    assert open_sealed(KEY, seal(PUBLIC, answers, survey_bucket(3))) == answers


def test_the_key_is_derived_from_its_seed_alone():
    again = sealing.private_key_from_seed(SEED)
    assert sealing.public_key_of(again) == PUBLIC and len(PUBLIC) == 32
    assert sealing.public_key_of(sealing.private_key_from_seed(bytes(16))) != PUBLIC


def test_a_new_round_key_gives_a_public_key_that_its_seed_opens():
    public, seed = sealing.new_round_key()
    assert len(seed) == sealing.SEED_BYTES
    assert open_sealed(sealing.private_key_from_seed(seed), seal(public, [1, 2])) == [1, 2]


def test_a_ballot_sealed_to_another_rounds_key_does_not_open():
    other_public, _ = sealing.new_round_key()
    with pytest.raises(BallotUnopenable) as refused:
        open_sealed(KEY, seal(other_public, {"picks": PICKS}))
    assert refused.value.reason == "sealing.unopenable"


@pytest.mark.parametrize("position", [0, 31, 32, 100, -17, -1])  # one-time key, body, tag
def test_a_ballot_altered_anywhere_is_refused(position):
    sealed = bytearray(seal(PUBLIC, {"picks": PICKS}))
    sealed[position] ^= 0x01
    with pytest.raises(BallotUnopenable):
        open_sealed(KEY, bytes(sealed))


@pytest.mark.parametrize("sealed", [b"", b"\x00" * 47, b"\x00" * 48, b"\x00" * (48 + BALLOT_BUCKET)])
def test_bytes_that_are_no_sealed_ballot_are_refused(sealed):
    with pytest.raises(BallotUnopenable):
        open_sealed(KEY, sealed)


@pytest.mark.parametrize(
    "plaintext",
    [b"", b'{"picks":[1]}', b"\x80" + b"\xff" * 10, b"no json\x80" + bytes(8), b'"a string"\x80' + bytes(5)],
)
def test_a_box_sealed_to_the_key_but_not_holding_a_padded_ballot_is_refused(plaintext):
    # Anyone with the public key can seal: a forged box must count as invalid, not crash the count.
    forged = SealedBox(PublicKey(PUBLIC)).encrypt(plaintext)
    with pytest.raises(BallotUnopenable):
        open_sealed(KEY, forged)


def test_the_same_ballot_sealed_twice_gives_different_bytes():
    first, second = seal(PUBLIC, {"picks": PICKS}), seal(PUBLIC, {"picks": PICKS})
    assert first != second
    assert open_sealed(KEY, first) == open_sealed(KEY, second)


def test_every_ballot_from_none_to_twenty_picks_has_the_same_length():
    lengths = {len(seal(PUBLIC, {"picks": list(range(1_000_000, 1_000_000 + n))})) for n in range(21)}
    assert lengths == {sealed_length(BALLOT_BUCKET)}


def test_ninety_picks_of_ten_digit_ids_still_fit_the_ballot_bucket():
    assert len(seal(PUBLIC, {"picks": [9_999_999_999] * 90})) == sealed_length(BALLOT_BUCKET)


WORST_COMMENTS = {
    "none": [""] * 10,
    "chinese": ["民" * 500] * 10,
    "emoji": ["👍" * 500] * 10,
    "control characters": ["\x01" * 500] * 10,  # JSON writes each as \u0001: 6 bytes
    "quotes and backslashes": ['"\\' * 250] * 10,
    "mixed": ["", "好" * 500, "", "\x01" * 500, "", "", "a", "", "", ""],
}


@pytest.mark.parametrize("comments", WORST_COMMENTS.values(), ids=WORST_COMMENTS.keys())
def test_every_survey_of_ten_projects_has_the_same_length_whatever_its_comments(comments):
    bucket = survey_bucket(10)
    assert len(seal(PUBLIC, survey(comments), bucket)) == sealed_length(bucket)


def test_the_survey_bucket_grows_with_the_projects_and_stays_in_whole_kib():
    assert survey_bucket(10) == 30_720
    assert survey_bucket(1) < survey_bucket(10) < survey_bucket(12)
    assert all(survey_bucket(n) % 1024 == 0 for n in range(1, 30))


def test_no_pick_and_no_comment_can_be_found_in_the_sealed_bytes():
    comment = "东湖路段排水改造进度滞后"
    sealed = seal(PUBLIC, {"picks": PICKS, "comment": comment}, survey_bucket(1))
    plaintext = json.dumps({"picks": PICKS}, separators=(",", ":")).encode()
    for needle in [plaintext, comment.encode(), comment.encode("utf-16-le"), *(str(p).encode() for p in PICKS)]:
        assert needle not in sealed
    for pick in PICKS:
        assert pick.to_bytes(4, "big") not in sealed and pick.to_bytes(4, "little") not in sealed


def test_a_ballot_too_large_for_its_bucket_is_refused_rather_than_given_away_by_its_length():
    with pytest.raises(Refused) as refused:
        seal(PUBLIC, {"picks": list(range(1_000_000, 1_000_200))})
    assert refused.value.reason == "sealing.too_large"
    assert refused.value.params["bucket"] == BALLOT_BUCKET


def test_a_payload_one_byte_short_of_the_bucket_fits_and_one_that_fills_it_does_not():
    filler = lambda n: ["x" * (n - 4)]  # noqa: E731 - JSON adds 4 bytes: ["..."]
    assert len(seal(PUBLIC, filler(BALLOT_BUCKET - 1))) == sealed_length(BALLOT_BUCKET)
    with pytest.raises(Refused):
        seal(PUBLIC, filler(BALLOT_BUCKET))


@pytest.mark.parametrize("payload", [{"picks": {1, 2}}, {"rate": float("nan")}, ["\ud800"], {"when": object()}])
def test_a_payload_that_is_not_plain_json_is_refused_before_sealing(payload):
    with pytest.raises(Refused) as refused:
        seal(PUBLIC, payload)
    assert refused.value.reason == "sealing.unencodable"


def test_a_seed_of_the_wrong_length_is_a_programming_error():
    with pytest.raises(ValueError):
        sealing.private_key_from_seed(bytes(32))
