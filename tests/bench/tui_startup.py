"""TUI start-up: time from process start to the first screen being ready.

Spawns `python -m app --offline --data-dir <tmp>` (the README's main command, `mockloop`, runs the
same entry point) in a pseudo-terminal of 100x30, so Textual renders to a real terminal, with
MOCKLOOP_TUI_READY_FILE set: the app writes the wall-clock time at which the home screen has
painted, then exits. The start is taken just before the process is spawned. Target: median < 1 s.

Each run gets a fresh data directory; the first run is a warm-up (it writes the bytecode caches a
fresh install would have after its first start) and is not counted.

Usage: python tests/bench/tui_startup.py [--runs N]
Last line: one JSON object with runs, median_s (and min_s, max_s, samples_s).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
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


def one_run(python: str, workdir: Path) -> float:
    """Seconds from spawn to the first screen painted (the app's own timestamp)."""
    workdir.mkdir(parents=True, exist_ok=True)
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
        while proc.poll() is None and not ready.is_file() and time.monotonic() < deadline:
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
    if proc.returncode != 0 or not ready.is_file():
        tail = output[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"the app failed (exit {proc.returncode}):\n{tail}")
    return float(ready.read_text(encoding="utf-8")) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="counted runs (at least 10)")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    runs = max(10, args.runs)
    samples: list[float] = []
    with tempfile.TemporaryDirectory(prefix="mockloop-tui-bench-") as tmp:
        one_run(args.python, Path(tmp) / "warmup")
        for i in range(runs):
            work = Path(tmp) / f"run{i}"
            samples.append(one_run(args.python, work))
            print(f"run {i + 1:2d}: {samples[-1]:.3f} s", file=sys.stderr)
    result = {
        "runs": runs,
        "median_s": round(statistics.median(samples), 3),
        "min_s": round(min(samples), 3),
        "max_s": round(max(samples), 3),
        "samples_s": [round(s, 3) for s in samples],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
