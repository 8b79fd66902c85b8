"""`mockloop rescore ID`: judge a stored session again, keeping every earlier score.

Uses: finish scoring that was queued when the judge failed mid-session (`--pending`), or get a
second opinion from another judge (`--judge-model gpt-4.1`, `--judge offline`). New assessments
are added next to the old ones; nothing is overwritten. For a finished session the overall
score is recomputed from the latest LLM assessment of each question (an offline estimate only
where no LLM assessment exists).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass

from app.bank import BankValidationError
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import Mode, Role
from app.domain.interviewing import JudgeRequest
from app.domain.records import StoredSession
from app.domain.transcript import Assessment
from app.engine.judging import scored_exchange
from app.engine.state import SessionState
from app.judge.base import Judge
from app.judge.consistency import ProfileConsistency
from app.store.repository import Repository, SessionNotFound
from app.wiring import make_judge, mode_for, open_repository, plan_bank

CONCURRENCY = 3


@dataclass(frozen=True)
class Outcome:
    key: tuple[int, str]
    assessment: Assessment | None
    error: str | None


def answered_questions(stored: StoredSession) -> list[tuple[int, str]]:
    """Closed questions with a non-blank answer: exactly what the engine would have judged."""
    state = SessionState(stored.plan)
    for turn in stored.turns:
        state.apply(turn)
    return [
        (r.index, q.question_id)
        for r in state.rounds
        for q in r.questions
        if q.closed and any(t.strip() for t in q.candidate_texts)
    ]


def _requests(stored: StoredSession, bank: Bank, keys: list[tuple[int, str]]) -> list[JudgeRequest]:
    out: list[JudgeRequest] = []
    for round_index, qid in keys:
        question = bank.questions[qid]
        exchange = scored_exchange(
            t for t in stored.turns if t.round_index == round_index and t.question_id == qid
        )
        if not any(t.role is Role.CANDIDATE and t.text.strip() for t in exchange):
            continue  # only a late answer: reported, never scored
        out.append(
            JudgeRequest(
                session_id=stored.summary.id,
                round_index=round_index,
                question=question,
                rubric=bank.rubric_for(question),
                exchange=exchange,
                target_level=stored.summary.target_level,
                problem=bank.debugging.get(qid),
            )
        )
    return out


async def _judge_all(judge: Judge, requests: list[JudgeRequest]) -> list[Outcome]:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(req: JudgeRequest) -> Outcome:
        key = (req.round_index, req.question.id)
        async with gate:
            try:
                return Outcome(key, await judge.assess(req), None)
            except Exception as exc:  # reported per question; the others still finish
                return Outcome(key, None, str(exc) or type(exc).__name__)

    try:
        return list(await asyncio.gather(*(one(r) for r in requests)))
    finally:
        client = getattr(judge, "client", None)
        if client is not None:
            await client.aclose()


def _overall(assessments: list[Assessment]) -> float | None:
    latest: dict[tuple[int, str], Assessment] = {}
    for a in assessments:  # stored order is insertion order: later wins within a kind
        key = (a.round_index, a.question_id)
        prev = latest.get(key)
        if prev is None or not a.is_estimate or prev.is_estimate:
            latest[key] = a
    scores = [a.weighted_score for a in latest.values() if a.weighted_score is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


def _label(a: Assessment) -> str:
    score = f"{a.weighted_score:.2f}" if a.weighted_score is not None else "n/a"
    return f"{score} ({a.label})"


def rescore(args: argparse.Namespace, settings: Settings) -> int:
    want = Mode(args.judge) if args.judge else mode_for(settings)
    if want is Mode.LLM and not (settings.openai_api_key or settings.openai_base_url):
        print("mockloop: --judge llm needs OPENAI_API_KEY or OPENAI_BASE_URL", file=sys.stderr)
        return 2
    updates: dict[str, object] = {"offline": want is Mode.OFFLINE}
    if args.judge_model:
        if want is Mode.OFFLINE:
            print("mockloop: --judge-model is ignored by the offline judge", file=sys.stderr)
        updates["judge_model"] = args.judge_model
    settings = settings.model_copy(update=updates)
    repo = open_repository(settings)
    try:
        session_id = repo.resolve_id(args.session_id)
        stored = repo.load(session_id)
        bank = plan_bank(settings, repo, stored.plan)
    except SessionNotFound as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    except BankValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    return _rescore(repo, settings, stored, bank, pending_only=bool(args.pending))


def _rescore(
    repo: Repository, settings: Settings, stored: StoredSession, bank: Bank, *, pending_only: bool
) -> int:
    keys = answered_questions(stored)
    missing = [qid for _, qid in keys if qid not in bank.questions]
    if missing:
        print(f"mockloop: the bank no longer has question(s) {', '.join(missing)}", file=sys.stderr)
        return 2
    previous: dict[tuple[int, str], list[Assessment]] = {}
    for a in stored.assessments:
        previous.setdefault((a.round_index, a.question_id), []).append(a)
    if pending_only:
        keys = [k for k in keys if k not in previous]
    sid = stored.summary.id
    if not keys:
        print(
            f"Session {sid[:8]}: nothing to score"
            + (" (no pending questions)." if pending_only else " (no answered questions).")
        )
        return 0
    judge = ProfileConsistency(make_judge(settings, repo, sid))
    print(
        f"Rescoring {len(keys)} question(s) of session {sid[:8]} with "
        f"{'the offline judge' if judge.kind.value == 'offline' else judge.model}..."
    )
    outcomes = asyncio.run(_judge_all(judge, _requests(stored, bank, keys)))
    failed = 0
    for o in outcomes:
        before = "; ".join(_label(a) for a in previous.get(o.key, [])) or "not scored"
        if o.assessment is None:
            failed += 1
            print(f"  {o.key[1]}: {before} -> failed ({o.error})")
            continue
        repo.add_assessment(o.assessment)
        print(f"  {o.key[1]}: {before} -> {_label(o.assessment)}")
    if stored.summary.status == "finished":
        overall = _overall(repo.assessments(sid))
        repo.finish_session(sid, stored.summary.elapsed_s, overall)
        shown = f"{overall:.2f}" if overall is not None else "n/a"
        print(f"Overall: {shown}. Earlier scores are kept; `mockloop show {sid[:8]}` lists all.")
    if failed:
        print(
            f"{failed} question(s) could not be scored; run `mockloop rescore {sid[:8]} "
            "--pending` to retry them.",
            file=sys.stderr,
        )
        return 1
    return 0
