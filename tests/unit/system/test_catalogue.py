"""Every text shown to people exists in both languages, and no catalogue entry is dead."""

import ast
import importlib
import re
import string
from pathlib import Path

import pytest

from components.catalogue import CATALOGUE
from db.core.vocabulary import Vocabulary

PROJECT = Path(__file__).resolve().parents[3]
SOURCES = [PROJECT / "app.py", *(PROJECT / d for d in ("pages", "components", "db"))]
NAMESPACES = {key.split(".")[0] for key in CATALOGUE}
KEY_SHAPE = re.compile(r"^[a-z_]+\.(?!py$)[a-z0-9_]+$")  # not a file name such as app.py


def literals() -> set[str]:
    """Every string constant in the application's source that looks like a catalogue key."""
    files = [p for s in SOURCES for p in ([s] if s.is_file() else s.rglob("*.py"))]
    # Table definitions and migrations name columns ("account.id"), not texts.
    files = [p for p in files if p.name not in ("models.py", "catalogue.py") and "migrations" not in p.parts]
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_SHAPE.match(node.value):
                found.add(node.value)
    return found


def vocabulary_keys() -> set[str]:
    """The label key of every code of every vocabulary (states, kinds, ratings …) in db/."""
    for path in (PROJECT / "db").rglob("*.py"):
        if "migrations" not in path.parts and "demo" not in path.parts:
            importlib.import_module(".".join(path.relative_to(PROJECT).with_suffix("").parts))
    return {member.label_key for vocabulary in subclasses(Vocabulary) for member in vocabulary}


def subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_code_uses_is_in_the_catalogue():
    used = {key for key in literals() if key.split(".")[0] in NAMESPACES}
    assert sorted(used - CATALOGUE.keys()) == []


def test_every_catalogue_key_is_used_somewhere():
    assert sorted(CATALOGUE.keys() - literals() - vocabulary_keys()) == []


def test_every_code_of_every_vocabulary_has_its_words():
    assert sorted(vocabulary_keys() - CATALOGUE.keys()) == []


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_each_entry_has_chinese_and_english_with_the_same_placeholders(key):
    chinese, english = CATALOGUE[key]
    assert chinese.strip() and english.strip()
    assert re.search(r"[\u4e00-\u9fff]", chinese), "the Chinese text has no Chinese"
    assert placeholders(chinese) == placeholders(english)
