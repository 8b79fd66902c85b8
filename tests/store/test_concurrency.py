"""Many `mockloop run` processes started at once on a new database (16 on SQLite, 8 on
PostgreSQL): every one exits 0 and every session is stored complete. Before migrations ran under
a lock, 3 of 16 (SQLite) and 7 of 8 (PostgreSQL) crashed on the schema race."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.store.db import make_engine
from app.store.repository import Repository
from tests.store.backends import BACKENDS, backend_url
from tests.store.cli import ROOT, answers_file

# The real entry point, with the heavy imports done before the barrier (closing stdin), so the
# processes reach the database together instead of spread out by their start-up time.
_BARRIER = (
    "import sys, app.cli, app.commands.run, app.store.db; sys.stdin.read(); "
    "raise SystemExit(app.cli.main(sys.argv[1:]))"
)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_simultaneous_runs_on_a_new_database_all_finish(backend: str, tmp_path: Path) -> None:
    count = 16 if backend == "sqlite" else 8
    answers = answers_file(tmp_path)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml"),
        "PYTHONIOENCODING": "utf-8",
    }
    with backend_url(backend, str(tmp_path)) as url:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _BARRIER,
                    "--offline",
                    "--db",
                    url,
                    "run",
                    "--quiet",
                    "--seed",
                    str(i),
                    "--answers",
                    str(answers),
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(count)
        ]
        for p in procs:
            assert p.stdin is not None
            p.stdin.close()
        results = [(p.wait(timeout=600), p.stderr.read() if p.stderr else "") for p in procs]
        for p in procs:
            if p.stdout:
                p.stdout.close()
            if p.stderr:
                p.stderr.close()
        assert [code for code, _ in results] == [0] * count, [err for _, err in results]
        errs = [err for _, err in results if "Traceback" in err]
        assert errs == [], errs[0][:6000] if errs else ""
        repo = Repository(make_engine(url))
        sessions = repo.list_sessions(limit=100)
        assert len(sessions) == count
        for s in sessions:
            assert s.status == "finished" and s.overall_score is not None, s
            seqs = [t.seq for t in repo.turns(s.id)]
            assert seqs == list(range(len(seqs))) and len(seqs) >= 6
            assert repo.assessments(s.id), s.id
