"""The whole DESIGN.md layer table holds, and the checker really catches what it should."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.architecture.layers import violations
from tests.conftest import ROOT

APP = ROOT / "app"


def test_the_app_keeps_every_layer_rule() -> None:
    assert violations(APP) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "app"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"domain/x.py": "from app.store.repository import Repository\n"}, "a higher layer"),
        ({"store/x.py": "def f():\n    import app.engine.interview\n"}, "a higher layer"),
        ({"judge/x.py": "from app.interviewer.offline import OfflineInterviewer\n"}, "sibling"),
        ({"engine/x.py": "import openai\n"}, "imports openai"),
        ({"report/x.py": "from sqlmodel import Session\n"}, "imports sqlmodel"),
        ({"engine/x.py": "from textual.app import App\n"}, "imports textual"),
        ({"newpkg/x.py": "x = 1\n"}, "not in the layer table"),
    ],
)
def test_the_checker_catches_a_planted_violation(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    found = violations(_tree(tmp_path, files))
    assert len(found) == 1 and expected in found[0], found


def test_a_plant_in_a_copy_of_the_real_tree_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "app"
    shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("__pycache__", "_bundled"))
    assert violations(copy) == []
    target = copy / "domain" / "labels.py"
    target.write_text(target.read_text() + "\nfrom app.engine.view import EngineView\n")
    found = violations(copy)
    assert len(found) == 1 and "labels.py" in found[0] and "higher layer" in found[0]


def test_downward_and_same_package_imports_are_fine(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "engine/x.py": "from app.domain.enums import Mode\nfrom app.engine.y import z\n",
            "tui/x.py": "from textual.app import App\nfrom app.commands import tui\n",
            "session.py": "from app.wiring import open_repository\n",
        },
    )
    assert violations(root) == []
