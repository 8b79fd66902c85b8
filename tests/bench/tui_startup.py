"""TUI start-up: time from process start to the first paint and to a usable home screen.

Spawns `python -m app --offline --data-dir <tmp>` (the README's main command, `mockloop`, runs the
same entry point) in a pseudo-terminal of 100x30, so Textual renders to a real terminal, with
MOCKLOOP_TUI_READY_FILE set: the app appends the wall-clock times at which the home screen
painted ("paint"), became usable ("usable": the recent-sessions list is filled and keys act) and
had the full store and bank open ("services"), then exits. The start is taken just before the
process is spawned. Targets: median_s (paint) < 1 s, usable_s <= 0.8 s.

Each run gets a fresh data directory holding a copy of one database of `--sessions` finished
sessions (made once through the real migrations), so the list has rows to read; the first run
is a warm-up (it writes the bytecode caches a fresh install would have after its first start,
and the bank cache where there is one) and is not counted.

Usage: python tests/bench/tui_startup.py [--runs N] [--sessions N]
Last line: one JSON object with runs, median_s, usable_s, services_s (medians), min_s, max_s,
and the samples.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 30.0


def _set_size(fd: int, rows: int, cols: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def seed_database(path: Path, sessions: int) -> None:
    """A database of `sessions` finished sessions, filled the way history_scale.py fills one."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from datetime import UTC, datetime

    from history_scale import fill  # type: ignore[import-not-found]

    from app.bank import load_bank
    from app.store.db import make_engine
    from app.store.repository import Repository

    bank = load_bank(ROOT / "question_bank", ROOT / "rubrics")
    repo = Repository(make_engine(f"sqlite:///{path}"))
    fill(repo, bank, sessions, datetime.now(UTC), seed=5)
    repo.engine.dispose()


def one_run(python: str, workdir: Path, template: Path | None) -> dict[str, float]:
    """Seconds from spawn to each milestone (the app's own timestamps)."""
    workdir.mkdir(parents=True, exist_ok=True)
    if template is not None:
        (workdir / "data").mkdir()
        shutil.copy(template, workdir / "data" / "mockloop.db")
    ready = workdir / "ready"
    ready.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "MOCKLOOP_"))}
    env.update(
        MOCKLOOP_TUI_READY_FILE=str(ready),
        MOCKLOOP_CONFIG_FILE=str(workdir / "no-config.toml"),
        TERM=os.environ.get("TERM", "xterm-256color"),
        COLUMNS="100",
        LINES="30",
    )
    master, slave = pty.openpty()
    _set_size(slave, 30, 100)
    cmd = [python, "-m", "app", "--offline", "--data-dir", str(workdir / "data")]
    start = time.time()
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + TIMEOUT_S
    try:
        # Wait for the ready file (or an early exit), draining the terminal output meanwhile.
        while proc.poll() is None and time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.02)
            if readable:
                try:
                    output += os.read(master, 65536)
                except OSError:
                    break
    finally:
        # Close our side first: on some kernels a process exiting on a pty does not finish
        # until the other side is closed.
        os.close(master)
    try:
        proc.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"the app did not exit within {TIMEOUT_S:.0f} s") from None
    marks = {}
    if ready.is_file():
        marks = {
            k: float(v) - start
            for k, v in (ln.split() for ln in ready.read_text().split("\n") if ln)
        }
    if proc.returncode != 0 or set(marks) != {"paint", "usable", "services"}:
        tail = output[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"the app failed (exit {proc.returncode}, marks {marks}):\n{tail}")
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="counted runs (at least 10)")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--sessions", type=int, default=50, help="sessions in the database")
    args = parser.parse_args()
    runs = max(10, args.runs)
    samples: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="mockloop-tui-bench-") as tmp:
        template = Path(tmp) / "template.db" if args.sessions > 0 else None
        if template is not None:
            seed_database(template, args.sessions)
        one_run(args.python, Path(tmp) / "warmup", template)
        for i in range(runs):
            work = Path(tmp) / f"run{i}"
            samples.append(one_run(args.python, work, template))
            marks = "  ".join(f"{k} {v:.3f} s" for k, v in samples[-1].items())
            print(f"run {i + 1:2d}: {marks}", file=sys.stderr)
    paint = [s["paint"] for s in samples]
    usable = [s["usable"] for s in samples]
    services = [s["services"] for s in samples]
    result = {
        "runs": runs,
        "sessions": args.sessions,
        "median_s": round(statistics.median(paint), 3),
        "usable_s": round(statistics.median(usable), 3),
        "services_s": round(statistics.median(services), 3),
        "min_s": round(min(paint), 3),
        "max_s": round(max(paint), 3),
        "samples_s": [round(s, 3) for s in paint],
        "usable_samples_s": [round(s, 3) for s in usable],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
