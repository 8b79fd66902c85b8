"""The candidate's own profile (a resume, cover letter or project notes) as the app reads it.

The document is the candidate's; everything here is derived from it: projects, the claims each
one makes, and the STAR stories of the story bank. Claims quote the document verbatim, so an
interviewer that names a claim names the candidate's own words.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# In domain/enums.py so the label table (and everything that only prints) needs no pydantic.
from app.domain.enums import ClaimKind as ClaimKind
from app.domain.enums import StoryCategory as StoryCategory


class Extractor(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Claim(_Frozen):
    kind: ClaimKind
    quote: str = Field(min_length=1, description="verbatim from the document")
    line: int = Field(ge=1, description="1-based line of the document the quote starts on")


class Project(_Frozen):
    title: str
    line: int = Field(ge=1)
    claims: list[Claim] = Field(default_factory=list)

    def of_kind(self, kind: ClaimKind) -> list[Claim]:
        return [c for c in self.claims if c.kind is kind]


class Story(_Frozen):
    """One STAR story of the story bank, written by the candidate in their profile."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    category: StoryCategory
    text: str
    line: int = Field(ge=1)


class StoryChecks(_Frozen):
    """What a told (or written) story carries: what a hiring manager listens for."""

    number: bool
    baseline: bool
    durable_change: bool


class Profile(_Frozen):
    """One stored revision of the profile. Replacing the document adds a revision."""

    revision: int = Field(ge=1)
    source_name: str
    created_at: datetime
    text: str
    extractor: Extractor
    extractor_model: str | None = None
    projects: list[Project] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)

    @property
    def claims(self) -> list[Claim]:
        return [c for p in self.projects for c in p.claims]


class StoryTelling(_Frozen):
    """A story told in a session: where, and what the judge gave the answer."""

    story_id: str
    session_id: str
    round_index: int
    question_id: str
    told_at: datetime
    score: float | None = None
    checks: StoryChecks
