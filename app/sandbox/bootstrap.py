"""The sandbox child: isolate itself, then import the candidate's solution and run one test file.

Standalone on purpose: stdlib + numpy only, never app code, so start-up stays cheap and nothing of
the app is importable by accident. Run as `python -I -S bootstrap.py CONFIG_JSON` in the work dir.

Order matters. As root (or in a fresh user namespace) it enters new network, mount and PID
namespaces and forks, so the test runner is PID 1 of a namespace whose processes all die with it.
The runner sets rlimits, imports numpy (which loads ctypes), drops to an unprivileged uid, forbids
new privileges, and only then installs the audit hook and imports candidate code. Results go out as
JSON lines on a dedicated fd, one per event, so a killed run still reports the tests it finished.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable
from types import ModuleType
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 0x40000
MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x2, 0x4, 0x8
MESSAGE_CHARS = 300
SOLUTION = "solution"

# fmt: off
DENIED_EVENTS = (
    "socket.", "ctypes.", "subprocess.", "os.exec", "os.spawn", "os.posix_spawn", "os.fork",
    "os.forkpty", "os.system", "os.killpg", "os.symlink", "os.link", "pty.",
    "resource.setrlimit", "resource.prlimit",
)
DENIED_IMPORTS = frozenset(  # C modules that act without raising an audit event of their own
    {"_posixsubprocess", "_ctypes", "_multiprocessing", "_posixshmem"}
)
PATH_EVENTS = {  # event -> which arguments are paths that must stay in the work dir
    "os.mkdir": (0,), "os.remove": (0,), "os.rmdir": (0,), "os.truncate": (0,),
    "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,), "os.mkfifo": (0,), "os.mknod": (0,),
    "os.rename": (0, 1),
}
PRELOAD = (
    "math", "random", "statistics", "heapq", "bisect", "collections", "itertools", "functools",
    "dataclasses", "typing", "copy", "re", "time", "string",
)
# fmt: on
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Emitter:
    """Writes one JSON object per line on the result fd; a line is the unit the parent trusts."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __call__(self, kind: str, /, **fields: Any) -> None:
        data = (json.dumps({"type": kind, **fields}) + "\n").encode()
        while data:
            data = data[os.write(self.fd, data) :]


class TestTimeout(BaseException):  # BaseException, so `except Exception` cannot swallow it
    """The per-test timer fired."""


_armed = False
EMIT: Emitter | None = None  # the result channel, reached by harness.py's report() in a script


def _on_alarm(signum: int, frame: object) -> None:
    if _armed:
        raise TestTimeout


def _on_xcpu(signum: int, frame: object) -> None:
    os._exit(128 + signal.SIGXCPU)


def _libc() -> Any:
    import ctypes  # imported here: before the audit hook, never after

    return ctypes.CDLL(None, use_errno=True)


def _enter_namespaces(cfg: dict[str, Any], emit: Emitter) -> list[str]:
    """Try new net+mount+PID namespaces; fork so the runner is PID 1. Returns the layers held."""
    if not cfg.get("namespaces", True):
        return []
    libc = _libc()
    root = os.geteuid() == 0
    flags = CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | (0 if root else CLONE_NEWUSER)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(flags) != 0:
        return []
    if not root:
        _map_ids(uid, gid)
    libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None)
    hidden = _hide_homes(libc, cfg)
    pid = os.fork()
    if pid:
        _wait_as_outer(pid, emit)
    layers = ["netns", "pidns"] + ([] if root else ["userns"]) + (["hidden_home"] if hidden else [])
    if libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None) == 0:
        layers.append("private_proc")
    return layers


def _hide_homes(libc: Any, cfg: dict[str, Any]) -> bool:
    """Cover each home dir (and the shared temp dirs, the app's own) with an empty tmpfs,
    binding back only the interpreter and work dir.

    Keys in a config file, the app's database, the candidate's own other files: none of them is
    readable in the sandbox, while the interpreter (pyenv, a venv) may still live under a home;
    what the code writes in /tmp is gone with the namespace, bounded at 1 MiB.
    """
    keep: list[str] = []
    kept = (sys.base_prefix, sys.prefix, cfg["workdir"], *cfg.get("site", ()))
    for path in sorted({os.path.realpath(p) for p in kept}):
        if os.path.isdir(path) and not any(path.startswith(k + os.sep) for k in keep):
            keep.append(path)
    hidden = False
    for home in sorted({os.path.realpath(h) for h in cfg.get("hide", [])}):
        if not os.path.isdir(home) or home == "/" or any(_within(home, k) for k in keep):
            continue
        inner = [k for k in keep if k.startswith(home + os.sep)]
        fds = [(k, os.open(k, os.O_PATH | os.O_DIRECTORY)) for k in inner]
        opts = b"mode=0755,size=1m"
        if libc.mount(b"tmpfs", home.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts) == 0:
            hidden = True
            for path, fd in fds:
                os.makedirs(path, exist_ok=True)
                src = f"/proc/self/fd/{fd}".encode()
                libc.mount(src, path.encode(), None, MS_BIND | MS_REC, None)
        for _, fd in fds:
            os.close(fd)
    return hidden


