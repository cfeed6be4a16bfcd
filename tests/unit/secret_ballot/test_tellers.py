"""The round key split among tellers: any k of n rebuild it, fewer cannot, a bad share is refused and named."""

import dataclasses
import itertools
import json
import re

import pytest
from Crypto.Protocol.SecretSharing import Shamir

from db.core.errors import Refused
from db.secret_ballot import share_codes, tellers
from db.secret_ballot.sealing import open_sealed, private_key_from_seed, public_key_of, seal
from db.secret_ballot.tellers import RoundKeyRecord, check_share, rebuild_private_key, split_key

NAMES = ["陈监票", "李计票", "王监票", "赵计票", "周监票"]
CODE_SHAPE = re.compile(r"^[1-9](-[0-9A-HJKMNP-TV-Z]{4}){7}$")


def codes_of(shared: list[tuple[str, str]]) -> list[str]:
    return [code for _, code in shared]


def reason(call) -> tuple[str, dict]:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.reason, refused.value.params


def with_share(code: str, share: bytes) -> str:
    """A well-formed code (its check symbols right) for the same teller but another share."""
    number, _ = share_codes.decode(code)
    return share_codes.encode(number, share)


ROUND, SHARED = split_key(2, NAMES[:3], demo=False)
CODES = codes_of(SHARED)


@pytest.mark.parametrize(("threshold", "count"), [(2, 3), (2, 2), (3, 5), (4, 9), (9, 9)])
def test_every_k_of_the_n_shares_rebuild_the_key(threshold, count):
    names = [f"teller {i}" for i in range(count)]
    record, shared = split_key(threshold, names, demo=False)
    sealed = seal(record.public_key, {"picks": [7, 11]})
    for chosen in itertools.combinations(codes_of(shared), threshold):
        key = rebuild_private_key(record, list(chosen))
        assert public_key_of(key) == record.public_key
        assert open_sealed(key, sealed) == {"picks": [7, 11]}


@pytest.mark.parametrize(("threshold", "count"), [(2, 3), (3, 5), (4, 9)])
def test_fewer_than_k_shares_are_refused_before_combining(threshold, count):
    record, shared = split_key(threshold, [f"teller {i}" for i in range(count)], demo=False)
    for chosen in itertools.combinations(codes_of(shared), threshold - 1):
        assert reason(lambda c=chosen: rebuild_private_key(record, list(c))) == (
            "tellers.too_few_shares",
            {"needed": threshold, "given": threshold - 1},
        )


@pytest.mark.parametrize(("threshold", "count"), [(2, 3), (3, 5), (4, 9)])
def test_k_minus_one_shares_combined_anyway_give_a_key_that_is_not_the_rounds(threshold, count):
    record, shared = split_key(threshold, [f"teller {i}" for i in range(count)], demo=False)
    shares = [share_codes.decode(code) for code in codes_of(shared)]
    for chosen in itertools.combinations(shares, threshold - 1):
        guessed = private_key_from_seed(Shamir.combine(list(chosen)))
        assert public_key_of(guessed) != record.public_key


def test_two_of_three_is_the_default_and_losing_one_share_still_allows_the_count():
    assert (tellers.DEFAULT_THRESHOLD, tellers.DEFAULT_TELLERS) == (2, 3)
    record, shared = split_key(tellers.DEFAULT_THRESHOLD, NAMES[: tellers.DEFAULT_TELLERS], demo=False)
    for lost in range(3):
        kept = [code for i, code in enumerate(codes_of(shared)) if i != lost]
        assert public_key_of(rebuild_private_key(record, kept)) == record.public_key
    for alone in codes_of(shared):
        assert reason(lambda a=alone: rebuild_private_key(record, [a]))[0] == "tellers.too_few_shares"


def test_all_n_shares_in_any_order_rebuild_the_key_and_blank_entries_are_skipped():
    key = rebuild_private_key(ROUND, ["", CODES[2], "  ", CODES[0], CODES[1]])
    assert public_key_of(key) == ROUND.public_key


