"""`mockloop doctor`'s speed check: a real interviewer prompt, timed, and the settings it implies.

A ten-token probe says nothing about a laptop server: reading a real interviewer prompt
(~2,000 tokens of persona, brief and state) is what takes a small CPU model 20-40 s. So the
probe sends one: the system-design brief with the most text in the bank, a few turns of
conversation and the move instruction, with a fresh code in front so no prefix cache flatters
it (the first turn of every question pays this in full). From its first-token time and the
generation rate the check derives the timeouts a session would use, warns when the defaults
would fail, and prints the settings to use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from secrets import token_hex

from app.config import Settings
from app.domain.bank import Bank, Question
from app.domain.enums import Move, Phase, Role, RoundKind, TargetLevel, TurnKind
from app.domain.interviewing import InterviewerBrief, JudgeRequest, TurnContext
from app.domain.transcript import Turn
from app.interviewer.prompt import build_interviewer_prompt
from app.judge.prompt import judge_messages
from app.judge.schema import token_cap
from app.llm.client import LLMClient
from app.llm.errors import LLMError
from app.llm.speed import FLOOR_S, SLACK, Speed, estimate_tokens, whole_call_s
from app.llm.tokens import counter_for

PROBE_TOKENS = 48
_ANSWER = (
    "I'd start with who uses this and how fast results must come back, then sketch retrieval "
    "with a lexical index and an embedding index merged, and a small re-ranker on top. "
) * 3


@dataclass
class SpeedReport:
    prompt_tokens: int = 0
    first_token_s: float | None = None
    gen_tps: float | None = None
    prompt_tps: float | None = None
    slots: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


def _design_question(bank: Bank) -> Question:
    pool = bank.by_round(RoundKind.SYSTEM_DESIGN) or list(bank.questions.values())
    return max(pool, key=lambda q: len(q.prompt) + sum(len(f.answer) for f in q.scenario_facts))


def _turns(q: Question) -> list[Turn]:
    now = datetime.now(UTC)
    lines = [
        (Role.INTERVIEWER, TurnKind.QUESTION, q.prompt),
        (Role.CANDIDATE, TurnKind.ANSWER, _ANSWER),
        (Role.INTERVIEWER, TurnKind.FOLLOW_UP, "What would you measure first, and why?"),
        (Role.CANDIDATE, TurnKind.ANSWER, _ANSWER),
    ]
    return [
        Turn(
            seq=i,
            round_index=0,
            role=role,
            kind=kind,
            text=text,
            phase=Phase.REQUIREMENTS,
            question_id=q.id,
            at_s=60.0 * i,
            created_at=now,
        )
        for i, (role, kind, text) in enumerate(lines)
    ]


def interviewer_probe(bank: Bank, model: str) -> list[dict[str, str]]:
    """A first-turn-of-a-question interviewer prompt, as a session builds it."""
    q = _design_question(bank)
    ctx = TurnContext(
        session_id="doctor",
        round_kind=q.round,
        round_index=0,
        target_level=TargetLevel.SENIOR,
        phase=Phase.REQUIREMENTS,
        next_phase=Phase.HIGH_LEVEL,
        brief=InterviewerBrief.of(q, bank.rubric_for(q)),
        allowed_moves=[Move.PROBE, Move.CLARIFY, Move.ADVANCE_PHASE],
        time_left_round_s=2400.0,
        time_in_phase_s=240.0,
        time_on_question_s=240.0,
        candidate_message=_ANSWER,
        recent_turns=_turns(q),
    )
    messages = build_interviewer_prompt(ctx, counter=counter_for(model)).messages()
    messages[0] = {**messages[0], "content": f"[{token_hex(4)}] " + messages[0]["content"]}
    return messages


def judge_probe_size(bank: Bank, model: str, settings: Settings) -> tuple[int, int]:
    """(prompt tokens, token cap) of a typical judge call on the same question."""
    q = _design_question(bank)
    rubric = bank.rubric_for(q)
    req = JudgeRequest(
        session_id="doctor", round_index=0, question=q, rubric=rubric, exchange=_turns(q)
    )
    messages, _ = judge_messages(
        req, counter=counter_for(model), max_prompt_tokens=settings.judge_max_prompt_tokens
    )
    return estimate_tokens(messages), settings.judge_max_tokens or token_cap(rubric)


class _Collect:
    committed = False

    def __init__(self) -> None:
        self.text = ""

    def reset(self) -> None:
        self.text = ""

    async def feed(self, text: str) -> None:
        self.text += text


async def measure(client: LLMClient, settings: Settings, bank: Bank) -> SpeedReport:
    report = SpeedReport(slots=await client.server_slots())
    messages = interviewer_probe(bank, settings.interviewer_model)
    report.prompt_tokens = estimate_tokens(messages)
    try:
        done = await client.stream(
            purpose="probe",
            model=settings.interviewer_model,
            messages=messages,
            consumer=_Collect(),
            max_tokens=PROBE_TOKENS,
            temperature=0.0,
        )
    except LLMError as exc:
        report.error = str(exc)
        return report
    total = done.latency_ms / 1000
    first = done.first_token_ms / 1000 if done.first_token_ms is not None else None
    report.first_token_s = first
    if first:
        report.prompt_tps = report.prompt_tokens / first
    written = done.usage.completion_tokens
    if first is not None and written >= 16 and total - first > 0.05:
        report.gen_tps = written / (total - first)  # else: a reply too short to time
    _advise(report, settings, bank)
    return report


def _advise(report: SpeedReport, settings: Settings, bank: Bank) -> None:
    """Warnings where a setting would time out, and the settings a session should use."""
    if report.prompt_tps is None:
        return
    # what a call needs (with the usual slack); the suggestion adds the floor on top
    needs = {"first_token_timeout_s": SLACK * report.prompt_tokens / report.prompt_tps}
    if report.gen_tps is not None:
        speed = Speed(report.prompt_tps, report.gen_tps, measured=True)
        jp, cap = judge_probe_size(bank, settings.judge_model, settings)
        needs["interviewer_deadline_s"] = (
            whole_call_s(settings, speed, report.prompt_tokens, settings.interviewer_max_tokens)
            - FLOOR_S
        )
        needs["judge_timeout_s"] = whole_call_s(settings, speed, jp, cap) - FLOOR_S
    else:
        report.warnings.append(
            "the reply was too short to time generation; deadlines are not checked"
        )
    what = {
        "first_token_timeout_s": "first token",
        "interviewer_deadline_s": "whole interviewer turn",
        "judge_timeout_s": "whole judgement",
    }
    for name, needed in needs.items():
        current = float(getattr(settings, name))
        if current < needed:
            how = "your setting" if name in settings.model_fields_set else "the default"
            report.warnings.append(
                f"a {what[name]} here can take about {needed:.0f}s; {how} {name}={current:g} "
                "would time out"
            )
        report.settings[f"MOCKLOOP_{name.upper()}"] = f"{max(current, needed + FLOOR_S):.0f}"
    if report.slots:
        report.settings["calibrate --concurrency"] = str(report.slots)