def _within(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent + os.sep)


def _map_ids(uid: int, gid: int) -> None:
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


def _wait_as_outer(pid: int, emit: Emitter) -> None:
    """The outer process only relays how the runner ended, then leaves with the same code."""
    for fd in (0, 1, 2):
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    signum = -code if code < 0 else None
    emit("exit", code=code, signal=signal.Signals(signum).name if signum else None)
    os._exit(128 + signum if signum else code)


def _set_limits(cfg: dict[str, Any]) -> None:
    cpu = int(cfg["cpu_s"])
    for which, soft, hard in (
        (resource.RLIMIT_CPU, cpu, cpu + 1),
        (resource.RLIMIT_AS, cfg["memory_bytes"], cfg["memory_bytes"]),
        (resource.RLIMIT_FSIZE, cfg["file_bytes"], cfg["file_bytes"]),
        (resource.RLIMIT_NOFILE, cfg["open_files"], cfg["open_files"]),
        (resource.RLIMIT_NPROC, cfg["processes"], cfg["processes"]),
        (resource.RLIMIT_CORE, 0, 0),
    ):
        resource.setrlimit(which, (soft, hard))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write raises OSError instead
    signal.signal(signal.SIGXCPU, _on_xcpu)
    signal.signal(signal.SIGALRM, _on_alarm)


def _preload(layers: list[str]) -> None:
    """Import numpy (and, without the mount trick, common stdlib modules) while still privileged.

    Without a private mount namespace an interpreter under e.g. /root stays unreadable to the
    sandbox uid, so whatever the candidate is likely to import must be loaded now.
    """
    import numpy
    import numpy.testing  # noqa: F401 - the tests' asserts; it imports subprocess (not run)

    if os.geteuid() == 0 and "netns" not in layers:
        for name in PRELOAD:
            importlib.import_module(name)


def _drop_privileges(cfg: dict[str, Any], layers: list[str]) -> None:
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(cfg["gid"])
        os.setuid(cfg["uid"])
        layers.append("uid")
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0:
        layers.append("no_new_privs")
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # again: setuid clears it


def _disarm_spawning() -> None:
    """numpy.testing loads _posixsubprocess before the hook can refuse the import, and its
    fork_exec raises no audit event: drop both references to it before any candidate code."""
    for module, name in (("_posixsubprocess", "fork_exec"), ("subprocess", "_fork_exec")):
        loaded = sys.modules.get(module)
        if loaded is not None and hasattr(loaded, name):
            delattr(loaded, name)


def _audit_hook(workdir: str) -> Callable[[str, tuple[Any, ...]], None]:
    inside = os.path.realpath(workdir) + os.sep
    realpath, fsdecode = os.path.realpath, os.fsdecode  # bound now: candidate code may replace

    def allowed(path: Any) -> bool:
        if isinstance(path, int) or path is None:
            return True
        return (realpath(fsdecode(path)) + os.sep).startswith(inside)

    def refusal(event: str, args: tuple[Any, ...]) -> str | None:
        if event == "open":
            return (
                f"writing {args[0]!r}" if args[2] & WRITE_FLAGS and not allowed(args[0]) else None
            )
        if event == "import":
            return f"importing {args[0]}" if args[0] in DENIED_IMPORTS else None
        if event.startswith(DENIED_EVENTS):
            return event
        if event == "os.kill":
            return "signalling another process" if args[0] not in (0, os.getpid()) else None
        if event in PATH_EVENTS and not all(allowed(args[i]) for i in PATH_EVENTS[event]):
            return f"{event} outside the work dir"
        return None

    def hook(event: str, args: tuple[Any, ...]) -> None:
        what = refusal(event, args)
        if what is not None:
            raise PermissionError(f"sandbox: {what} is not allowed")

    return hook


def _solution_line(tb: Any) -> int | None:
    line = None
    for frame in traceback.extract_tb(tb):
        if os.path.basename(frame.filename) == f"{SOLUTION}.py":
            line = frame.lineno
    return line


