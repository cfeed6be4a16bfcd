"""Plausible, invented Chinese personal names for demo deputies and residents."""

from __future__ import annotations

import random

from db.demo.pool.people import COMPOUND_SURNAMES, GIVEN, SURNAMES


def generate(rng: random.Random, count: int) -> list[str]:
    """`count` distinct names: a surname (sometimes compound) and one or two given characters."""
    made: list[str] = []
    seen: set[str] = set()
    while len(made) < count:
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.04 else rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        name = surname + given
        if name not in seen:
            seen.add(name)
            made.append(name)
    return made
