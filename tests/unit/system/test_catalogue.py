"""Every text shown to people exists in both languages, no catalogue entry is dead, and each
lives in its area's module."""

import ast
import importlib
import re
import string
from pathlib import Path

import pytest

from components.text import catalogue
from components.text.catalogue import CATALOGUE
from db.core.vocabulary import Vocabulary

PROJECT = Path(__file__).resolve().parents[3]
SOURCES = [PROJECT / "app.py", *(PROJECT / d for d in ("pages", "components", "db"))]
TEXT_MODULES = PROJECT / "components" / "text"
NAMESPACES = {key.split(".")[0] for key in CATALOGUE}
KEY_SHAPE = re.compile(r"^[a-z_]+\.(?!py$)[a-z0-9_]+$")  # not a file name such as app.py


def literals() -> set[str]:
    """Every string constant in the application's source that looks like a catalogue key."""
    files = [p for s in SOURCES for p in ([s] if s.is_file() else s.rglob("*.py"))]
    # Table definitions and migrations name columns ("account.id"), not texts; the catalogue's own
    # modules define the keys, so a key found only there is unused.
    files = [
        p for p in files if p.name != "models.py" and "migrations" not in p.parts and not p.is_relative_to(TEXT_MODULES)
    ]
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


@pytest.mark.parametrize("area", sorted(catalogue.AREAS))
def test_each_key_lives_in_the_module_of_the_area_its_prefix_names(area):
    misplaced = {key: catalogue.area_of(key) for key in catalogue.AREAS[area] if catalogue.area_of(key) != area}
    assert misplaced == {}, "move these keys to the named module, or add their prefix to catalogue.PREFIXES"


def test_every_area_has_a_module_and_every_prefix_names_some_key():
    assert catalogue.PREFIXES.keys() == catalogue.AREAS.keys()
    prefixes = [p for listed in catalogue.PREFIXES.values() for p in listed]
    assert sorted(p for p in set(prefixes) if prefixes.count(p) > 1) == [], "a prefix claimed by two areas"
    assert sorted(p for p in prefixes if not any(key.startswith(p) for key in CATALOGUE)) == []


@pytest.mark.parametrize(
    ("key", "area"),
    [
        ("vote.export", "vote"),
        ("ballot.submit", "vote"),
        ("candidate.title", "vote"),
        ("menu.vote_results", "vote"),  # a page's menu entry belongs to the page's area
        ("menu.projects", "projects"),
        ("home.survey_open", "survey"),
        ("home.title", "app"),
        ("wish_state.open", "wishes"),
        ("nobody.knows", None),
    ],
)
def test_the_longest_listed_prefix_decides_a_keys_area(key, area):
    assert catalogue.area_of(key) == area


def test_merging_refuses_a_key_that_two_areas_define():
    with pytest.raises(catalogue.DuplicateKey, match=r"'vote\.export' is defined in both vote and survey"):
        catalogue.merge({"vote": {"vote.export": ("导出", "Export")}, "survey": {"vote.export": ("导出", "Export")}})


def test_merging_keeps_every_key_of_every_area():
    merged = catalogue.merge({"a": {"a.x": ("甲", "A")}, "b": {"b.y": ("乙", "B")}})
    assert merged == {"a.x": ("甲", "A"), "b.y": ("乙", "B")}
