"""The child's environment is built from nothing: no key, token or app setting can leak into it."""

from __future__ import annotations

from pathlib import Path

_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def child_env(workdir: Path) -> dict[str, str]:
    """An allow-list, never a filtered copy of os.environ. One BLAS thread: small, repeatable."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
    }
    env.update(dict.fromkeys(_THREADS, "1"))
    return env