def test_each_teller_gets_a_short_code_of_their_own_in_the_order_given():
    assert [name for name, _ in SHARED] == NAMES[:3]
    assert all(CODE_SHAPE.match(code) and len(code) == 36 for code in CODES)
    assert [code[0] for code in CODES] == ["1", "2", "3"]
    assert len(set(CODES)) == 3


def test_check_share_tells_whose_share_a_code_is():
    assert [check_share(ROUND, code) for code in CODES] == [0, 1, 2]


def test_a_code_is_accepted_however_it_is_typed():
    number, share = share_codes.decode(CODES[1])
    sloppy = CODES[1].lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert share_codes.decode(sloppy) == (number, share)
    assert check_share(ROUND, "  " + CODES[1].replace("-", "") + " ") == 1


def test_a_wrong_share_is_refused_and_its_teller_named():
    wrong = with_share(CODES[1], bytes(16))
    assert reason(lambda: check_share(ROUND, wrong)) == ("tellers.share_wrong", {"teller": "李计票"})
    assert reason(lambda: rebuild_private_key(ROUND, [CODES[0], wrong])) == (
        "tellers.share_wrong",
        {"teller": "李计票", "entry": 2},
    )


def test_another_rounds_share_for_the_same_teller_number_is_refused_as_wrong():
    other, other_shared = split_key(2, NAMES[:3], demo=False)
    assert reason(lambda: rebuild_private_key(ROUND, [CODES[0], other_shared[2][1]]))[:1] == ("tellers.share_wrong",)
    assert reason(lambda: check_share(other, CODES[2]))[1] == {"teller": "王监票"}


def test_a_share_of_a_teller_number_the_round_does_not_have_is_refused():
    _, five = split_key(2, NAMES, demo=False)
    assert reason(lambda: rebuild_private_key(ROUND, [CODES[0], five[4][1]])) == (
        "tellers.share_not_of_round",
        {"entry": 2},
    )


def test_every_problem_is_reported_at_once_each_naming_its_teller():
    with pytest.raises(Refused) as refused:
        rebuild_private_key(ROUND, [with_share(CODES[0], bytes(16)), CODES[1], with_share(CODES[2], b"\x01" * 16)])
    assert (refused.value.reason, refused.value.params["teller"]) == ("tellers.share_wrong", "陈监票")
    assert refused.value.more == [("tellers.share_wrong", {"teller": "王监票", "entry": 3})]


def test_a_share_entered_twice_is_refused_even_when_typed_differently():
    again = CODES[0].lower().replace("-", "")
    assert reason(lambda: rebuild_private_key(ROUND, [CODES[0], again])) == (
        "tellers.share_repeated",
        {"teller": "陈监票", "entry": 2},
    )


def test_a_repeated_share_does_not_count_towards_k_even_beside_enough_others():
    assert reason(lambda: rebuild_private_key(ROUND, [CODES[0], CODES[1], CODES[1]]))[0] == "tellers.share_repeated"


SYMBOLS = CODES[0].replace("-", "")


@pytest.mark.parametrize("position", range(len(SYMBOLS)))
def test_any_single_mistyped_symbol_is_caught_by_the_check_before_the_share_is_tried(position):
    for symbol in share_codes.ALPHABET:
        if symbol == SYMBOLS[position]:
            continue
        typo = SYMBOLS[:position] + symbol + SYMBOLS[position + 1 :]
        assert reason(lambda t=typo: share_codes.decode(t)) == ("tellers.code_typo", {})


@pytest.mark.parametrize("position", range(len(SYMBOLS) - 3))  # the first 27 symbols
def test_two_neighbouring_symbols_swapped_are_caught(position):
    for code in CODES:
        symbols = code.replace("-", "")
        a, b = symbols[position], symbols[position + 1]
        if a != b:
            swapped = symbols[:position] + b + a + symbols[position + 2 :]
            assert reason(lambda s=swapped: share_codes.decode(s))[0] == "tellers.code_typo"


