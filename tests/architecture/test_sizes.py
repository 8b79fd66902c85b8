"""Small modules with one job: no module in app/ over 400 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

APP = ROOT / "app"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def oversized(root: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            found.append(f"{path}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{path}:{node.lineno}: {node.name} is {length} lines")
    return found


def test_no_module_or_function_is_too_long() -> None:
    assert oversized(APP) == []


def test_the_check_sees_a_long_function_and_a_long_module(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "f.py").write_text(f"def long():\n{body}")
    (tmp_path / "m.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    found = oversized(tmp_path)
    assert any("long is 61 lines" in f for f in found)
    assert any("m.py: 401 lines" in f for f in found)
