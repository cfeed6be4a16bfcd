"""The codes of a state machine or a closed list, in one place.

Each vocabulary is a `StrEnum`: its members are the codes stored in the database (they compare
equal to plain strings), and from it come the table's CHECK constraint (`check`), the label key
of each code in the text catalogue (`label_key`), and, for a state machine, its moves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from enum import EnumType, StrEnum
from typing import Any


class _VocabularyType(EnumType):
    def __contains__(cls, value: object) -> bool:
        """`"open" in State` for any value, as Python 3.12 does (3.11 raises for a non-member)."""
        return isinstance(value, str) and value in cls._value2member_map_


class Vocabulary(StrEnum, metaclass=_VocabularyType):
    """Subclass with `labels="prefix"`: a member's words live under catalogue key `prefix.code`."""

    label_prefix: str

    def __init_subclass__(cls, labels: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.label_prefix = labels

    @property
    def label_key(self) -> str:
        return f"{self.label_prefix}.{self.value}"

    @classmethod
    @functools.cache
    def codes(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def check(cls, column: str, *, nullable: bool = False, among: Iterable[Vocabulary] | None = None) -> str:
        """SQL for a CHECK constraint admitting these codes (all, or those `among`); codes come from the code."""
        codes = cls.codes() if among is None else tuple(cls(member).value for member in among)
        allowed = f"{column} IN ({', '.join(repr(code) for code in codes)})"
        return f"{column} IS NULL OR {allowed}" if nullable else allowed
