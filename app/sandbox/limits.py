"""The sandbox's own caps, on top of each problem's time limits. Defaults suit numpy exercises."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

SANDBOX_UID_BASE = 1_700_000_000
SANDBOX_UID_COUNT = 1_000_000


@dataclass(frozen=True)
class SandboxLimits:
    memory_mb: int = 1024  # RLIMIT_AS: numpy + a 2000x2000 float64 matrix fit with room to spare
    file_mb: int = 16  # RLIMIT_FSIZE: one file the candidate writes in the work dir
    open_files: int = 64  # RLIMIT_NOFILE
    processes: int = 32  # RLIMIT_NPROC for the sandbox uid (threads count too)
    output_keep_bytes: int = 32 * 1024  # stdout+stderr kept for the report
    output_max_bytes: int = 2 * 1024 * 1024  # printing past this stops the run
    result_max_bytes: int = 4 * 1024 * 1024  # the JSON result channel
    startup_timeout_s: float = 10.0  # interpreter + numpy before the suite clock starts
    cpu_slack_s: float = 1.0  # RLIMIT_CPU = time limit + slack (the wall clock acts first)
    uid_base: int = SANDBOX_UID_BASE  # when the app runs as root, each run gets its own uid
    uid_count: int = SANDBOX_UID_COUNT  # from this range: no passwd entry, no files, no peers

    def pick_uid(self) -> int:
        """A fresh uid per child: RLIMIT_NPROC counts only this run, and a sweep is exact."""
        return self.uid_base + secrets.randbelow(self.uid_count)