def test_a_typo_is_reported_with_its_entry_when_rebuilding():
    typo = CODES[1][:-1] + ("0" if CODES[1][-1] != "0" else "1")
    assert reason(lambda: rebuild_private_key(ROUND, [CODES[0], typo])) == ("tellers.code_typo", {"entry": 2})


@pytest.mark.parametrize(
    "code",
    ["", "1-ABCD", SYMBOLS + "0", SYMBOLS[:-1], SYMBOLS[:5] + "U" + SYMBOLS[6:], "秘" * 29],
    # Stable ids: the codes are random, and pytest-xdist workers must collect the same tests.
    ids=["empty", "short", "one_too_many", "one_too_few", "letter_not_in_alphabet", "not_ascii"],
)
def test_a_code_of_the_wrong_shape_is_refused_as_malformed(code):
    assert reason(lambda: share_codes.decode(code)) == ("tellers.code_malformed", {"symbols": 29})


def test_a_code_whose_check_holds_but_whose_teller_number_is_not_one_to_nine_is_malformed():
    body = "0" + SYMBOLS[1:27]
    check = share_codes._symbols(share_codes._number(body) % 1021, 2)
    assert reason(lambda: share_codes.decode(body + check))[0] == "tellers.code_malformed"


def test_one_of_one_is_refused_outside_demo_mode_and_allowed_in_it():
    assert reason(lambda: split_key(1, ["陈监票"], demo=False)) == ("tellers.threshold_too_low", {"min": 2})
    assert reason(lambda: split_key(1, NAMES[:3], demo=False))[0] == "tellers.threshold_too_low"
    record, shared = split_key(1, ["演示计票人"], demo=True)
    assert record.demo and record.threshold == 1
    assert public_key_of(rebuild_private_key(record, codes_of(shared))) == record.public_key


@pytest.mark.parametrize(
    ("threshold", "names", "demo", "expected"),
    [
        (0, NAMES[:1], True, ("tellers.threshold_too_low", {"min": 1})),
        (4, NAMES[:3], False, ("tellers.threshold_above_tellers", {"threshold": 4, "tellers": 3})),
        (2, [], False, ("tellers.threshold_above_tellers", {"threshold": 2, "tellers": 0})),
        (2, ["陈监票", " "], False, ("tellers.name_missing", {})),
        (2, ["Chen", "chen ", "Li"], False, ("tellers.name_repeated", {"name": "chen"})),
        (2, [f"t{i}" for i in range(10)], False, ("tellers.too_many", {"max": 9})),
    ],
)
def test_splits_the_rules_do_not_allow_are_refused(threshold, names, demo, expected):
    assert reason(lambda: split_key(threshold, names, demo)) == expected


def test_the_stored_record_survives_json_and_holds_no_share():
    text = ROUND.to_json()
    assert RoundKeyRecord.from_json(text) == ROUND
    for _, share in (share_codes.decode(code) for code in CODES):
        assert share.hex() not in text and share not in text.encode()
    rebuilt = RoundKeyRecord.from_json(text)
    assert public_key_of(rebuild_private_key(rebuilt, CODES[1:])) == ROUND.public_key


@pytest.mark.parametrize(
    "change",
    [{"version": 2}, {"threshold": 4}, {"threshold": 0}, {"share_checks": []}, {"salt": "not base64!"}],
)
def test_a_damaged_record_is_not_taken_for_a_round_key(change):
    data = json.loads(ROUND.to_json()) | change
    with pytest.raises(ValueError):
        RoundKeyRecord.from_json(json.dumps(data))


def test_a_record_whose_public_key_was_swapped_refuses_the_rebuilt_key():
    # Share checks recomputed for the swapped key, as only someone rewriting the record could.
    numbered = [share_codes.decode(code) for code in CODES]
    forged_public = public_key_of(private_key_from_seed(bytes(16)))
    checks = tuple(tellers._share_check(ROUND.salt, forged_public, n, share) for n, share in numbered)
    forged = dataclasses.replace(ROUND, public_key=forged_public, share_checks=checks)
    assert reason(lambda: rebuild_private_key(forged, CODES[:2])) == ("tellers.key_mismatch", {})
