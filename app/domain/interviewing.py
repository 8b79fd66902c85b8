"""What an interviewer and a judge receive and return.

The interviewer's view of a question (`InterviewerBrief`) is built in code and deliberately lacks
rubric level descriptors, key-point wording and the model answer: it cannot leak what it never gets.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.domain.acts import Aside, Coverage, DialogueAct
from app.domain.bank import FollowUp, Question, Rubric, ScenarioFact
from app.domain.coding import RunDigest
from app.domain.debugging import DebugProblem
from app.domain.enums import GuardReason, Move, Phase, RoundKind, TargetLevel
from app.domain.transcript import Turn

CANDIDATE_ENDED_ROUND = "the candidate ended the round"
"""The forced-move reason when the candidate, not the clock, ends a round."""


class CriterionBrief(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    coverage_tags: list[str] = Field(default_factory=list)


class InterviewerBrief(BaseModel):
    model_config = ConfigDict(frozen=True)

    question_id: str
    round: RoundKind
    prompt: str
    topics: list[str]
    closing: bool
    criteria: list[CriterionBrief]
    scenario_facts: list[ScenarioFact]
    follow_ups: list[FollowUp]
    hints: list[str] = Field(default_factory=list, description="broad to narrow; never the answer")

    @classmethod
    def of(cls, question: Question, rubric: Rubric) -> InterviewerBrief:
        tags: dict[str, list[str]] = {c.id: [] for c in rubric.criteria}
        for kp in question.key_points:
            tags.setdefault(kp.criterion, []).extend(kp.signals)
        return cls(
            question_id=question.id,
            round=question.round,
            prompt=question.prompt,
            topics=list(question.topics),
            closing=question.closing,
            criteria=[
                CriterionBrief(id=c.id, name=c.name, coverage_tags=tags.get(c.id, []))
                for c in rubric.criteria
            ],
            scenario_facts=list(question.scenario_facts),
            follow_ups=list(question.follow_ups),
            hints=list(question.hints),
        )


class TurnContext(BaseModel):
    """Everything the interviewer may use for one move. Time and legality are decided by code."""

    session_id: str
    round_kind: RoundKind
    round_index: int
    target_level: TargetLevel
    phase: Phase
    next_phase: Phase | None = None
    brief: InterviewerBrief
    allowed_moves: list[Move]
    forced_reason: str | None = None
    chosen_reason: str | None = Field(
        default=None, description="why the engine chose the one move it allows, from the act"
    )
    time_left_round_s: float
    time_in_phase_s: float
    time_on_question_s: float
    follow_ups_asked: list[str] = Field(default_factory=list)
    phase_follow_ups: int = 0
    revealed_facts: list[str] = Field(default_factory=list)
    candidate_message: str | None = None
    candidate_asked_question: bool = False
    candidate_text_for_question: str = ""
    aside: Aside | None = None  # a repeat, "what do you mean", an opinion asked for
    claim: str | None = Field(
        default=None,
        description="the candidate's own sentence stating a mistake, first heard on this turn: "
        "a probe challenges it without saying whether it is right",
    )
    act: DialogueAct | None = Field(
        default=None, description="what the candidate's last turn does, read in code"
    )
    coverage: Coverage = Field(default_factory=Coverage)
    answer_elsewhere: bool = Field(
        default=False,
        description="the question's first answer is long and addresses a different question",
    )
    hint: str | None = Field(default=None, description="the hint rung chosen for a hint move")
    recent_turns: list[Turn] = Field(default_factory=list)
    older_summary: str = ""
    seq: int = 0
    run: RunDigest | None = Field(
        default=None, description="coding: the Run/Submit the candidate's last turn made"
    )
    runs_so_far: int = 0
    last_run: RunDigest | None = Field(
        default=None, description="coding: the question's latest Run/Submit, whenever it was"
    )
    run_facts: list[str] = Field(
        default_factory=list,
        description="debugging: the last run as the interviewer may read it (counts, curves)",
    )


class InterviewerReply(BaseModel):
    move: Move
    text: str
    follow_up_id: str | None = None
    criterion: str | None = None
    fact_ids: list[str] = Field(default_factory=list)
    degraded: bool = False
    guard: GuardReason | None = Field(
        default=None, description="set when code replaced the model's words, and why"
    )
    note: str | None = Field(
        default=None, description="why this turn is not the model's own words, for the user"
    )


class JudgeRequest(BaseModel):
    session_id: str
    round_index: int
    question: Question
    rubric: Rubric
    exchange: list[Turn]
    target_level: TargetLevel = TargetLevel.SENIOR
    problem: DebugProblem | None = Field(
        default=None, description="debugging: the problem the exchange's runs are checked against"
    )

    @property
    def candidate_text(self) -> str:
        from app.domain.enums import Role

        return "\n\n".join(t.text for t in self.exchange if t.role is Role.CANDIDATE)
