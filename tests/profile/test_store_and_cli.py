"""`mockloop profile set/show` as a user runs them, and the profile's rows in a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.profile.build import Document, offline_profile
from app.store.repository import Repository
from tests.cli.helpers import mockloop
from tests.conftest import DATA

PROFILES = DATA / "profiles"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_revisions_are_kept_and_the_newest_is_current(repo: Repository) -> None:
    first = offline_profile(Document("a.md", "### Job\n- I own the ranker at 14k QPS.\n"), T0)
    second = offline_profile(Document("b.md", "### Job\n- Cut cost 40%.\n"), T0)
    assert repo.profile() is None
    r1 = repo.save_profile(first)
    r2 = repo.save_profile(second)
    assert (r1, r2) == (1, 2)
    current = repo.profile()
    assert current is not None and current.revision == 2 and current.source_name == "b.md"
    old = repo.profile(1)
    assert old is not None and old.projects == first.projects and old.text == first.text


def test_set_then_show_prints_projects_claims_and_stories(tmp_path: Path) -> None:
    doc = PROFILES / "11-resume-with-stories.md"
    done = mockloop("--offline", "profile", "set", str(doc), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "never sent anywhere" in done.stdout
    assert "Story bank: 7 stories." in done.stdout
    shown = mockloop("--offline", "profile", "show", data_dir=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "“late-delivery promises fell 23% against the previous quarter” (line 7)" in shown.stdout
    assert "Arguing for a holdout [pushing back]: told 0x" in shown.stdout
    assert "No strong story yet for: conflict" in shown.stdout
    db = sqlite3.connect(tmp_path / "mockloop.db")
    assert db.execute("select count(*) from profiles").fetchone() == (1,)


def test_bad_files_get_a_clear_error_and_nothing_is_stored(tmp_path: Path) -> None:
    missing = mockloop("profile", "set", str(tmp_path / "nope.txt"), data_dir=tmp_path)
    assert missing.returncode == 2 and "nope.txt: cannot read the file" in missing.stderr
    (tmp_path / "cv.docx").write_bytes(b"PK\x03\x04")
    wrong = mockloop("profile", "set", str(tmp_path / "cv.docx"), data_dir=tmp_path)
    assert wrong.returncode == 2 and "unsupported file type '.docx'" in wrong.stderr
    (tmp_path / "bad.md").write_text("### Job\n- I own it.\n## Stories\nno title here\n")
    bad = mockloop("profile", "set", str(tmp_path / "bad.md"), data_dir=tmp_path)
    assert bad.returncode == 2 and "bad.md:4: text in the story bank before any story" in bad.stderr
    assert mockloop("profile", "show", data_dir=tmp_path).returncode == 1


def test_show_without_a_profile_says_how_to_set_one(tmp_path: Path) -> None:
    shown = mockloop("profile", "show", data_dir=tmp_path)
    assert shown.returncode == 1 and "mockloop profile set FILE" in shown.stdout
