"""Run the real `mockloop` CLI in a child process, isolated from the developer's settings."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = (
    "Softmax turns logits into probabilities; cross-entropy is the negative log likelihood of "
    "the true class, so its gradient with respect to the logits is p minus y.\n---\n"
    "With noisy labels I would use label smoothing or a robust loss such as the generalised "
    "cross-entropy, and check a confusion matrix on a clean validation slice.\n---\n"
    "I would measure calibration with reliability diagrams and expected calibration error.\n"
)


def answers_file(tmp: Path) -> Path:
    path = tmp / "answers.txt"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def mockloop(
    *args: str,
    home: Path,
    data_dir: Path | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    python: list[str] | None = None,
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    """`python -m app [--data-dir D] ARGS` with a clean environment (no key, no config)."""
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "MOCKLOOP_CONFIG_FILE": str(home / "none.toml"),
        "PYTHONIOENCODING": "utf-8",
    }
    prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [*(python or [sys.executable, "-m", "app"]), *prefix, *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
    )
