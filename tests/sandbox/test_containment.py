"""Hostile code in a real child: each attack is contained, reported, and leaves nothing behind.

Most attacks run twice: with every layer, and with the audit hook off, to show the OS layers
(namespaces, rlimits, the sandbox uid) hold on their own where they can.
"""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from app.domain.coding import CodingSpec, RunStatus, Suite, TestVerdict
from app.sandbox.runner import SandboxRunner
from tests.sandbox.helpers import FIXTURE, run_checked, small_limits

pytestmark = pytest.mark.slow
SECRET = "sk-test-do-not-leak-4242"


def _softmax_doing(body: str) -> str:
    """A solution whose softmax runs `body` first: the attack happens inside a test."""
    return (
        "import os\nimport numpy as np\n\n\ndef softmax(x):\n"
        + textwrap.indent(textwrap.dedent(body).strip(), "    ")
        + "\n    return x\n"
    )


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def test_infinite_loop_is_cut_per_test(runner: SandboxRunner, spec: CodingSpec) -> None:
    report, heart = await run_checked(runner, spec, _softmax_doing("while True:\n    pass"))
    assert report.status is RunStatus.OK
    assert [t.verdict for t in report.tests] == [TestVerdict.TIMEOUT, TestVerdict.TIMEOUT]
    assert heart.ticks > 20


