"""`mockloop plan` and `mockloop progress`: the practice planner and report on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from app.bank import BankValidationError
from app.domain.enums import RoundKind, TargetLevel
from app.domain.text import display_safe

if TYPE_CHECKING:
    from app.config import Settings
    from app.domain.bank import Bank
    from app.practice.progress import ProgressReport
    from app.settings_quick import QuickSettings


def _bank(settings: Settings | QuickSettings) -> Bank | None:
    from app.wiring import bank_for

    try:
        return bank_for(settings)
    except BankValidationError as exc:
        print(exc, file=sys.stderr)
        return None


def plan(args: argparse.Namespace, settings: Settings) -> int:
    from app.practice.planner import PlanError, recommend_plan
    from app.practice.render import render_plan
    from app.wiring import open_repository

    interview: date | None = None
    if args.interview_date:
        try:
            interview = date.fromisoformat(args.interview_date)
        except ValueError:
            print(
                f"mockloop: --interview-date must be YYYY-MM-DD, got {args.interview_date!r}",
                file=sys.stderr,
            )
            return 2
    bank = _bank(settings)
    if bank is None:
        return 2
    rounds = [RoundKind(r) for r in (args.rounds or ["fundamentals"])]
    repo = open_repository(settings)
    if RoundKind.DEEP_DIVE in rounds:  # its questions come from the candidate's own profile
        from app.profile.errors import ProfileError
        from app.profile.session_bank import for_new_plan

        try:
            bank, _ids = for_new_plan(bank, repo, settings.bank_dir)
        except ProfileError as exc:
            print(f"mockloop: {exc}", file=sys.stderr)
            return 2
    try:
        rec = recommend_plan(
            repo,
            bank,
            rounds=rounds,
            minutes=args.minutes,
            level=TargetLevel(args.level),
            interview_date=interview,
        )
    except PlanError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    print(rec.model_dump_json(indent=2) if args.json else display_safe(render_plan(rec, bank)))
    return 0


def progress(args: argparse.Namespace, settings: Settings | QuickSettings) -> int:
    from app.practice.progress import report_json
    from app.practice.render import render_progress

    report = None if getattr(args, "rebuild", False) else _quick_progress(settings)
    if report is None:
        report = _full_progress(args, settings)
        if report is None:
            return 2
    if args.json:
        print(json.dumps(report_json(report), indent=2))
    else:
        print(display_safe(render_progress(report)))
    return 0


def _full_progress(
    args: argparse.Namespace, settings: Settings | QuickSettings
) -> ProgressReport | None:
    from app.practice.progress import build_progress
    from app.wiring import open_repository

    bank = _bank(settings)
    if bank is None:
        return None
    repo = open_repository(settings, reading=True)
    if getattr(args, "rebuild", False):
        from app.practice.aggregates import rebuild

        folded = rebuild(repo, bank)
        print(f"Rebuilt the progress aggregates from {folded} session(s).", file=sys.stderr)
    return build_progress(repo, bank)


def _quick_progress(settings: Settings | QuickSettings) -> ProgressReport | None:
    """The report read-only through stdlib sqlite3 and the bank cache's question index, when the
    database is a plain SQLite file whose cards and aggregates are up to date (the usual case:
    they are updated as sessions are judged); None sends the caller down the full path."""
    import sqlite3

    from app.bank.question_index import cached_question_index
    from app.practice.progress import read_progress
    from app.practice.when import aware
    from app.store.quick_practice import open_quick_reads

    index = cached_question_index(
        settings.bank_dir, settings.rubrics_dir, settings.data_dir / "cache"
    )
    if index is None:
        return None
    try:
        opened = open_quick_reads(settings.resolved_database_url)
        if opened is None:
            return None
        conn, reads = opened
        try:
            return read_progress(reads, index, aware(None))
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return None
