"""The databases the store tests run on: a SQLite file, and PostgreSQL when a server is given.

`MOCKLOOP_TEST_PG_URL` (a `postgresql+psycopg://` URL of a database the tests may create
databases beside) turns the PostgreSQL cases on; each test gets a database of its own, dropped
afterwards. Without it they skip with a reason, unless `MOCKLOOP_REQUIRE_PG=1` (set by
`.ci/run`), where a missing server is a failure. Read at import: the autouse fixture clears
every MOCKLOOP_* variable before a test runs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("MOCKLOOP_TEST_PG_URL") or None
REQUIRE_PG = os.environ.get("MOCKLOOP_REQUIRE_PG") == "1"
BACKENDS = ("sqlite", "postgresql")


def require_pg() -> str:
    """The server URL, or skip (fail under MOCKLOOP_REQUIRE_PG=1) with the reason."""
    if PG_URL is None:
        reason = "PostgreSQL not configured: set MOCKLOOP_TEST_PG_URL=postgresql+psycopg://..."
        if REQUIRE_PG:
            pytest.fail(f"MOCKLOOP_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    return PG_URL


@contextmanager
def fresh_pg_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server; dropped (connections and all) on exit."""
    name = f"mockloop_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def backend_url(backend: str, tmp_dir: str, name: str = "mockloop.db") -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir}/{name}"
        return
    with fresh_pg_database(require_pg()) as url:
        yield url