async def test_loop_that_swallows_the_timer_hits_the_wall_clock(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    body = """
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
    """
    quick = small_limits(spec, time_limit_s=1.5, test_s=0.3)
    report, _ = await run_checked(runner, quick, _softmax_doing(body))
    assert report.status is RunStatus.TIMEOUT
    assert report.message == "the suite did not finish in 1.5 s"
    assert [t.verdict for t in report.tests] == [TestVerdict.TIMEOUT, TestVerdict.NOT_RUN]
    assert 1.5 < report.seconds < 5


@pytest.mark.parametrize("alloc", ["np.ones(10 * 2**30, dtype=np.uint8)", "bytearray(10 * 2**30)"])
async def test_ten_gib_allocation_is_refused(
    runner: SandboxRunner, spec: CodingSpec, alloc: str
) -> None:
    before = _rss_kb()
    report, _ = await run_checked(runner, spec, _softmax_doing(f"big = {alloc}"))
    assert report.status is RunStatus.MEMORY
    assert report.tests[0].error_type == "MemoryError"
    assert report.peak_rss_kb is not None and report.peak_rss_kb < 512 * 1024
    assert _rss_kb() - before < 50 * 1024


FORK_AND_COUNT = """
import time
made = 0
while True:
    try:
        pid = os.fork()
    except OSError as exc:
        print("fork refused after", made, type(exc).__name__, flush=True)
        raise
    if pid == 0:
        os.setsid()  # try to leave the process group the parent kills
        time.sleep(60)
        os._exit(0)
    made += 1
"""


async def test_fork_bomb_is_refused_by_the_hook(runner: SandboxRunner, spec: CodingSpec) -> None:
    report, _ = await run_checked(runner, spec, _softmax_doing(FORK_AND_COUNT))
    assert report.status is RunStatus.OK
    first = report.tests[0]
    assert (first.verdict, first.error_type) == (TestVerdict.ERROR, "PermissionError")
    assert "os.fork" in first.message
    assert "fork refused after 0 PermissionError" in report.output


async def test_fork_bomb_is_contained_by_rlimit_and_pid_namespace(spec: CodingSpec) -> None:
    runner = SandboxRunner(audit_hook=False)
    report, _ = await run_checked(runner, spec, _softmax_doing(FORK_AND_COUNT))
    assert "pidns" in report.isolation and "audit_hook" not in report.isolation
    first = report.tests[0]
    assert first.error_type == "BlockingIOError"  # EAGAIN: RLIMIT_NPROC for the sandbox uid
    made = int(report.output.split("fork refused after ")[1].split()[0])
    assert 0 < made < runner.limits.processes
    # run_checked has already scanned /proc: the setsid() children died with the namespace


async def test_true_fork_bomb_without_hook_leaves_nothing(spec: CodingSpec) -> None:
    body = """
    while True:
        try:
            os.fork()
        except OSError:
            pass
    """
    runner = SandboxRunner(audit_hook=False)
    report, _ = await run_checked(runner, small_limits(spec, 1.5, 0.3), _softmax_doing(body))
    assert report.status in (RunStatus.OK, RunStatus.TIMEOUT)
    assert report.tests[0].verdict in (TestVerdict.TIMEOUT, TestVerdict.ERROR)


async def test_hundred_megabyte_write_is_cut_at_the_file_limit(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    body = """
    with open("big.bin", "wb") as f:
        f.write(b"\\0" * (100 * 2**20))
    """
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    first = report.tests[0]
    assert first.error_type == "OSError"
    assert "File too large" in first.message
    assert not list(Path("/tmp").glob("mockloop-sbx-*/big.bin"))  # the work dir is gone


@pytest.mark.parametrize("hook", [True, False])
async def test_no_connection_reaches_a_local_server(spec: CodingSpec, hook: bool) -> None:
    hits: list[int] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hits.append(1)
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    body = f"""
    import socket
    s = socket.create_connection(("127.0.0.1", {port}), timeout=1)
    """
    try:
        report, _ = await run_checked(SandboxRunner(audit_hook=hook), spec, _softmax_doing(body))
    finally:
        server.close()
        await server.wait_closed()
    assert hits == []
    first = report.tests[0]
    assert first.verdict is TestVerdict.ERROR
    if hook:
        assert first.error_type == "PermissionError" and "socket" in first.message
    else:
        assert "netns" in report.isolation
        assert first.error_type == "OSError" and "unreachable" in first.message


async def test_hostname_resolution_is_refused(runner: SandboxRunner, spec: CodingSpec) -> None:
    body = """
    import socket
    socket.getaddrinfo("example.com", 443)
    """
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    first = report.tests[0]
    assert first.error_type == "PermissionError" and "socket.getaddrinfo" in first.message


async def test_api_key_in_the_app_env_is_invisible(
    runner: SandboxRunner, spec: CodingSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("MOCKLOOP_LLM_API_KEY", SECRET)
    body = """
    print("env:", sorted(os.environ))
    print("key:", os.environ.get("OPENAI_API_KEY"))
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                print(pid, f.read().decode(errors="replace"))
        except OSError as exc:
            print(pid, type(exc).__name__)
    """
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    assert os.environ["OPENAI_API_KEY"] == SECRET  # the parent really had it
    assert report.tests[0].passed is False  # softmax returned x unchanged
    assert "key: None" in report.output
    assert SECRET not in report.output
    assert "OPENAI" not in report.output and "MOCKLOOP" not in report.output


@pytest.mark.parametrize("hook", [True, False])
async def test_writing_outside_the_work_dir_is_refused(spec: CodingSpec, hook: bool) -> None:
    tmp_target = Path("/tmp") / f"mockloop-escape-{uuid.uuid4().hex}.txt"
    repo_target = FIXTURE / f"escape-{uuid.uuid4().hex}.txt"
    target = tmp_target if hook else repo_target  # without the hook only the uid protects
    body = f"""
    with open({str(target)!r}, "w") as f:
        f.write("escaped")
    """
    report, _ = await run_checked(SandboxRunner(audit_hook=hook), spec, _softmax_doing(body))
    assert not target.exists()
    first = report.tests[0]
    # without the hook the OS refuses: the uid (PermissionError), or, for a checkout under a
    # hidden dir such as /tmp, the run's own empty tmpfs over it (FileNotFoundError)
    assert first.error_type == "PermissionError" or (
        not hook and first.error_type == "FileNotFoundError"
    )
    assert ("not allowed" in first.message) is hook


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ("import subprocess\nsubprocess.run(['echo', 'spawned'])", "subprocess.Popen"),
        ("os.system('echo spawned')", "os.system"),
        ("os.execv('/bin/echo', ['echo', 'spawned'])", "os.exec"),
        ("os.posix_spawn('/bin/echo', ['echo', 'spawned'], {})", "os.posix_spawn"),
        ("import ctypes\nctypes.CDLL(None).system(b'echo spawned')", "ctypes"),
    ],
)
async def test_spawning_a_process_is_refused(
    runner: SandboxRunner, spec: CodingSpec, body: str, refused: str
) -> None:
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    first = report.tests[0]
    assert first.error_type == "PermissionError"
    assert refused in first.message
    assert "spawned" not in report.output


async def test_printing_fifty_megabytes_stops_the_run(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    before = _rss_kb()
    report, heart = await run_checked(runner, spec, _softmax_doing('print("x" * 50_000_000)'))
    assert report.status is RunStatus.OUTPUT_LIMIT
    assert report.output_truncated
    assert len(report.output) < runner.limits.output_keep_bytes + 200
    assert report.tests[0].error_type == "OutputLimit"
    assert _rss_kb() - before < 20 * 1024
    assert not heart.blocked()


async def test_the_run_reports_its_isolation(runner: SandboxRunner, spec: CodingSpec) -> None:
    body = """
    print("uid", os.getuid(), "pid", os.getpid(), "procs", sorted(
        p for p in os.listdir("/proc") if p.isdigit()))
    """
    report, _ = await run_checked(runner, spec, _softmax_doing(body), Suite.VISIBLE)
    assert {"netns", "pidns", "private_proc", "uid", "no_new_privs"} <= set(report.isolation)
    assert report.uid is not None and report.uid >= 1_000_000
    assert f"uid {report.uid} pid 1 procs ['1']" in report.output


async def test_without_namespaces_the_uid_sweep_reaps_escaped_children(spec: CodingSpec) -> None:
    """The fallback where namespaces are refused: rlimits, the run's own uid and a sweep."""
    runner = SandboxRunner(audit_hook=False, namespaces=False)
    report, _ = await run_checked(runner, spec, _softmax_doing(FORK_AND_COUNT))
    assert "pidns" not in report.isolation and "uid" in report.isolation
    assert report.tests[0].error_type == "BlockingIOError"
    made = int(report.output.split("fork refused after ")[1].split()[0])
    assert 0 < made < runner.limits.processes
    # run_checked found no process of the run's uid: the setsid() children were swept


async def test_without_namespaces_common_imports_still_work(spec: CodingSpec) -> None:
    body = """
    import heapq, math, statistics, collections
    x = np.asarray(x, dtype=float) - max(heapq.nlargest(1, np.ravel(x)))
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)
    """
    report, _ = await run_checked(SandboxRunner(namespaces=False), spec, _softmax_doing(body))
    assert report.status is RunStatus.OK and report.tests[0].passed, report


async def test_home_is_hidden_but_the_interpreter_still_works(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    home = Path(os.path.realpath(Path.home()))
    prefixes = {Path(os.path.realpath(p)) for p in (sys.base_prefix, sys.prefix)}
    expected = sorted({p.relative_to(home).parts[0] for p in prefixes if home in p.parents})
    assert sorted(os.listdir(home)) != expected  # there is something to hide here
    body = f"print('home:', sorted(os.listdir({str(home)!r})))"
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    assert "hidden_home" in report.isolation
    assert f"home: {expected}" in report.output


async def test_opening_many_files_hits_the_descriptor_limit(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    body = """
    handles = [open(f"f{i}.txt", "w") for i in range(200)]
    """
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    first = report.tests[0]
    assert first.error_type == "OSError" and "Too many open files" in first.message


async def test_the_app_itself_is_not_importable(runner: SandboxRunner, spec: CodingSpec) -> None:
    report, _ = await run_checked(runner, spec, _softmax_doing("import app.config"))
    first = report.tests[0]
    assert first.error_type == "ModuleNotFoundError" and "No module named 'app" in first.message
