"""The README's layout block is the one .ci/layout.py makes from the tree (run `make layout`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import PROJECT


def load_layout():
    spec = importlib.util.spec_from_file_location("layout", PROJECT / ".ci" / "layout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


layout = load_layout()


def test_the_readme_layout_is_the_one_the_tree_makes():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert layout.with_block(readme, layout.block()) == readme, "the README's layout is stale: run `make layout`"


def listed(block: str, root: str) -> dict[str, set[str]]:
    """What the block names under root/: each entry (module.py or package/) with the names below it."""
    entries: dict[str, set[str]] = {}
    inside, entry = False, ""
    for text in block.splitlines():
        if not text.startswith(" "):
            inside = text.startswith(f"{root}/ ")
        elif inside and text.startswith("  ") and not text.startswith("   "):
            entry = text.split()[0]
            entries[entry] = set()
        elif inside and entry:
            entries[entry] |= set(text.split())
    return entries


@pytest.mark.parametrize("root", ["db", "components"])
def test_every_package_and_module_of_the_tree_is_named_in_the_layout_and_nothing_else(root):
    folder = PROJECT / root
    expected: dict[str, set[str]] = {}
    for path in folder.iterdir():
        if path.suffix == ".py" and path.name != "__init__.py":
            expected[path.name] = set()
        elif (path / "__init__.py").exists():
            inside = {p.stem for p in path.glob("*.py") if p.name != "__init__.py"}
            folders = {f"{p.name}/" for p in path.iterdir() if p.is_dir() and p.name != "__pycache__"}
            expected[f"{path.name}/"] = inside | folders
    assert listed(layout.block(), root) == expected


def test_a_package_without_a_docstring_stops_the_layout(tmp_path: Path):
    (tmp_path / "__init__.py").write_text("from __future__ import annotations\n")
    with pytest.raises(layout.UndescribedError):
        layout.first_line(tmp_path / "__init__.py")
