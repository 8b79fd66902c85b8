"""The terminal UI as a child process on a real pseudo-terminal: `kill` (SIGTERM) quits the way
Ctrl+Q does and gives the terminal back. Before, Python's default ended the process on the spot,
leaving the alternate screen, mouse reporting and a hidden cursor behind."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from tests.conftest import ROOT

LEAVE_ALT_SCREEN, MOUSE_OFF, CURSOR_ON = b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?25h"


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    out = b""
    deadline = time.monotonic() + timeout
    while needle not in out and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed its side
                break
            if not chunk:
                break
            out += chunk
    return out


def test_sigterm_quits_cleanly_and_restores_the_terminal(tmp_path: Path) -> None:
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 34, 110, 0, 0))
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml"),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--offline", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        start_new_session=True,
    )
    os.close(secondary)
    try:
        painted = _read_until(primary, b"Recent sessions", timeout=60)
        assert b"Recent sessions" in painted, painted[-500:]
        child.send_signal(signal.SIGTERM)
        rest = _read_until(primary, LEAVE_ALT_SCREEN, timeout=30)
        rest += _read_until(primary, b"\x00never", timeout=2)  # whatever follows it
        assert (
            child.wait(timeout=30) == 143
        )  # as a program ended by `kill` reports, after a clean quit
    finally:
        if child.poll() is None:
            child.kill()
        os.close(primary)
    for restore in (LEAVE_ALT_SCREEN, MOUSE_OFF, CURSOR_ON):
        assert restore in rest, (restore, rest[-300:])
