"""Practice on a long history: mastery, next plan and review list on 10,000 sessions.

Fills a fresh SQLite database (through the real migrations) with N sessions of the real bank's
questions, ~50 turns each (about 500,000 turns), 5 judged questions per session with 5 criteria
each, plus some rescored answers, using bulk core inserts. The review cards are then synced once
and the progress aggregates folded once (untimed: in use both are updated as sessions are
judged). Timed, each as the median of
several runs after a cold first run:

  mastery_ms      mastery per topic from the stored assessments (posterior and ranking bound)
  plan_ms         recommend_plan (card sync check, attempts, mastery, selection)
  review_list_ms  the first page of the session list (repo.list_sessions)
  progress_ms     build_progress: what the TUI's Progress screen and `mockloop progress` show

and, as child processes (wall time from spawn to exit, median of several after a warm-up; peak
resident memory of one more run, spawned by a small probe process: see PEAK_PROBE):

  progress_cli_s  `mockloop progress`          (progress_cli_mib: its peak RSS)
  sessions_cli_s  `mockloop sessions`
  show_cli_s      `mockloop show ID` (its rendering saved: the session is unchanged since the
                  last show, or since it finished; app/report/saved.py)
  show_miss_s     the same, the first time (nothing saved: it renders, then saves)

Run from the repo root: python tests/bench/history_scale.py [--sessions 10000] [--keep PATH]
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.bank import load_bank
from app.domain.bank import Bank
from app.domain.enums import PLAYABLE_ROUNDS, RoundKind, TargetLevel
from app.domain.transcript import RoundPlan, SessionPlan
from app.practice.cards import sync_cards
from app.practice.planner import recommend_plan
from app.practice.progress import build_progress
from app.practice.state import load_history
from app.store.db import make_engine
from app.store.repository import Repository
from app.store.tables import AssessmentRow, CriterionScoreRow, RoundRow, SessionRow, TurnRow

ROOT = Path(__file__).resolve().parents[2]
TURNS_PER_SESSION = 50
QUESTIONS_PER_SESSION = 5
RESCORE_SHARE = 0.02
CHUNK = 200  # sessions per insert batch
CRITERIA = ("correctness", "mechanism_depth", "tradeoffs", "practical_judgment", "communication")
WORDS = (
    "attention",
    "gradient",
    "latency",
    "we",
    "measured",
    "the",
    "rollout",
    "because",
    "cache",
    "metric",
    "tradeoff",
    "I",
    "decided",
    "baseline",
    "drift",
    "p99",
)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def fill(repo: Repository, bank: Bank, sessions: int, now: datetime, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    by_round = {k: [q.id for q in bank.by_round(k)] for k in PLAYABLE_ROUNDS}
    models = (SessionRow, RoundRow, TurnRow, AssessmentRow, CriterionScoreRow)
    tables = {t: t.__table__ for t in models}  # type: ignore[union-attr]
    start = now - timedelta(days=730)
    step = timedelta(days=730) / sessions
    counts = {"turns": 0, "assessments": 0, "criteria": 0}
    next_assessment = 1
    with repo.engine.begin() as conn:
        for base in range(0, sessions, CHUNK):
            s_rows: list[dict[str, Any]] = []
            r_rows: list[dict[str, Any]] = []
            t_rows: list[dict[str, Any]] = []
            a_rows: list[dict[str, Any]] = []
            c_rows: list[dict[str, Any]] = []
            for i in range(base, min(sessions, base + CHUNK)):
                sid = f"{i:08x}{rng.getrandbits(96):024x}"
                created = start + step * i + timedelta(minutes=rng.uniform(-30, 30))
                kind = rng.choice(
                    (RoundKind.FUNDAMENTALS, RoundKind.FUNDAMENTALS, RoundKind.BEHAVIORAL)
                )
                qids = rng.sample(by_round[kind], QUESTIONS_PER_SESSION)
                plan = SessionPlan(
                    rounds=[RoundPlan(kind=kind, minutes=45, question_ids=qids)],
                    target_level=TargetLevel.SENIOR.value,
                )
                s_rows.append(
                    {
                        "id": sid,
                        "created_at": created,
                        "updated_at": created,
                        "status": "finished",
                        "mode": "offline",
                        "interviewer_model": None,
                        "judge_model": None,
                        "target_level": "senior",
                        "plan_json": plan.model_dump_json(),
                        "elapsed_s": 2700.0,
                        "overall_score": round(rng.uniform(1, 4), 2),
                    }
                )
                r_rows.append(
                    {"session_id": sid, "round_index": 0, "kind": kind.value, "minutes": 45}
                )
                for seq in range(TURNS_PER_SESSION):
                    q = qids[
                        min(
                            QUESTIONS_PER_SESSION - 1,
                            seq * QUESTIONS_PER_SESSION // TURNS_PER_SESSION,
                        )
                    ]
                    candidate = seq % 2 == 1
                    t_rows.append(
                        {
                            "session_id": sid,
                            "seq": seq,
                            "round_index": 0,
                            "role": "candidate" if candidate else "interviewer",
                            "kind": "answer" if candidate else "follow_up",
                            "phase": "questions",
                            "text": _text(rng, 40 if candidate else 15),
                            "question_id": q,
                            "follow_up_id": None,
                            "criterion": None,
                            "facts_json": "[]",
                            "at_s": seq * 50.0,
                            "created_at": created + timedelta(seconds=seq * 50),
                        }
                    )
                skill = rng.uniform(1.5, 3.5)
                for q in qids:
                    judged = 2 if rng.random() < RESCORE_SHARE else 1
                    for _ in range(judged):
                        levels = [min(4, max(1, round(rng.gauss(skill, 0.8)))) for _ in CRITERIA]
                        score = round(sum(levels) / len(levels), 2)
                        aid = next_assessment
                        next_assessment += 1
                        a_rows.append(
                            {
                                "id": aid,
                                "session_id": sid,
                                "round_index": 0,
                                "question_id": q,
                                "rubric_id": "fundamentals",
                                "rubric_version": 1,
                                "judge_kind": "offline",
                                "judge_model": None,
                                "overall_level": int(score + 0.5),
                                "weighted_score": score,
                                "is_estimate": True,
                                "injection_suspected": False,
                                "strengths_json": "[]",
                                "to_strong_hire_json": "[]",
                                "red_flags_json": "[]",
                                "created_at": created + timedelta(minutes=45),
                            }
                        )
                        c_rows.extend(
                            {
                                "assessment_id": aid,
                                "criterion": c,
                                "weight": 1.0,
                                "level": lv,
                                "evidence_json": "[]",
                                "reasoning": "",
                            }
                            for c, lv in zip(CRITERIA, levels, strict=True)
                        )
            conn.execute(tables[SessionRow].insert(), s_rows)
            conn.execute(tables[RoundRow].insert(), r_rows)
            conn.execute(tables[TurnRow].insert(), t_rows)
            conn.execute(tables[AssessmentRow].insert(), a_rows)
            conn.execute(tables[CriterionScoreRow].insert(), c_rows)
            counts["turns"] += len(t_rows)
            counts["assessments"] += len(a_rows)
            counts["criteria"] += len(c_rows)
    with repo.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return counts


def mastery(repo: Repository, bank: Bank, now: datetime) -> list[tuple[str, float, float]]:
    """Posterior per topic from the store, with the planner's ranking bound for each."""
    topics = load_history(repo, bank, now)[0].topics
    return [(t, m.mean, m.bound()) for t, m in topics.items()]


