"""`mockloop debrief ID` and `mockloop email ID`: after the interview.

The headless functions here (`load_debrief`, `draft_note`, `save_draft`) are what the TUI calls
from its workers too, so the CLI and the TUI show the same debrief and the same note.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.bank import BankValidationError
from app.commands.output_file import write_output
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import RoundKind, TargetLevel
from app.domain.records import StoredSession
from app.domain.text import display_safe
from app.store.repository import SessionNotFound
from app.wiring import bank_for, open_repository

if TYPE_CHECKING:
    from app.report.debrief import Debrief, PracticeLinks
    from app.report.thank_you import NoteDraft, NoteRequest
    from app.store.repository import Repository

DRAFTS_DIR = "drafts"


def practice_links(
    repo: Repository, bank: Bank, kinds: list[RoundKind], level: TargetLevel
) -> PracticeLinks:
    """The practice plan's questions per round kind, with the planner's reason for each."""
    from app.practice.planner import PlanError, recommend_plan

    links: dict[RoundKind, list[tuple[str, str]]] = {}
    for kind in dict.fromkeys(kinds):
        try:
            rec = recommend_plan(repo, bank, rounds=[kind], level=level)
        except (PlanError, KeyError):  # a round kind the planner cannot plan yet
            continue
        links[kind] = [
            (qid, rec.reasons.get(qid, "chosen by the planner"))
            for r in rec.plan.rounds
            for qid in r.question_ids
        ]
    return links


def load_debrief(
    repo: Repository, bank: Bank | None, stored: StoredSession, level: TargetLevel | None
) -> Debrief:
    """The debrief of a stored session at `level` (default: the session's own target)."""
    from app.judge.overall import session_overall
    from app.report.debrief import build_debrief

    target = level or stored.summary.target_level
    scores = session_overall(stored.plan, stored.assessments)
    kinds = [r.kind for r in stored.plan.rounds]
    links = practice_links(repo, bank, kinds, target) if bank is not None else {}
    return build_debrief(
        stored,
        bank,
        target=target,
        round_scores=[r.score for r in scores.rounds],
        overall=scores.overall,
        practice=links,
    )


def draft_note(
    settings: Settings,
    repo: Repository,
    bank: Bank | None,
    stored: StoredSession,
    request: NoteRequest,
) -> NoteDraft:
    """The offline draft, or in LLM mode the model's draft (the offline one if it fails)."""
    from app.report.thank_you import compose_note

    offline = compose_note(stored, bank, request)
    if not settings.llm_configured:
        return offline
    from app.report.thank_you_llm import draft_with_llm
    from app.wiring import llm_client_for

    client = llm_client_for(settings, repo)
    return asyncio.run(
        draft_with_llm(client, settings.interviewer_model, offline, session_id=stored.summary.id)
    )


def save_draft(settings: Settings, session_id: str, text: str) -> Path:
    """Write a note under <data dir>/drafts/, one file per session (a new save replaces it)."""
    out = settings.data_dir / DRAFTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"thank-you-{session_id[:8]}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _open(args: argparse.Namespace, settings: Settings) -> tuple[Repository, StoredSession] | int:
    repo = open_repository(settings, reading=True)
    try:
        return repo, repo.load(repo.resolve_id(args.session_id))
    except SessionNotFound as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2


def _bank(settings: Settings) -> Bank | None:
    try:
        return bank_for(settings)
    except BankValidationError as exc:
        print(f"mockloop: the bank is invalid; the debrief has no rubric bars:\n{exc}",
              file=sys.stderr)  # fmt: skip
        return None


def _emit(text: str, output: str | None, settings: Settings) -> int:
    if output:
        return 0 if write_output(output, text, settings.resolved_database_url) else 2
    sys.stdout.write(text)
    return 0


def debrief(args: argparse.Namespace, settings: Settings) -> int:
    from app.report.debrief_md import debrief_markdown

    opened = _open(args, settings)
    if isinstance(opened, int):
        return opened
    repo, stored = opened
    level = TargetLevel(args.level) if args.level else None
    report = debrief_markdown(load_debrief(repo, _bank(settings), stored, level))
    return _emit(report, args.output, settings)


def email(args: argparse.Namespace, settings: Settings) -> int:
    from app.report.thank_you import NoteRequest, NoteUnavailable

    opened = _open(args, settings)
    if isinstance(opened, int):
        return opened
    repo, stored = opened
    request = NoteRequest(
        to=args.to, company=args.company, experience=args.experience, question_id=args.question
    )
    try:
        note = draft_note(settings, repo, _bank(settings), stored, request)
    except NoteUnavailable as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    if note.notice:
        print(f"mockloop: {display_safe(note.notice)}", file=sys.stderr)
    return _emit(display_safe(note.text), args.output, settings)
