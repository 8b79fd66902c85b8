"""Spaced repetition: the rating map, the card fold, its persistence and its upkeep."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from app.domain.events import SessionFinished
from app.practice.cards import (
    due_cap,
    effective_due,
    load_cards,
    on_cooldown,
    rebuild_all,
    replay,
    review,
    sync_cards,
)
from app.practice.rating import judged_level, rating_for
from app.practice.updater import PracticeUpdater
from app.practice.when import is_due
from app.store.db import make_engine
from app.store.migrations import MIGRATIONS, applied_versions, migrate
from app.store.repository import Repository
from tests.practice.conftest import attempt, days, store_answer

# ------------------------------------------------------------------ rating map


def test_weak_answers_are_failures_not_hard() -> None:
    assert rating_for(1) is Rating.Again
    assert rating_for(2) is Rating.Again  # lean no hire: a failure, not "Hard"
    assert rating_for(3) is Rating.Good
    assert rating_for(4) is Rating.Easy
    assert Rating.Hard not in {rating_for(level) for level in range(0, 6)}


def test_the_judged_level_falls_back_to_the_weighted_score() -> None:
    assert judged_level(2, 3.9) == 2  # the judge's overall level wins
    assert judged_level(None, 2.5) == 3  # rounded half up
    assert judged_level(None, 2.49) == 2
    assert judged_level(None, None) is None


# ------------------------------------------------------------------ the card fold


def test_a_failed_answer_comes_back_the_next_day(now: datetime) -> None:
    card = review(None, "q", 2, now)
    assert card.due.date() == (now + days(1)).date()
    assert card.reps == 1 and card.last_rating == int(Rating.Again)


def test_passing_spaces_the_question_out(now: datetime) -> None:
    good = review(None, "q", 3, now)
    easy = review(None, "q", 4, now)
    assert (good.interval_days or 0) > 1
    assert (easy.interval_days or 0) > (good.interval_days or 0)
    again = review(good, "q", 3, good.due)
    assert (again.interval_days or 0) > (good.interval_days or 0)
    lapse = review(again, "q", 1, again.due)
    assert lapse.lapses == 1 and (lapse.interval_days or 0) <= 1


def test_replay_is_deterministic_and_one_review_per_session(now: datetime) -> None:
    history = [
        attempt("q", 2, now - days(9), session="a"),
        attempt("q", 3, now - days(8), session="b"),
        attempt("q", 4, now - days(2), session="c"),
        attempt("other", 1, now, session="c"),
    ]
    first = replay("q", history)
    second = replay("q", list(reversed(history)))
    assert first is not None and second is not None
    assert first.card.to_dict() == second.card.to_dict()
    assert first.reps == 3
    # the same as reviewing one by one
    step = None
    for a in history[:3]:
        step = review(step, "q", a.level or 0, a.at, a.session_id)
    assert step is not None and step.card.to_dict() == first.card.to_dict()


def test_cooldown_and_due_dates(now: datetime) -> None:
    card = review(None, "q", 4, now - days(1))
    assert on_cooldown(card, now, None)
    assert not on_cooldown(None, now, None)  # never asked: always available
    assert not on_cooldown(card, card.due, None)
    # a card due any time today counts as due today
    assert is_due(card.due, card.due.replace(hour=0, minute=1))


def test_an_interview_date_caps_every_interval(now: datetime) -> None:
    card = review(None, "q", 4, now)
    interview = (now + days(4)).date()
    assert card.due.date() > interview
    cap = due_cap(interview, now)
    assert cap is not None and cap.date() == interview.fromordinal(interview.toordinal() - 1)
    assert effective_due(card, cap) == cap
    assert not on_cooldown(card, now + days(3), cap)  # back for a last review before the day
    assert due_cap(date(2000, 1, 1), now) is None  # a past date is ignored
    today = due_cap(now.date(), now)  # the interview is today: everything is due now
    assert today is not None and today.date() == now.date()


# ------------------------------------------------------------------ persistence


def test_cards_are_synced_from_the_assessments(repo: Repository, now: datetime) -> None:
    store_answer(repo, "s1", "q", 2, now - days(3))
    store_answer(repo, "s1", "r", 4, now - days(3))
    records = sync_cards(repo)
    assert {r.question_id for r in records} == {"q", "r"}
    cards = load_cards(repo.review_cards())
    assert cards["q"].last_rating == int(Rating.Again)
    assert cards["r"].last_rating == int(Rating.Easy)
    # nothing changed: nothing is rebuilt, and the stored card equals a fresh fold
    stored = {r.question_id: r.card_json for r in repo.review_cards()}
    assert sync_cards(repo) == repo.review_cards()
    folded = replay("q", repo.practice_attempts())
    assert folded is not None and json.loads(stored["q"]) == folded.card.to_dict()


def test_a_rescore_or_a_new_session_rebuilds_the_card(repo: Repository, now: datetime) -> None:
    store_answer(repo, "s1", "q", 1, now - days(5))
    sync_cards(repo)
    assert load_cards(repo.review_cards())["q"].last_rating == int(Rating.Again)
    store_answer(repo, "s1", "q", 4, now - days(4))  # rescored: same answer, better level
    sync_cards(repo)
    rescored = load_cards(repo.review_cards())["q"]
    assert rescored.reps == 1 and rescored.last_rating == int(Rating.Easy)
    store_answer(repo, "s2", "q", 3, now)
    sync_cards(repo)
    assert load_cards(repo.review_cards())["q"].reps == 2


def test_rebuild_all_reproduces_the_incremental_cards(repo: Repository, now: datetime) -> None:
    for i, level in enumerate((1, 3, 3, 4)):
        store_answer(repo, f"s{i}", "q", level, now - days(30 - 7 * i))
        sync_cards(repo)
    incremental = repo.review_cards()
    rebuild_all(repo)
    assert [(c.question_id, c.card_json) for c in repo.review_cards()] == [
        (c.question_id, c.card_json) for c in incremental
    ]


def test_the_updater_reviews_cards_when_a_session_finishes(repo: Repository, now: datetime) -> None:
    store_answer(repo, "s1", "q", 2, now)
    updater = PracticeUpdater(repo)
    assert repo.review_cards() == []
    updater(SessionFinished("s1", 600.0, 2.0, []))
    assert [c.question_id for c in repo.review_cards()] == ["q"]


def test_migration_2_is_safe_on_a_version_1_database(tmp_path: Path, now: datetime) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url, run_migrations=False)
    assert migrate(engine, MIGRATIONS[:1]) == [1]
    repo = Repository(engine)
    store_answer(repo, "s1", "q", 3, now)  # history from before the cards table existed
    assert migrate(engine) == [v for v, _, _ in MIGRATIONS[1:]]
    assert migrate(engine) == []
    assert applied_versions(engine) == {v for v, _, _ in MIGRATIONS}
    con = sqlite3.connect(tmp_path / "old.db")
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert "review_cards" in tables
    assert len(repo.practice_attempts()) == 1
    assert [c.question_id for c in sync_cards(repo)] == ["q"]  # cards backfilled on first use


@pytest.mark.parametrize("level", [1, 2])
def test_weak_levels_reset_a_mature_card(level: int, now: datetime) -> None:
    card = None
    at = now - days(60)
    for _ in range(3):
        card = review(card, "q", 4, at)
        at = card.due
    assert card is not None and (card.interval_days or 0) > 10
    failed = review(card, "q", level, at)
    assert (failed.interval_days or 0) <= 1


def test_a_finished_cli_session_updates_the_cards(tmp_path: Path) -> None:
    from app.cli import main

    answers = tmp_path / "answers.txt"
    answers.write_text(
        "Scaling by sqrt(d_k) keeps the softmax out of saturation.\n---\n"
        "I would measure it.\n---\nNot sure.\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'run.db'}"
    assert (
        main(
            [
                "--offline",
                "--db",
                db,
                "run",
                "--quiet",
                "--minutes",
                "10",
                "--question",
                "fund-attention-scaling",
                "--answers",
                str(answers),
            ]
        )
        == 0
    )
    repo = Repository(make_engine(db))
    judged = {a.question_id for a in repo.practice_attempts()}
    assert judged
    assert {c.question_id for c in repo.review_cards()} == judged


def test_migration_3_upgrades_cards_created_by_the_first_version_2(
    tmp_path: Path, now: datetime
) -> None:
    """Version 2 was first committed with a narrower cards table; 3 adds what it lacked."""
    engine = make_engine(f"sqlite:///{tmp_path / 'v2.db'}", run_migrations=False)
    migrate(engine, MIGRATIONS[:1])
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE review_cards (question_id VARCHAR PRIMARY KEY, card_json VARCHAR "
            "NOT NULL, due DATETIME NOT NULL, last_review DATETIME, reps INTEGER NOT NULL, "
            "lapses INTEGER NOT NULL, last_rating INTEGER, last_assessment_id INTEGER NOT NULL, "
            "updated_at DATETIME NOT NULL)"
        )
        conn.exec_driver_sql(
            "CREATE INDEX ix_assessments_session_round_question "
            "ON assessments (session_id, round_index, question_id, id)"
        )
        conn.exec_driver_sql(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (2, 'review cards', '2026-01-01 00:00:00')"
        )
    repo = Repository(engine)
    store_answer(repo, "s1", "q", 2, now)
    assert migrate(engine) == [v for v, _, _ in MIGRATIONS[2:]]
    con = sqlite3.connect(tmp_path / "v2.db")
    columns = {r[1] for r in con.execute("PRAGMA table_info(review_cards)")}
    assert {"judgements", "rejudged_json"} <= columns
    indexes = {r[0] for r in con.execute("select name from sqlite_master where type='index'")}
    assert "ix_assessments_practice" in indexes
    assert "ix_assessments_session_round_question" not in indexes
    assert [c.question_id for c in sync_cards(repo)] == ["q"]
