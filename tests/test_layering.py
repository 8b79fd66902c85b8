"""The logic core never imports Textual: the whole interview runs headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

APP = ROOT / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_tui_imports_textual() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in APP.rglob("*.py")
        if "tui" not in p.relative_to(APP).parts[:1]
        and p.relative_to(APP).parts[:2] != ("commands", "tui.py")
        and "textual" in _imports(p)
    ]
    assert offenders == []


def test_the_check_itself_catches_an_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.app import App\nimport textual.widgets\n")
    assert "textual" in _imports(bad)


def test_importing_the_core_does_not_load_textual() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in APP.rglob("*.py")
        if p.relative_to(APP).parts[0] not in ("tui", "__main__.py")
        and p.name != "__main__.py"
        and p.relative_to(APP).parts[:2] != ("commands", "tui.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n    importlib.import_module(m)\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
