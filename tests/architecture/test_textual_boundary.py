"""Importing the logic core never loads Textual, so the whole interview runs headless.

The static rule is in test_layers.py; this checks what actually gets imported at run time.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

APP = ROOT / "app"


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
