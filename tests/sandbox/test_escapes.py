"""Escapes a hostile probe found (2026-12-04), each through the real child: writes to the shared
temp dirs through a directory fd (the audit hook sees no dir_fd) or with `os.path.realpath`
replaced, a process started through the `fork_exec` numpy.testing had already loaded, and the
app's own files (database, config, bank) read where they are not under a home dir."""

from __future__ import annotations

import os
import textwrap
import uuid
from pathlib import Path

import pytest

from app.domain.coding import CodingSpec
from app.sandbox.runner import SandboxRunner
from tests.sandbox.helpers import run_checked

pytestmark = pytest.mark.slow


def _softmax_doing(body: str) -> str:
    return (
        "import os, sys\nimport numpy as np\n\n\ndef softmax(x):\n"
        + textwrap.indent(textwrap.dedent(body).strip(), "    ")
        + "\n    return x\n"
    )


@pytest.mark.parametrize("hook", [True, False])
@pytest.mark.parametrize("shared", ["/tmp", "/dev/shm", "/var/tmp"])
async def test_a_write_to_a_shared_temp_dir_never_reaches_the_host(
    spec: CodingSpec, shared: str, hook: bool
) -> None:
    if not os.path.isdir(shared):
        pytest.skip(f"{shared} is not on this host")
    name = f"mockloop-escape-{uuid.uuid4().hex}"
    body = f"""
    d = os.open({shared!r}, os.O_RDONLY | os.O_DIRECTORY)
    fd = os.open({name + ".txt"!r}, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=d)
    os.write(fd, b"escaped")
    os.mkdir({name + ".d"!r}, dir_fd=d)
    os.path.realpath = lambda p, *a, **k: os.getcwd() + "/x"
    with open({shared + "/" + name + ".patched"!r}, "w") as f:
        f.write("escaped")
    print("wrote all three")
    """
    report, _ = await run_checked(SandboxRunner(audit_hook=hook), spec, _softmax_doing(body))
    assert "hidden_home" in report.isolation
    leftovers = [p for p in Path(shared).iterdir() if p.name.startswith(name)]
    assert leftovers == [], report.output


async def test_the_preloaded_fork_exec_cannot_start_a_process(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    body = """
    import gc
    for module, name in (("_posixsubprocess", "fork_exec"), ("subprocess", "_fork_exec")):
        print(module, name, hasattr(sys.modules.get(module), name))
    found = [o for o in gc.get_objects() if getattr(o, "__name__", "") == "fork_exec"]
    print("in the heap:", len(found))
    """
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    assert "audit_hook" in report.isolation
    assert "_posixsubprocess fork_exec False" in report.output
    assert "subprocess _fork_exec False" in report.output
    assert "in the heap: 0" in report.output


@pytest.mark.parametrize("hook", [True, False])
async def test_the_apps_private_dirs_are_unreadable_wherever_they_are(
    spec: CodingSpec, tmp_path: Path, hook: bool
) -> None:
    data, config = tmp_path / "data", tmp_path / "cfg"
    for folder, secret in ((data, "mockloop.db"), (config, "config.toml")):
        folder.mkdir()
        (folder / secret).write_text("sk-private-4242\n")
        folder.chmod(0o755)
        (folder / secret).chmod(0o644)  # readable by anyone on the host: only the sandbox hides it
    body = f"""
    for path in ({str(data / "mockloop.db")!r}, {str(config / "config.toml")!r}):
        try:
            print(path, open(path).read().strip())
        except OSError as exc:
            print(path, type(exc).__name__)
    """
    runner = SandboxRunner(audit_hook=hook, private=[data, config])
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    assert "sk-private-4242" not in report.output
    assert "FileNotFoundError" in report.output


async def test_a_private_dir_that_is_a_system_dir_is_not_covered(spec: CodingSpec) -> None:
    """MOCKLOOP_CONFIG_FILE=/etc/mockloop.toml makes /etc a private dir; covering it would hide
    the loader's cache and the system's files from the run."""
    body = "print('etc:', os.path.exists('/etc/passwd'))"
    runner = SandboxRunner(private=[Path("/etc"), Path("/usr")])
    report, _ = await run_checked(runner, spec, _softmax_doing(body))
    assert "etc: True" in report.output