PEAK_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
"""Runs a command and prints its peak RSS (KiB). Linux starts the `ru_maxrss` of a child from
its spawner's own peak (here this benchmark's, ~120 MiB with the bank and the history loaded),
so the command is spawned by this small process instead, which reports what it measured."""


def _command(db: Path, data_dir: Path, argv: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "MOCKLOOP_"))}
    env["MOCKLOOP_CONFIG_FILE"] = str(data_dir / "no-config.toml")
    cmd = [sys.executable, "-m", "app", "--offline", "--db", f"sqlite:///{db}"]
    return [*cmd, "--data-dir", str(data_dir), *argv], env


def cli_run(db: Path, data_dir: Path, *argv: str) -> float:
    """Wall seconds of one `python -m app --db ... ARGV` child, spawn to exit."""
    cmd, env = _command(db, data_dir, argv)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}")
    return wall


def cli_peak_mib(db: Path, data_dir: Path, *argv: str) -> float:
    """Peak resident memory of one such child, measured by PEAK_PROBE."""
    cmd, env = _command(db, data_dir, argv)
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_PROBE, *cmd],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr[-500:]}")
    return int(proc.stderr.strip().splitlines()[-1]) / 1024  # Linux reports KiB


def cli_timed(db: Path, data_dir: Path, runs: int, *argv: str) -> tuple[float, float, float]:
    """(median wall seconds over `runs` runs after one warm-up run, peak RSS MiB of one more,
    wall seconds of the warm-up run)."""
    first = cli_run(db, data_dir, *argv)
    walls = [cli_run(db, data_dir, *argv) for _ in range(runs)]
    return statistics.median(walls), cli_peak_mib(db, data_dir, *argv), first


