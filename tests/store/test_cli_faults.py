"""Every database fault a user can meet gives one located line on stderr and exit code 2, through
the real CLI in a child process; the traceback appears only with --debug."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from app.store import schema
from app.store.db import make_engine
from tests.store import faults
from tests.store.backends import require_pg
from tests.store.cli import answers_file, mockloop

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class Case:
    args: list[str]
    expect: list[str]  # fragments of the one line, the database's name among them
    data_dir: Path | None = None
    preexec: Callable[[], None] | None = None
    python: list[str] | None = None
    forbid: tuple[str, ...] = ()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bad_url(tmp: Path, stack: ExitStack, url: str, *expect: str) -> Case:
    return Case(["--db", url, "sessions"], [f"database {url}:", *expect])


def _no_psycopg(tmp: Path, stack: ExitStack) -> Case:
    hide = (
        "import sys; sys.modules['psycopg'] = None; "  # as if the extra were not installed
        "from app.cli import main; raise SystemExit(main())"
    )
    url = "postgresql+psycopg://me@127.0.0.1:5432/mockloop"
    return Case(
        ["--db", url, "sessions"],
        [f"database {url}:", "driver 'psycopg' is not installed", "mockloop[postgres]"],
        python=[sys.executable, "-c", hide],
    )


def _pg_refused(tmp: Path, stack: ExitStack) -> Case:
    url = f"postgresql+psycopg://me:hunter2@127.0.0.1:{_free_port()}/mockloop"
    masked = url.replace("hunter2", "***")
    return Case(
        ["--db", url, "sessions"],
        [f"database {masked}:", "cannot connect", "check the host and port"],
        forbid=("hunter2",),
    )


def _pg_missing_database(tmp: Path, stack: ExitStack) -> Case:
    url = make_url(require_pg()).set(database="mockloop_no_such_db").render_as_string(False)
    return Case(
        ["--db", url, "sessions"],
        ["no database named 'mockloop_no_such_db'", "createdb mockloop_no_such_db"],
    )


def _read_only_new(tmp: Path, stack: ExitStack) -> Case:
    d = stack.enter_context(faults.read_only_dir(tmp / "ro", seeded=False))
    return Case(
        ["--offline", "run", "--answers", str(answers_file(tmp))],
        [f"database sqlite:///{d}/mockloop.db:", f"cannot write in {d}", "--data-dir"],
        data_dir=d,
    )


def _read_only_sessions(tmp: Path, stack: ExitStack) -> Case:
    d = stack.enter_context(faults.read_only_dir(tmp / "ro", seeded=True))
    return Case(["sessions"], [f"sqlite:///{d}/mockloop.db:", f"cannot write in {d}"], data_dir=d)


def _read_only_show(tmp: Path, stack: ExitStack) -> Case:
    d = stack.enter_context(faults.read_only_dir(tmp / "ro", seeded=True))
    return Case(
        ["show", "0123"], [f"sqlite:///{d}/mockloop.db:", f"cannot write in {d}"], data_dir=d
    )


def _not_a_database(tmp: Path, stack: ExitStack) -> Case:
    (tmp / "mockloop.db").write_text("these are my notes, not a database\n" * 200)
    db = tmp / "mockloop.db"
    return Case(["sessions"], [f"{db} is not a SQLite database", f"mv {db}"], data_dir=tmp)


def _damaged(tmp: Path, stack: ExitStack) -> Case:
    faults.seed_database(tmp)
    db = tmp / "mockloop.db"
    faults.damage(db)
    return Case(
        ["sessions"],
        [f"sqlite:///{db}:", "damaged", f"mv {db} {db}.damaged", f"stay in {db}.damaged"],
        data_dir=tmp,
    )


def _full_disk(tmp: Path, stack: ExitStack) -> Case:
    d, preexec = stack.enter_context(faults.full_disk(tmp / "full"))
    return Case(
        ["--offline", "run", "--answers", str(answers_file(tmp))],
        [f"sqlite:///{d}/mockloop.db:", "is full", "free disk space"],
        data_dir=d,
        preexec=preexec,
    )


def _newer_than_app(tmp: Path, stack: ExitStack) -> Case:
    engine = make_engine(f"sqlite:///{tmp / 'mockloop.db'}")
    with engine.begin() as conn:
        conn.execute(
            insert(schema.table(1, "schema_migrations")).values(
                version=schema.HEAD + 3, name="future", applied_at=T0
            )
        )
    engine.dispose()
    return Case(
        ["sessions"],
        [f"schema version {schema.HEAD + 3}", f"versions up to {schema.HEAD}", "upgrade"],
        data_dir=tmp,
    )


def _empty_db_flag(tmp: Path, stack: ExitStack) -> Case:
    return Case(
        ["--db", "", "sessions"], ["configuration error", "database_url (from --db)", "empty"]
    )


def _table_dropped(tmp: Path, stack: ExitStack) -> Case:
    import sqlite3

    sid = faults.seed_database(tmp)
    db = tmp / "mockloop.db"
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE turns")
    return Case(
        ["show", sid[:8]],
        [f"sqlite:///{db}:", "missing part of its tables (turns)", f"mv {db} {db}.damaged"],
        data_dir=tmp,
    )


def _in_memory(tmp: Path, stack: ExitStack) -> Case:
    return Case(["--db", "sqlite://", "sessions"], ["in-memory SQLite database keeps nothing"])


CASES: dict[str, Callable[[Path, ExitStack], Case]] = {
    "not-a-url": lambda t, s: _bad_url(t, s, "notaurl", "not a database URL", "sqlite:///"),
    "unknown-scheme": lambda t, s: _bad_url(t, s, "foo://bar", "unknown kind of database 'foo'"),
    "driver-not-installed": lambda t, s: _bad_url(
        t, s, "postgresql+pg8000://me@127.0.0.1/x", "'pg8000' is not installed", "postgres]"
    ),
    "psycopg-not-installed": _no_psycopg,
    "postgres-refused": _pg_refused,
    "postgres-database-missing": _pg_missing_database,
    "read-only-dir-run": _read_only_new,
    "read-only-dir-sessions": _read_only_sessions,
    "read-only-dir-show": _read_only_show,
    "not-a-database": _not_a_database,
    "damaged-database": _damaged,
    "full-disk": _full_disk,
    "newer-than-app": _newer_than_app,
    "empty-db-flag": _empty_db_flag,
    "table-dropped": _table_dropped,
    "in-memory": _in_memory,
}


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    with ExitStack() as s:
        yield s


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_each_database_fault_is_one_located_line_and_exit_2(
    name: str, tmp_path: Path, stack: ExitStack
) -> None:
    case = CASES[name](tmp_path, stack)
    result = mockloop(
        *case.args,
        home=tmp_path,
        data_dir=case.data_dir,
        preexec=case.preexec,
        python=case.python,
    )
    assert result.returncode == 2, (result.stdout[-2000:], result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mockloop: ")
    for fragment in case.expect:
        assert fragment in lines[0], lines[0]
    for secret in case.forbid:
        assert secret not in result.stderr + result.stdout


def test_debug_adds_the_traceback(tmp_path: Path) -> None:
    result = mockloop("--debug", "--db", "foo://bar", "sessions", home=tmp_path)
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("mockloop: database foo://bar:")
