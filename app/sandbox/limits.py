"""The sandbox's own caps, on top of each problem's time limits. Defaults suit numpy exercises."""

from __future__ import annotations

from dataclasses import dataclass

NOBODY = 65534


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
    uid: int = NOBODY  # used when the app runs as root
    gid: int = NOBODY
