"""`mockloop show` prints a saved rendering while the session is unchanged (issue 18: show was
~0.4 s, most of it importing pydantic and the renderer). The rendering is saved when the session
finishes; it is the text a fresh render gives; anything that changes what the report reads (a
rescore, the bank, a damaged file) makes it stale, and show renders again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.report.render import to_markdown
from app.report.saved import lookup, report_bank
from app.store.db import make_engine
from app.store.repository import Repository
from tests.cli.helpers import finished_session, mockloop
from tests.conftest import ROOT

BANK, RUBRICS = ROOT / "question_bank", ROOT / "rubrics"


def _fresh(data_dir: Path, sid: str) -> str:
    """What the renderer makes of the stored session right now."""
    repo = Repository(make_engine(f"sqlite:///{data_dir / 'mockloop.db'}"))
    return to_markdown(repo.load(sid), report_bank(BANK, RUBRICS, data_dir / "cache")) + "\n"


def test_a_finished_session_is_saved_and_shown_without_the_renderer(tmp_path: Path) -> None:
    sid = finished_session(tmp_path)
    saved = tmp_path / "cache" / "reports" / f"{sid}.md"
    assert saved.is_file()  # written when the session finished, before any show
    shown = mockloop("show", sid[:8], data_dir=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == _fresh(tmp_path, sid)
    argv = [sys.executable, "-X", "importtime", "-m", "app", "--data-dir", str(tmp_path)]
    traced = subprocess.run(
        [*argv, "show", sid[:8]],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
        | {"MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert traced.stdout == shown.stdout
    assert "app.report.render" not in traced.stderr and "pydantic" not in traced.stderr
    exported = tmp_path / "out.md"
    assert mockloop("export", sid[:8], "-o", str(exported), data_dir=tmp_path).returncode == 0
    assert exported.read_text(encoding="utf-8") + "\n" == shown.stdout


def test_a_rescore_or_a_damaged_file_makes_show_render_again(tmp_path: Path) -> None:
    sid = finished_session(tmp_path)
    saved = tmp_path / "cache" / "reports" / f"{sid}.md"
    before = saved.read_bytes()
    assert mockloop("--offline", "rescore", sid, data_dir=tmp_path).returncode == 0
    shown = mockloop("show", sid[:8], data_dir=tmp_path)
    assert shown.stdout == _fresh(tmp_path, sid)
    assert saved.read_bytes() != before  # saved again, under the new stamp
    damaged = bytearray(saved.read_bytes())
    damaged[-40:-30] = b"0123456789"  # the payload no longer matches its digest
    saved.write_bytes(bytes(damaged))
    again = mockloop("show", sid[:8], data_dir=tmp_path)
    assert again.stdout == shown.stdout
    assert b"0123456789" not in saved.read_bytes()  # replaced, not trusted


def test_a_changed_bank_or_an_unknown_store_is_a_miss(tmp_path: Path) -> None:
    sid = finished_session(tmp_path)
    url = f"sqlite:///{tmp_path / 'mockloop.db'}"
    cache = tmp_path / "cache"
    hit = lookup(url, sid[:8], BANK, RUBRICS, cache)
    assert hit is not None and not isinstance(hit, str) and hit.text is not None
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    for f in RUBRICS.iterdir():
        if f.is_file():
            (rubrics / f.name).write_bytes(f.read_bytes())
    moved = lookup(url, sid[:8], BANK, rubrics, cache)  # another rubric folder: another key
    assert moved is not None and not isinstance(moved, str) and moved.text is None
    assert lookup(url, "ffffffff", BANK, RUBRICS, cache) == "no session matches 'ffffffff'"
    assert lookup("postgresql+psycopg://u@localhost/x", sid, BANK, RUBRICS, cache) is None
