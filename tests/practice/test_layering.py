"""Practice stays in its layer: no Textual, no SQL, and the store never imports it."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PRACTICE = ROOT / "app" / "practice"
STORE = ROOT / "app" / "store"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def test_practice_never_imports_textual_or_sql() -> None:
    for path in PRACTICE.rglob("*.py"):
        tops = _top(_imports(path))
        assert "textual" not in tops, path
        assert not {"sqlalchemy", "sqlmodel", "sqlite3"} & tops, path


def test_practice_does_not_reach_above_its_layer() -> None:
    for path in PRACTICE.rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(
                ("app.engine", "app.tui", "app.commands", "app.cli", "app.interviewer", "app.judge")
            ), (path, name)


def test_the_store_never_imports_practice() -> None:
    for path in STORE.rglob("*.py"):
        assert not any(n.startswith("app.practice") for n in _imports(path)), path
