"""Build the parts a session needs from Settings. Shared by the CLI and the TUI."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from app.bank import load_bank
from app.config import Settings
from app.domain.bank import Bank
from app.interviewer.base import Interviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.base import Judge
from app.judge.offline import OfflineJudge

if TYPE_CHECKING:
    from app.llm.client import LLMClient
    from app.store.repository import Repository

_CLIENTS: dict[tuple[int, int], tuple[Settings, Repository | None, LLMClient]] = {}


def open_repository(settings: Settings) -> Repository:
    from app.store.db import make_engine
    from app.store.repository import Repository

    return Repository(make_engine(settings.resolved_database_url))


@lru_cache(maxsize=4)
def _bank(bank_dir: str, rubrics_dir: str) -> Bank:
    from pathlib import Path

    return load_bank(Path(bank_dir), Path(rubrics_dir))


def bank_for(settings: Settings) -> Bank:
    return _bank(str(settings.bank_dir), str(settings.rubrics_dir))


def mode_for(settings: Settings) -> str:
    return "llm" if settings.llm_configured else "offline"


def llm_client_for(settings: Settings, repo: Repository | None = None) -> LLMClient:
    """One LLMClient (one long-lived AsyncOpenAI) per settings+repository, shared by the
    interviewer and the judge of a session so they reuse connections. Calls are recorded in
    `repo` when one is given."""
    key = (id(settings), id(repo))
    hit = _CLIENTS.get(key)
    if hit is not None and hit[0] is settings and hit[1] is repo:
        return hit[2]
    from app.llm.client import LLMClient
    from app.llm.recording import repository_sink

    client = LLMClient(settings, sink=repository_sink(repo) if repo is not None else None)
    client.warm_up(sorted({settings.interviewer_model, settings.judge_model}))
    _CLIENTS[key] = (settings, repo, client)  # holding both keeps their ids from being reused
    while len(_CLIENTS) > 8:
        _CLIENTS.pop(next(iter(_CLIENTS)))
    return client


def make_interviewer(
    settings: Settings, repo: Repository | None = None, session_id: str | None = None
) -> Interviewer:
    """Offline unless a key or endpoint is configured; then the LLM, backed by the offline
    interviewer for any turn the server cannot serve."""
    if not settings.llm_configured:
        return OfflineInterviewer()
    from app.interviewer.fallback import FallbackInterviewer
    from app.interviewer.llm import LLMInterviewer

    return FallbackInterviewer(
        LLMInterviewer(llm_client_for(settings, repo), settings),
        OfflineInterviewer(),
        cooldown_s=settings.llm_cooldown_s,
        deadline_s=settings.interviewer_deadline_s,
    )


def make_judge(
    settings: Settings, repo: Repository | None = None, session_id: str | None = None
) -> Judge:
    """Offline unless a key or endpoint is configured. An LLM judge that fails raises, and the
    engine queues the answer for `mockloop rescore` rather than substituting an estimate."""
    if not settings.llm_configured:
        return OfflineJudge()
    from app.judge.llm import LLMJudge

    return LLMJudge(llm_client_for(settings, repo), settings)
