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
    from app.store.repository import Repository


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


def make_interviewer(
    settings: Settings, repo: Repository | None = None, session_id: str | None = None
) -> Interviewer:
    return OfflineInterviewer()


def make_judge(
    settings: Settings, repo: Repository | None = None, session_id: str | None = None
) -> Judge:
    return OfflineJudge()