def timed(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """(cold ms, median ms of the following runs)."""
    times = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return times[0], statistics.median(times[1:])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--keep", metavar="PATH", help="write the database here instead of a temp dir")
    p.add_argument("--cli-runs", type=int, default=3, help="runs of each CLI command")
    args = p.parse_args(argv)
    bank = load_bank(ROOT / "question_bank", ROOT / "rubrics")
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "history.db"
        path.unlink(missing_ok=True)
        repo = Repository(make_engine(f"sqlite:///{path}"))
        t0 = time.perf_counter()
        counts = fill(repo, bank, args.sessions, now, args.seed)
        fill_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        cards = len(sync_cards(repo))
        sync_ms = (time.perf_counter() - t0) * 1000
        rebuild_ms = None
        try:  # the bulk fill bypassed the writers that fold aggregates: fold once, untimed
            from app.practice.aggregates import rebuild

            t0 = time.perf_counter()
            rebuild(repo, bank)
            rebuild_ms = round((time.perf_counter() - t0) * 1000, 1)
        except ImportError:  # a release without running aggregates
            pass
        mastery_cold, mastery_ms = timed(lambda: mastery(repo, bank, now), args.runs)
        plan_cold, plan_ms = timed(
            lambda: recommend_plan(
                repo, bank, rounds=[RoundKind.FUNDAMENTALS, RoundKind.BEHAVIORAL], now=now
            ),
            args.runs,
        )
        list_cold, list_ms = timed(lambda: repo.list_sessions(limit=20), args.runs)
        progress_cold, progress_ms = timed(lambda: build_progress(repo, bank, now), args.runs)
        some_id = repo.list_sessions(limit=1)[0].id
        repo.engine.dispose()
        data_dir = Path(tmp) / "data"
        progress_s, progress_mib, _ = cli_timed(path, data_dir, args.cli_runs, "progress")
        sessions_s, _, _ = cli_timed(path, data_dir, args.cli_runs, "sessions")
        show_s, _, show_miss_s = cli_timed(path, data_dir, args.cli_runs, "show", some_id[:8])
    print(
        f"filled {args.sessions} sessions in {fill_s:.1f}s; synced {cards} cards in "
        f"{sync_ms:.0f} ms; cold runs: mastery {mastery_cold:.0f} ms, plan {plan_cold:.0f} ms, "
        f"review list {list_cold:.1f} ms, progress {progress_cold:.0f} ms",
        file=sys.stderr,
        flush=True,
    )
    print(
        json.dumps(
            {
                "sessions": args.sessions,
                "turns": counts["turns"],
                "assessments": counts["assessments"],
                "mastery_ms": round(mastery_ms, 1),
                "plan_ms": round(plan_ms, 1),
                "review_list_ms": round(list_ms, 2),
                "progress_ms": round(progress_ms, 1),
                "progress_cli_s": round(progress_s, 3),
                "progress_cli_mib": round(progress_mib, 1),
                "sessions_cli_s": round(sessions_s, 3),
                "show_cli_s": round(show_s, 3),
                "show_miss_s": round(show_miss_s, 3),
                "cold": {
                    "mastery_ms": round(mastery_cold, 1),
                    "plan_ms": round(plan_cold, 1),
                    "review_list_ms": round(list_cold, 2),
                    "progress_ms": round(progress_cold, 1),
                },
                "cards_sync_ms": round(sync_ms, 1),
                "aggregates_rebuild_ms": rebuild_ms,
                "fill_s": round(fill_s, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
