"""The cost of secret ballots' cryptography alone, without the database or Streamlit.

- sealing one ballot (10 picks) and one survey answer set (10 projects, some comments), the work
  added to each cast; target ≤ 5 ms each;
- the count: rebuilding the key from 2 of 3 tellers' codes and opening 377 sealed ballots (and
  377 answer sets), the work added to closing a round; target ≤ 5 s in all.

    .venv/bin/python benchmarks/bench_sealing.py [--seals 2000] [--repeats 5]

Each figure is the slowest of `--repeats` runs, so a noisy neighbour shows rather than hides.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.secret_ballot.sealing import BALLOT_BUCKET, open_sealed, seal, sealed_length, survey_bucket
from db.secret_ballot.tellers import rebuild_private_key, split_key

DEPUTIES = 377
PROJECTS = 10
SEAL_TARGET_MS = 5.0
COUNT_TARGET_S = 5.0
LEVELS = ("满意", "基本满意", "不满意", "弃权")


def ballot(rng: random.Random) -> dict[str, list[int]]:
    return {"picks": sorted(rng.sample(range(1000, 1030), 10))}


def answers(rng: random.Random) -> list[list[object]]:
    comment = lambda: "" if rng.random() < 0.7 else "建议加快进度，" * rng.randint(1, 60)  # noqa: E731
    return [[2000 + p, rng.choice(LEVELS), comment()] for p in range(PROJECTS)]


def slowest(repeats: int, run: Callable[[], float]) -> float:
    return max(run() for _ in range(repeats))


def per_seal_ms(public_key: bytes, payloads: list, bucket: int | None) -> float:
    started = time.perf_counter()
    for payload in payloads:
        seal(public_key, payload) if bucket is None else seal(public_key, payload, bucket)
    return (time.perf_counter() - started) * 1000 / len(payloads)


def count_seconds(sealed: list[bytes], record, codes: list[str]) -> float:
    started = time.perf_counter()
    key = rebuild_private_key(record, codes)
    opened = [open_sealed(key, box) for box in sealed]
    elapsed = time.perf_counter() - started
    assert len(opened) == len(sealed)
    return elapsed


def line(what: str, target: str, figure: str, met: bool) -> str:
    return f"{what:<64} target {target:>8}  figure {figure:>10}  {'met' if met else 'MISSED'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seals", type=int, default=2000, help="ballots sealed per timed run")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(13)
    record, shared = split_key(2, ["陈监票", "李计票", "王监票"], demo=False)
    codes = [shared[0][1], shared[2][1]]  # one teller's share lost: the count still runs
    bucket = survey_bucket(PROJECTS)
    ballots = [ballot(rng) for _ in range(args.seals)]
    surveys = [answers(rng) for _ in range(args.seals)]
    sealed_ballots = [seal(record.public_key, ballot(rng)) for _ in range(DEPUTIES)]
    sealed_surveys = [seal(record.public_key, answers(rng), bucket) for _ in range(DEPUTIES)]

    seal_ballot = slowest(args.repeats, lambda: per_seal_ms(record.public_key, ballots, None))
    seal_survey = slowest(args.repeats, lambda: per_seal_ms(record.public_key, surveys, bucket))
    count_ballots = slowest(args.repeats, lambda: count_seconds(sealed_ballots, record, codes))
    count_surveys = slowest(args.repeats, lambda: count_seconds(sealed_surveys, record, codes))

    ballot_label = f"seal one ballot (10 picks, {sealed_length(BALLOT_BUCKET):,} bytes sealed)"
    survey_label = f"seal one survey answer set ({PROJECTS} projects, {sealed_length(bucket):,} bytes sealed)"
    seal_target, count_target = f"{SEAL_TARGET_MS:g} ms", f"{COUNT_TARGET_S:g} s"
    results = [
        line(ballot_label, seal_target, f"{seal_ballot:.3f} ms", seal_ballot <= SEAL_TARGET_MS),
        line(survey_label, seal_target, f"{seal_survey:.3f} ms", seal_survey <= SEAL_TARGET_MS),
        line(f"rebuild key (2 of 3) + open {DEPUTIES} ballots", count_target, f"{count_ballots:.3f} s",
             count_ballots <= COUNT_TARGET_S),
        line(f"rebuild key (2 of 3) + open {DEPUTIES} survey answer sets", count_target, f"{count_surveys:.3f} s",
             count_surveys <= COUNT_TARGET_S),
    ]  # fmt: skip
    print(f"secret-ballot cryptography, slowest of {args.repeats} runs ({args.seals} seals per run)")
    print("\n".join(results))
    return 0 if all(result.endswith(" met") for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