def _message(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def _setup_error(emit: Emitter, error_type: str, line: int | None, message: str) -> None:
    kind = "timeout" if error_type == "TimeoutError" else "error"
    emit("setup", kind=kind, error_type=error_type, line=line, message=message[:MESSAGE_CHARS])


def _import_solution(cfg: dict[str, Any], emit: Emitter) -> ModuleType | None:
    global _armed
    try:
        _armed = True
        signal.setitimer(signal.ITIMER_REAL, cfg["test_timeout_s"])
        module = importlib.import_module(SOLUTION)
        _armed = False
    except BaseException as exc:
        _armed = False  # first: a timer that fires in this handler must not raise
        if isinstance(exc, TestTimeout):
            limit = cfg["test_timeout_s"]
            _setup_error(emit, "TimeoutError", None, f"importing solution.py took over {limit} s")
        elif isinstance(exc, SyntaxError):
            _setup_error(emit, type(exc).__name__, exc.lineno, str(exc.msg))
        else:
            _setup_error(emit, type(exc).__name__, _solution_line(exc.__traceback__), _message(exc))
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    missing = [n for n in cfg["entry"] if not callable(getattr(module, n, None))]
    if missing:
        _setup_error(emit, "NameError", None, f"solution.py does not define: {', '.join(missing)}")
        return None
    return module


def _run_one(
    fn: Callable[..., Any], sol: ModuleType, ref: ModuleType, limit: float
) -> dict[str, Any]:
    global _armed
    start = time.perf_counter()
    result: dict[str, Any] = {"verdict": "passed", "error_type": None, "message": "", "line": None}
    try:
        _armed = True
        signal.setitimer(signal.ITIMER_REAL, limit)
        fn(sol, ref)
        _armed = False
    except BaseException as exc:
        _armed = False  # first: a timer that fires in this handler must not raise
        if isinstance(exc, TestTimeout):
            result.update(verdict="timeout", error_type="TimeoutError",
                          message=f"took longer than {limit} s")  # fmt: skip
        else:
            verdict = "failed" if isinstance(exc, AssertionError) else "error"
            result.update(verdict=verdict, error_type=type(exc).__name__, message=_message(exc),
                          line=_solution_line(exc.__traceback__))  # fmt: skip
    finally:
        _armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["seconds"] = round(time.perf_counter() - start, 6)
    return result


def _run_suite(cfg: dict[str, Any], emit: Emitter) -> None:
    ref = importlib.import_module("reference")
    tests = importlib.import_module(cfg["tests_module"])
    sol = _import_solution(cfg, emit)
    if sol is None:
        return
    emit("imported")
    for name in cfg["test_names"]:
        fn = getattr(tests, name, None)
        if not callable(fn):
            emit("test", name=name, verdict="error", error_type="LookupError",
                 message="test not found", line=None, seconds=0.0)  # fmt: skip
            continue
        try:
            outcome = _run_one(fn, sol, ref, cfg["test_timeout_s"])
        except TestTimeout:  # the timer fired between the test's end and its disarm
            outcome = {"verdict": "timeout", "error_type": "TimeoutError", "line": None,
                       "message": "timed out", "seconds": cfg["test_timeout_s"]}  # fmt: skip
        emit("test", name=name, **outcome)


def _receive_job(cfg: dict[str, Any], emit: Emitter, layers: list[str]) -> None:
    """A warm spare: isolated and numpy loaded, it now waits for the files and the test list."""
    emit("spare", isolation=layers)
    line = sys.stdin.buffer.readline()
    if not line:
        os._exit(0)  # the app dropped its spare
    cfg.update(json.loads(line))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime) + int(cfg["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)


def main() -> None:
    cfg = json.loads(sys.argv[1])
    sys.path.extend(cfg["site"])
    global EMIT
    emit = EMIT = Emitter(cfg["result_fd"])
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # die with the app
    if os.getppid() != cfg["parent_pid"]:
        os._exit(1)  # the app is already gone
    os.chdir(cfg["workdir"])
    layers = _enter_namespaces(cfg, emit)
    _set_limits(cfg)
    layers.append("rlimits")
    _preload(layers)
    _drop_privileges(cfg, layers)
    sys.dont_write_bytecode = True
    sys.path.insert(0, cfg["workdir"])

    if cfg.get("wait_for_job"):
        _receive_job(cfg, emit, layers)
    if cfg.get("audit_hook", True):
        _disarm_spawning()
        sys.addaudithook(_audit_hook(cfg["workdir"]))
        layers.append("audit_hook")
    emit("ready", isolation=layers)
    try:
        _run_suite(cfg, emit)
    except BaseException as exc:
        emit("internal", error_type=type(exc).__name__, message=_message(exc))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    emit("done", peak_rss_kb=peak)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
