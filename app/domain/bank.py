"""Questions and rubrics as the rest of the app sees them, after the bank loader validated them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from app.domain.coding import CodingSpec

if TYPE_CHECKING:
    from app.domain.debugging import DebugProblem
from app.domain.enums import Difficulty, Phase, RoundKind, TargetLevel

MAX_HINTS = 3
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Bank text shown to the user as a line of its own: a folded YAML scalar's final newline
would otherwise reach reports and reasoning ("...no latency math.\n.")."""
Hint = Prose
"""A nudge toward the answer that never states it; a question's hints go from broad to narrow."""


class _Strict(BaseModel):
    """Unknown keys are errors: a typo in the bank must not silently drop content."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioFact(_Strict):
    """A fact the interviewer reveals only when the candidate asks about it."""

    id: str = Field(min_length=1)
    about: list[str] = Field(min_length=1, description="words a clarifying question would use")
    answer: str = Field(min_length=1)


class FollowUp(_Strict):
    """An authored probe. `after` chains it: it is only asked once its parent has been asked."""

    id: str = Field(min_length=1)
    ask: str = Field(min_length=1)
    criterion: str = Field(min_length=1)
    phase: Phase | None = None
    after: str | None = None
    hints: list[Hint] = Field(default_factory=list, max_length=MAX_HINTS)


class KeyPoint(_Strict):
    """One thing a strong answer contains. `signals` are phrases that show it was covered."""

    point: Prose
    criterion: str = Field(min_length=1)
    signals: list[str] = Field(min_length=1)


class RedFlag(_Strict):
    flag: Prose
    signals: list[str] = Field(default_factory=list)


def topic_slug(topic: str) -> str:
    """One spelling per topic: words joined by hyphens ("class imbalance", "class_imbalance"
    and "class-imbalance" are one topic), so progress never splits a topic's history."""
    return "-".join(topic.replace("_", " ").replace("-", " ").split())


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    round: RoundKind
    area: str = Field(min_length=1, description="the bank file's topic area, e.g. transformers")
    topics: list[str] = Field(min_length=1)
    difficulty: Difficulty
    levels: list[TargetLevel] = Field(min_length=1)
    prompt: str = Field(min_length=1)
    rubric: str = Field(min_length=1)
    minutes: int | None = Field(default=None, ge=1, le=120)
    scenario_facts: list[ScenarioFact] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    key_points: list[KeyPoint] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    model_answer: str = ""
    hints: list[Hint] = Field(
        default_factory=list,
        max_length=MAX_HINTS,
        description="1-3 progressively narrower nudges that never state the answer",
    )
    closing: bool = Field(
        default=False, description="the 'questions for me?' segment rather than a question"
    )

    @field_validator("topics")
    @classmethod
    def _topics_lowercase(cls, v: list[str]) -> list[str]:
        bad = [t for t in v if t != t.strip().lower() or not t.strip()]
        if bad:
            raise ValueError(f"topics must be lowercase, non-empty: {bad}")
        return list(dict.fromkeys(topic_slug(t) for t in v))

    def follow_up(self, follow_up_id: str) -> FollowUp | None:
        return next((f for f in self.follow_ups if f.id == follow_up_id), None)


class LevelDescriptors(_Strict):
    """What each hiring level looks like for one criterion (1 no hire ... 4 strong hire)."""

    no_hire: str = Field(min_length=1)
    lean_no_hire: str = Field(min_length=1)
    lean_hire: str = Field(min_length=1)
    strong_hire: str = Field(min_length=1)

    def for_level(self, level: int) -> str:
        return (self.no_hire, self.lean_no_hire, self.lean_hire, self.strong_hire)[level - 1]


class Signals(_Strict):
    """What the offline judge looks for; phrases are matched case-insensitively on word edges."""

    phrases: list[str] = Field(default_factory=list)
    structure: list[str] = Field(
        default_factory=list,
        description="named structural cues, e.g. star, quantified, tradeoff, requirements_first",
    )


class LevelBar(_Strict):
    """What a hire at one target level shows on a criterion: the lowest level descriptor that
    still passes, and what that looks like in this round."""

    min: Literal["no_hire", "lean_no_hire", "lean_hire", "strong_hire"]
    expect: str = Field(min_length=1)

    @property
    def level(self) -> int:
        """The bar as a 1-4 level, comparable with a judged criterion level."""
        return DESCRIPTOR_KEYS.index(self.min) + 1


DESCRIPTOR_KEYS: tuple[str, ...] = ("no_hire", "lean_no_hire", "lean_hire", "strong_hire")
"""The level descriptor keys in level order (1 no hire ... 4 strong hire)."""


class Criterion(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    weight: float = Field(gt=0, le=10)
    description: str = Field(min_length=1)
    levels: LevelDescriptors
    signals: Signals = Field(default_factory=Signals)
    phase: Phase | None = None
    bars: dict[TargetLevel, LevelBar] = Field(default_factory=dict)


class Rubric(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-_]*$")
    version: int = Field(ge=1)
    round: RoundKind
    title: str = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_criteria(self) -> Rubric:
        seen: set[str] = set()
        for c in self.criteria:
            if c.id in seen:
                raise ValueError(f"duplicate criterion id {c.id!r}")
            seen.add(c.id)
        return self

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)


class Bank(BaseModel):
    """The loaded, cross-validated bank. Lookups by id are the common path, so index once."""

    model_config = ConfigDict(frozen=True)

    questions: dict[str, Question]
    rubrics: dict[str, Rubric]
    coding: dict[str, CodingSpec] = Field(
        default_factory=dict, description="coding questions' sources and tests, by question id"
    )
    debugging: dict[str, DebugProblem] = Field(
        default_factory=dict, description="debugging questions' broken scripts, by question id"
    )

    def by_round(self, round_kind: RoundKind, *, closing: bool = False) -> list[Question]:
        return [
            q for q in self.questions.values() if q.round == round_kind and q.closing == closing
        ]

    def rubric_for(self, question: Question) -> Rubric:
        return self.rubrics[question.rubric]


STRUCTURE_CUES: frozenset[str] = frozenset(
    {
        "quantified",
        "tradeoff",
        "star",
        "first_person",
        "reflection",
        "metric_named",
        "requirements_first",
        "answer_first",
    }
)


import app.domain.debugging  # noqa: E402, F401  (defines DebugProblem, which needs Question; rebuilds Bank)
