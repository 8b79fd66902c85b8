"""Build the parts a session needs from Settings. Shared by the CLI and the TUI.

Commands that only read (sessions, progress) import this module too, so the interviewer, judge
and LLM modules are imported inside the functions that build them."""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import TYPE_CHECKING

from app.bank.cache import load_bank_cached
from app.domain.bank import Bank
from app.domain.enums import Mode, RoundKind
from app.domain.records import LLMCallRecord
from app.domain.transcript import SessionPlan

if TYPE_CHECKING:
    from app.config import Settings
    from app.interviewer.base import Interviewer
    from app.judge.base import Judge
    from app.llm.client import LLMClient
    from app.llm.recording import CallRecord, CallSink
    from app.settings_quick import QuickSettings
    from app.store.repository import Repository

_CLIENTS: dict[tuple[int, int], tuple[Settings, Repository | None, LLMClient]] = {}


def full_settings(settings: Settings | QuickSettings) -> Settings:
    """The full settings behind quick ones (loaded from the same flags), or these."""
    from app.config import Settings, load_settings

    if isinstance(settings, Settings):
        return settings

    return load_settings(**settings.overrides)


def open_repository(settings: Settings | QuickSettings, *, reading: bool = False) -> Repository:
    """The store. A command that only reads (`reading`) gets an empty one, in memory, when
    the SQLite file is not there: `mockloop --db typo.db progress` must not leave a new
    database (and its folder) behind."""
    from app.store.db import make_engine
    from app.store.errors import sqlite_path
    from app.store.repository import Repository

    url = settings.resolved_database_url
    path = sqlite_path(url)
    if reading and path is not None and not path.exists():
        url = "sqlite://"
    return Repository(make_engine(url))


@lru_cache(maxsize=4)
def _bank(bank_dir: str, rubrics_dir: str, cache_dir: str) -> Bank:
    from pathlib import Path

    return load_bank_cached(Path(bank_dir), Path(rubrics_dir), Path(cache_dir))


def bank_for(settings: Settings | QuickSettings) -> Bank:
    """The validated bank, from the on-disk cache under <data dir>/cache when nothing changed
    (app/bank/cache.py)."""
    return _bank(
        str(settings.bank_dir), str(settings.rubrics_dir), str(settings.data_dir / "cache")
    )


def plan_bank(settings: Settings, repo: Repository, plan: SessionPlan) -> Bank:
    """The bank a stored or new plan needs: deep-dive questions come from the profile."""
    if not any(r.kind is RoundKind.DEEP_DIVE for r in plan.rounds):
        return bank_for(settings)
    from app.profile.session_bank import for_plan

    return for_plan(bank_for(settings), repo, settings.bank_dir, plan)


def mode_for(settings: Settings) -> Mode:
    return Mode.LLM if settings.llm_configured else Mode.OFFLINE


def call_sink(repo: Repository) -> CallSink:
    """The LLM client's call records, written to the store as they happen. A failing write never
    breaks an interview: the record is bookkeeping, the transcript is what matters."""

    def sink(rec: CallRecord) -> None:
        with contextlib.suppress(Exception):
            repo.record_llm_call(
                LLMCallRecord(
                    purpose=rec.purpose,
                    model=rec.model,
                    session_id=rec.session_id,
                    prompt_tokens=rec.prompt_tokens,
                    completion_tokens=rec.completion_tokens,
                    cached_tokens=rec.cached_tokens,
                    tokens_estimated=rec.tokens_estimated,
                    latency_ms=rec.latency_ms,
                    cost_usd=rec.cost_usd,
                    ok=rec.ok,
                    error=rec.error,
                    created_at=rec.created_at,
                )
            )

    return sink


def llm_client_for(settings: Settings, repo: Repository | None = None) -> LLMClient:
    """One LLMClient (one long-lived AsyncOpenAI) per settings+repository, shared by the
    interviewer and the judge of a session so they reuse connections. Calls are recorded in
    `repo` when one is given."""
    key = (id(settings), id(repo))
    hit = _CLIENTS.get(key)
    if hit is not None and hit[0] is settings and hit[1] is repo:
        return hit[2]
    from app.llm.client import LLMClient
    from app.llm.tokens import warm_up

    client = LLMClient(settings, sink=call_sink(repo) if repo is not None else None)
    warm_up(sorted({settings.interviewer_model, settings.judge_model}))
    _CLIENTS[key] = (settings, repo, client)  # holding both keeps their ids from being reused
    while len(_CLIENTS) > 8:
        _CLIENTS.pop(next(iter(_CLIENTS)))
    return client


def make_interviewer(
    settings: Settings, repo: Repository | None = None, session_id: str | None = None
) -> Interviewer:
    """Offline unless a key or endpoint is configured; then the LLM, backed by the offline
    interviewer for any turn the server cannot serve."""
    from app.interviewer.offline import OfflineInterviewer

    if not settings.llm_configured:
        return OfflineInterviewer()
    from app.interviewer.fallback import FallbackInterviewer
    from app.interviewer.llm import LLMInterviewer
    from app.llm.speed import user_set

    return FallbackInterviewer(
        LLMInterviewer(llm_client_for(settings, repo), settings, bank=bank_for(settings)),
        OfflineInterviewer(),
        cooldown_s=settings.llm_cooldown_s,
        # the user's deadline, else the LLM interviewer derives one per turn from the speed
        deadline_s=settings.interviewer_deadline_s
        if user_set(settings, "interviewer_deadline_s")
        else None,
    )


def make_judge(
    settings: Settings, repo: Repository | None = None, session_id: str | None = None
) -> Judge:
    """Offline unless a key or endpoint is configured. An LLM judge that fails raises, and the
    engine queues the answer for `mockloop rescore` rather than substituting an estimate."""
    if not settings.llm_configured:
        from app.judge.offline import OfflineJudge

        return OfflineJudge()
    from app.judge.llm import LLMJudge

    client = llm_client_for(settings, repo)
    # on a local server, one judgement at a time leaves a slot free for the interviewer
    return LLMJudge(client, settings, max_parallel=1 if client.local else None)
