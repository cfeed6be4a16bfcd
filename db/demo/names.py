"""Plausible, invented Chinese personal names for demo deputies."""

from __future__ import annotations

import random

SURNAMES = "陈李黄梁张林吴何刘谭周赵邓冯伍余关甄区朱许郑罗胡叶苏钟卢杨"
COMPOUND_SURNAMES = ("司徒", "欧阳", "上官")
GIVEN = (
    "志伟建华国强丽娟秀英敏慧海燕家明永康嘉欣子豪晓东文静振宇少芳锦荣美玲颖思"
    "俊杰婉婷浩然淑贞德明雅琪宏亮惠玲春生桂芳伟雄碧霞卓凡"
)


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
