"""`mockloop progress` read-only through stdlib sqlite3 and the bank cache's question index
(app/store/quick_practice.py, app/bank/question_index.py) against the full path through the
repository: the same reads, the same report, on random histories; and no report (so the caller
takes the full path, which writes) whenever the cards or the aggregates lag the assessments."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from app.bank import load_bank
from app.bank.cache import CACHE_NAME, load_bank_cached
from app.bank.question_index import cached_question_index, index_of
from app.domain.bank import Bank
from app.domain.enums import Mode, RoundKind
from app.domain.events import AssessmentReady
from app.domain.transcript import RoundPlan, SessionPlan
from app.practice import aggregates
from app.practice.progress import build_progress, read_progress
from app.practice.updater import PracticeUpdater
from app.settings_quick import content_dir
from app.store.db import make_engine
from app.store.quick_practice import QuickPracticeReads, open_quick_reads
from app.store.repository import Repository
from tests.practice.conftest import NOW
from tests.practice.test_aggregates import random_bank, random_history, write

HISTORIES = 20
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def quick(db: Path) -> Iterator[QuickPracticeReads]:
    opened = open_quick_reads(f"sqlite:///{db}")
    assert opened is not None
    conn, reads = opened
    try:
        yield reads
    finally:
        conn.close()


@pytest.mark.parametrize("seed", range(HISTORIES))
def test_quick_reads_give_the_full_paths_report(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    bank = random_bank(rng)
    db = tmp_path / "h.db"
    repo = Repository(make_engine(f"sqlite:///{db}"))
    aggregates.rebuild(repo, bank)
    random_history(repo, bank, rng, fold=True)
    want = build_progress(repo, bank, NOW)  # brings the cards up to date, then reads
    with quick(db) as reads:
        kw = {"decay_per_day": 0.02, "estimate_weight": 0.75}
        assert reads.question_totals(NOW, **kw) == repo.question_totals(NOW, **kw)
        assert reads.review_cards() == repo.review_cards()
        assert reads.aggregate_state() == repo.aggregate_state()
        assert reads.practice_totals() == repo.practice_totals()
        assert reads.recent_aggregates(7) == repo.recent_aggregates(7)
        assert reads.topic_totals() == repo.topic_totals()
        ids = {p.session_id for p in want.trend}
        assert reads.session_scores(ids) == repo.session_scores(ids)
        got = read_progress(reads, index_of(bank), NOW)
    assert got == want
    assert got is not None and got.attempts > 0


def _judged_history(tmp_path: Path, seed: int) -> tuple[random.Random, Bank, Path, Repository]:
    """A random history, folded as it was judged, with its cards brought up to date."""
    rng = random.Random(seed)
    bank = random_bank(rng)
    db = tmp_path / "h.db"
    repo = Repository(make_engine(f"sqlite:///{db}"))
    aggregates.rebuild(repo, bank)
    random_history(repo, bank, rng, fold=True)
    build_progress(repo, bank, NOW)
    return rng, bank, db, repo


def test_no_quick_report_while_cards_or_aggregates_lag(tmp_path: Path) -> None:
    rng, bank, db, repo = _judged_history(tmp_path, 5)
    with quick(db) as reads:
        assert read_progress(reads, index_of(bank), NOW) is not None
    sid = repo.list_sessions(limit=1)[0].id
    qid = sorted(q for q, item in bank.questions.items() if not item.closing)[0]
    write(repo, sid, 0, qid, NOW - timedelta(hours=1), rng)  # judged, folded by nobody
    with quick(db) as reads:
        assert read_progress(reads, index_of(bank), NOW) is None  # stale cards and aggregates
    PracticeUpdater(repo, bank)(  # the updater folds the aggregates, not the cards
        AssessmentReady(write(repo, sid, 1, qid, NOW - timedelta(minutes=30), rng))
    )
    with quick(db) as reads:
        assert read_progress(reads, index_of(bank), NOW) is None
    want = build_progress(repo, bank, NOW)
    with quick(db) as reads:
        assert read_progress(reads, index_of(bank), NOW) == want


def test_a_bank_for_another_fingerprint_is_not_read_quickly(tmp_path: Path) -> None:
    _rng, bank, db, repo = _judged_history(tmp_path, 9)
    other = random_bank(random.Random(10))
    assert read_progress(repo, index_of(bank), NOW) is not None  # its own bank reads
    with quick(db) as reads:
        assert read_progress(reads, index_of(other), NOW) is None


def test_question_index_reads_the_bank_cache(tmp_path: Path) -> None:
    bank_dir, rubrics_dir = content_dir("question_bank"), content_dir("rubrics")
    cache = tmp_path / "cache"
    assert cached_question_index(bank_dir, rubrics_dir, cache) is None  # no cache yet
    bank = load_bank_cached(bank_dir, rubrics_dir, cache)  # writes it
    index = cached_question_index(bank_dir, rubrics_dir, cache)
    assert index == index_of(load_bank(bank_dir, rubrics_dir)) == index_of(bank)
    assert any(q.closing for q in index.questions.values())
    blob = (cache / CACHE_NAME).read_bytes()
    (cache / CACHE_NAME).write_bytes(blob[:-40] + b"x" * 40)  # the payload no longer matches
    assert cached_question_index(bank_dir, rubrics_dir, cache) is None


def test_anything_but_a_known_sqlite_file_is_left_to_the_full_path(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    with pytest.raises(sqlite3.OperationalError):  # the command's cue to take the full path
        open_quick_reads(f"sqlite:///{db}")
    assert open_quick_reads(f"sqlite:///{tmp_path / 'missing.db'}") is None
    assert open_quick_reads("postgresql+psycopg://u@h/db") is None


PROBE = (
    "import json, sys\n"
    "from app.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'fsrs', 'app.domain.bank')\n"
    "print(json.dumps([rc, [m for m in heavy if m in sys.modules]]), file=sys.stderr)\n"
)


def _progress(data_dir: Path, db: Path) -> tuple[dict[str, object], list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "MOCKLOOP_"))}
    env["MOCKLOOP_CONFIG_FILE"] = str(data_dir / "no-config.toml")
    argv = ["--offline", "--db", f"sqlite:///{db}", "--data-dir", str(data_dir), "progress"]
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rc, imported = json.loads(out.stderr.strip().splitlines()[-1])
    assert rc == 0, out.stderr
    report: dict[str, object] = json.loads(out.stdout)
    return report, imported


@pytest.mark.slow
def test_mockloop_progress_reads_quickly_once_the_cards_are_current(tmp_path: Path) -> None:
    bank = load_bank(content_dir("question_bank"), content_dir("rubrics"))
    db = tmp_path / "h.db"
    repo = Repository(make_engine(f"sqlite:///{db}"))
    updater = PracticeUpdater(repo, bank)
    rng = random.Random(3)
    qids = sorted(q for q, item in bank.questions.items() if not item.closing)
    for i in range(6):
        sid = f"s{i:03d}"
        plan = SessionPlan(
            rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=qids[:1])]
        )
        repo.create_session(sid, plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
        for k in range(3):
            at = NOW - timedelta(days=20 - 3 * i, minutes=-5 * k)
            updater(AssessmentReady(write(repo, sid, 0, rng.choice(qids), at, rng)))
    first, heavy_first = _progress(tmp_path, db)  # cards not synced yet: the full path
    assert "sqlalchemy" in heavy_first
    second, heavy_second = _progress(tmp_path, db)
    assert heavy_second == []  # neither the store's ORM, pydantic, fsrs nor the bank models
    assert first["attempts"] == second["attempts"] == 18
    assert first["sessions"] == second["sessions"] == 6
    for key in ("judgements", "due_today", "due_week", "seen", "bank_size", "unpractised"):
        assert first[key] == second[key]
    topics_1, topics_2 = first["topics"], second["topics"]
    assert isinstance(topics_1, list) and isinstance(topics_2, list)
    assert [t["topic"] for t in topics_1] == [t["topic"] for t in topics_2]
    for a, b in zip(topics_1, topics_2, strict=True):  # a few seconds of decay apart
        assert a["mastery"] == pytest.approx(b["mastery"], rel=1e-6)
        assert (a["attempts"], a["next_due"], a["flag"]) == (
            b["attempts"],
            b["next_due"],
            b["flag"],
        )
    assert first["trend"] == second["trend"]
