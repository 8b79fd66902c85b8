"""Setting a profile: read, extract (offline, or by the LLM in LLM mode), and what to tell the
candidate about where their document goes. Shared by `mockloop profile` and the TUI screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.config import Settings
from app.domain.profile import Extractor, Profile
from app.llm.client import LLMClient
from app.llm.errors import LLMError
from app.profile.build import Document, offline_profile, read_document, with_projects
from app.profile.llm_extract import extract_with_llm
from app.store.repository import Repository

OFFLINE_NOTE = (
    "Offline: your profile stays in this data directory's database ({where}); it is never sent "
    "anywhere."
)
LLM_NOTE = (
    "LLM mode: your profile is stored in {where} and its text is sent to the LLM endpoint "
    "({endpoint}, model {model}) to extract claims, and quoted in deep-dive prompts. "
    "Use --offline to keep it on this machine."
)


def where(settings: Settings) -> str:
    url = settings.resolved_database_url
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else "the database"


def privacy_note(settings: Settings) -> str:
    """Says plainly whether the document would leave the machine, and to where."""
    if not settings.llm_configured:
        return OFFLINE_NOTE.format(where=where(settings))
    endpoint = settings.openai_base_url or "OpenAI's API"
    return LLM_NOTE.format(where=where(settings), endpoint=endpoint, model=settings.judge_model)


@dataclass(frozen=True)
class Built:
    profile: Profile
    notes: list[str]


async def build_profile(
    doc: Document, now: datetime, settings: Settings, client: LLMClient | None
) -> Built:
    """Offline extraction, or the LLM's when configured (checked against the document), falling
    back to the offline rules when the LLM fails or returns nothing usable."""
    notes: list[str] = []
    if doc.replaced_bytes:
        notes.append("Some bytes were not valid UTF-8; they are kept as \ufffd.")
    if client is None or not settings.llm_configured:
        return Built(offline_profile(doc, now), notes)
    try:
        result = await extract_with_llm(client, settings.judge_model, doc.text)
    except LLMError as exc:
        reason = _redacted(str(exc), doc.text)
        notes.append(f"The LLM could not extract claims ({reason}); the offline rules were used.")
        return Built(offline_profile(doc, now), notes)
    if result.dropped:
        notes.append(f"{result.dropped} claim(s) the LLM gave were not in your document; dropped.")
    if not result.projects:
        notes.append("The LLM found no claims it could quote; the offline rules were used.")
        return Built(offline_profile(doc, now), notes)
    profile = with_projects(doc, result.projects, now, Extractor.LLM, settings.judge_model)
    return Built(profile, notes)


_ECHO = 24


def _redacted(message: str, text: str) -> str:
    """A server's error message may echo the prompt back: never repeat the document."""
    flat = " ".join(text.split())
    words = message.split()
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            piece = " ".join(words[i:j])
            if len(piece) < _ECHO:
                break
            if piece in flat:
                return "the server's error message quoted your document; not shown"
    return message[:200]


async def set_from_path(
    path: Path, settings: Settings, repo: Repository, client: LLMClient | None
) -> Built:
    """Read, extract and store a new revision; raises ProfileError for a bad file."""
    doc = read_document(path)
    built = await build_profile(doc, datetime.now(UTC), settings, client)
    revision = repo.save_profile(built.profile)
    return Built(built.profile.model_copy(update={"revision": revision}), built.notes)
