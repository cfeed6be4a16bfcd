"""The catalogue's words in a document's language, with its ways of writing numbers, days and lists.

A document is written in the language of the interface that asked for it, but not through the
Streamlit session (`components.text.t`): a benchmark or a test writes one without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from components.text.catalogue import CATALOGUE
from db.core.vocabulary import Vocabulary

INDEX = {"zh": 0, "en": 1}
DIGITS = "零一二三四五六七八九"
ENGLISH_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ENGLISH_ORDINALS = "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split()
ENGLISH_MONTHS = "January February March April May June July August September October November December".split()
SENTENCE_ENDS = "。；;.!?！？…"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (the counts and ordinals of a document)."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    return str(n)


class Words:
    def __init__(self, language: str) -> None:
        self.language = language if language in INDEX else "zh"
        self._index = INDEX[self.language]

    @property
    def chinese(self) -> bool:
        return self.language == "zh"

    def __call__(self, key: str, **params: Any) -> str:
        text = CATALOGUE[key][self._index]
        if not params:
            return text
        return text.format(**{k: self(v.label_key) if isinstance(v, Vocabulary) else v for k, v in params.items()})

    def label(self, vocabulary: type[Vocabulary], code: str) -> str:
        return self(vocabulary(code).label_key)

    def percent(self, share: float | None) -> str:
        """81.2% — to one decimal, as the dashboard and the results page show it; — when there is none."""
        return "—" if share is None else f"{share * 100:.1f}%"

    def points(self, share: float) -> str:
        return f"{abs(share) * 100:.1f}"

    def money(self, amount: float) -> str:
        """万元 to one decimal with thousands grouped, as the dashboard shows funds."""
        return f"{amount:,.1f}"

    def figure(self, value: float) -> str:
        """A target or a delivered value: no decimals unless it has them."""
        return f"{value:,.2f}".rstrip("0").rstrip(".")

    def day(self, day: date) -> str:
        if self.chinese:
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"

    def month(self, month: date) -> str:
        if self.chinese:
            return f"{month.year}年{month.month}月"
        return f"{ENGLISH_MONTHS[month.month - 1]} {month.year}"

    def count(self, n: int) -> str:
        """A count in words where a person would write it so: 十件, ten projects."""
        if self.chinese:
            return chinese_number(n)
        return ENGLISH_NUMBERS[n] if n < len(ENGLISH_NUMBERS) else str(n)

    def ordinal(self, n: int) -> str:
        """（一） in Chinese, (1) in English: a level-2 heading's number."""
        return f"（{chinese_number(n)}）" if self.chinese else f"({n}) "

    def point(self, n: int) -> str:
        """一是 / First, — the start of the n-th of a list of points in running text."""
        if self.chinese:
            return f"{chinese_number(n)}是"
        return (ENGLISH_ORDINALS[n - 1] if n <= len(ENGLISH_ORDINALS) else f"{n}.") + ", "

    def join(self, parts: Sequence[str]) -> str:
        """甲、乙和丙 / A, B and C."""
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return "".join(parts)
        if self.chinese:
            return "、".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def clauses(self, parts: Sequence[str]) -> str:
        """Clauses of one sentence: 甲，乙 / A; B."""
        return ("，" if self.chinese else "; ").join(p for p in parts if p)

    def title_lines(self, title: str) -> str:
        """A Chinese title broken after 项目, as titles are set (关于…项目 / 落实情况的报告); English flows."""
        if not self.chinese or "项目" not in title:
            return title
        return title.replace("项目", "项目\n", 1)

    def numbered(self, ordinal: int, title: str) -> str:
        """（一）提升医疗保障水平 / (1) …: a level-2 heading."""
        return self.ordinal(ordinal) + title

    def lead(self, n: int, title: str) -> str:
        """1. 提升医疗保障水平： — a project named at the start of its paragraph."""
        return f"{n}. {title}" + ("：" if self.chinese else ": ")

    def amount(self, name: str, value: float, unit: str) -> str:
        """新增学位12000个 / new school places 12000 places."""
        return f"{name}{self.figure(value)}{unit}" if self.chinese else f"{name} {self.figure(value)} {unit}"

    def quoted(self, text: str) -> str:
        return f"“{text}”"

    def clause(self, text: str) -> str:
        """What a person typed, set inside a sentence (in brackets, say): trimmed, its full stop dropped."""
        return " ".join(text.split()).rstrip(SENTENCE_ENDS)

    def sentence(self, text: str) -> str:
        """What a person typed, as a sentence of the document: trimmed, and ending as one."""
        text = " ".join(text.split())
        if not text:
            return ""
        return text if text[-1] in SENTENCE_ENDS else text + ("。" if self.chinese else ".")
