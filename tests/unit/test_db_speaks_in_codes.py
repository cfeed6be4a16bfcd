"""db/ speaks in codes: no string in its code holds words shown to people; those live in the
catalogue (components/text/). Comments and docstrings may name domain terms in Chinese: they are
for developers. The demo's data (db/demo/) is data, held to its own rules by its tests."""

import ast
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")  # ideographs; full-width punctuation parsed from input is no word
DB_MODULES = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "db").rglob("*.py") if "demo" not in p.parts)
# Modules whose module-level constants may hold Chinese, because those words are data, not interface
# text; their functions may not. A file must read the same whatever language its sender's screen
# shows, and a stored value is stored as written.
DATA_WORDS = {
    "db/projects/bulk_reports.py": "the monthly workbook's sheet and column headers",
    "db/vote/candidates.py": "the candidates workbook's sheet and column headers",
    "db/system/deputies.py": "the roster file's column headers and yes/no cells",
    "db/projects/editing.py": "the solicitation fields, stored on projects and candidates as written",
    "db/reports/docx_builder.py": "the font names a Word document declares (方正小标宋简体, 仿宋 …), as Word knows them",
}
# The operator's console (python -m db): a terminal has no language choice, so it prints both.
CONSOLE = {"db/__main__.py", "db/core/backup.py"}  # the operator's console: bilingual, no catalogue there


def words_in(source: str, *, data_constants: bool = False) -> list[tuple[int, str]]:
    """(line, string) of each string constant holding Chinese, docstrings (and data constants) aside."""
    tree = ast.parse(source)
    spared: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                spared.add(id(first.value))
    if data_constants:
        for statement in tree.body:
            if isinstance(statement, ast.Assign | ast.AnnAssign) and all(
                isinstance(target, ast.Name) and target.id.isupper() for target in _targets(statement)
            ):
                spared.update(id(node) for node in ast.walk(statement))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and id(node) not in spared
    ]


def _targets(statement: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return [name for target in targets for name in (target.elts if isinstance(target, ast.Tuple) else [target])]


@pytest.mark.parametrize("path", [p for p in DB_MODULES if p not in CONSOLE])
def test_db_code_holds_no_words_shown_to_people(path):
    source = (PROJECT / path).read_text(encoding="utf-8")
    assert words_in(source, data_constants=path in DATA_WORDS) == [], (
        f"{path}: return a code (and parameters) and put the words in the catalogue"
    )


@pytest.mark.parametrize("path", sorted(DATA_WORDS))
def test_each_module_allowed_data_words_still_holds_some(path):
    """An exemption no longer needed goes, so it cannot hide words added later."""
    source = (PROJECT / path).read_text(encoding="utf-8")
    assert path in DB_MODULES and words_in(source) != []


SAMPLE = """\
\"\"\"样例：文档字符串可以写中文。\"\"\"
LABELS = {"good": "良好"}  # 注释也可以
def f(notes):
    \"\"\"说明。\"\"\"
    return f"回头看·{notes}"
"""


def test_a_word_in_a_constant_a_function_or_an_f_string_is_found_but_not_in_a_docstring_or_comment():
    assert words_in(SAMPLE) == [(2, "良好"), (5, "回头看·")]


def test_a_data_module_may_hold_words_in_its_constants_but_not_in_its_functions():
    assert words_in(SAMPLE, data_constants=True) == [(5, "回头看·")]
