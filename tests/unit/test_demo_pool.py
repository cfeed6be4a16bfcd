"""The demo keeps its data apart from its code: db/demo/pool holds values only, the seeding modules no text."""

import ast
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "db" / "demo"
POOL_MODULES = sorted((DEMO / "pool").glob("*.py"))
SEEDING_MODULES = sorted(DEMO.glob("*.py"))
# Chinese characters, and the full-width punctuation and curly quotes Chinese text is written with.
COMPREHENSIONS = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]")


def ids(path: Path) -> str:
    return path.relative_to(PROJECT).as_posix()


def is_frozen_dataclass(node: ast.ClassDef) -> bool:
    return any(
        isinstance(d, ast.Call)
        and ast.unparse(d.func) == "dataclass"
        and any(k.arg == "frozen" and ast.unparse(k.value) == "True" for k in d.keywords)
        for d in node.decorator_list
    )


def pool_problems(source: str) -> list[str]:
    """What makes a module more than data: imports beyond dataclasses and rule vocabularies, code."""
    tree = ast.parse(source)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            problems += [f"import {alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module not in {"__future__", "dataclasses"} and not (
                module.startswith("db.") and module.endswith("rules")
            ):
                problems.append(f"from {module} import")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            problems.append(f"code at line {node.lineno}")
        elif isinstance(node, ast.ClassDef) and not is_frozen_dataclass(node):
            problems.append(f"class {node.name} is no frozen dataclass")
        elif isinstance(node, ast.Call) and ast.unparse(node.func) not in {*classes, "frozenset", "dataclass"}:
            problems.append(f"call of {ast.unparse(node.func)} at line {node.lineno}")
        elif isinstance(node, ast.For | ast.While | ast.If | ast.IfExp | ast.BoolOp | ast.Compare | COMPREHENSIONS):
            problems.append(f"logic at line {node.lineno}")
    return problems


@pytest.mark.parametrize("path", POOL_MODULES, ids=ids)
def test_the_pool_holds_plain_values_and_imports_no_sqlalchemy(path):
    assert pool_problems(path.read_text(encoding="utf-8")) == []


def test_the_pool_check_catches_code_and_database_imports():
    assert pool_problems("import random\nNAMES = ('a', 'b')\n") == ["import random"]
    assert pool_problems("from sqlalchemy import select\n") == ["from sqlalchemy import"]
    assert pool_problems("def pick(names):\n    return names[0]\n") == ["code at line 1"]
    assert pool_problems("FIRST = 'a' if True else 'b'\n") == ["logic at line 1"]
    assert pool_problems("SHORT = [n for n in ('a', 'bb')]\n") == ["logic at line 1"]
    assert pool_problems("class Kind:\n    title: str\n") == ["class Kind is no frozen dataclass"]
    assert pool_problems("from db.survey.rules import Level\nCOMMENTS = {Level.SATISFIED: ('好',)}\n") == []


def chinese_outside_docstrings(source: str) -> list[str]:
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"line {node.lineno}: {node.value[:30]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CHINESE.search(node.value)
    ]


@pytest.mark.parametrize("path", SEEDING_MODULES, ids=ids)
def test_the_seeding_code_takes_every_text_from_the_pool(path):
    assert chinese_outside_docstrings(path.read_text(encoding="utf-8")) == []


def test_the_text_check_catches_a_title_written_into_the_code():
    source = '"""演示 (a docstring may say what it is about)."""\n\ndef title(n):\n    return f"第{n}项"\n'
    assert chinese_outside_docstrings(source) == ["line 4: 第", "line 4: 项"]
