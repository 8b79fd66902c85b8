"""Scored transcripts as Markdown (for people) and JSON (for machines)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from app.domain.enums import Mode, Role, TurnKind
from app.domain.labels import (
    LEVEL_NAMES,
    NOT_OBSERVED,
    OFFLINE_ESTIMATE,
    ROUND_TITLES,
    STATUS_LABELS,
    candidate_label,
    level_label,
)
from app.domain.records import StoredSession
from app.domain.text import display_safe, json_safe
from app.domain.transcript import Assessment, Turn
from app.report.coding import run_lines
from app.report.layout import RoundHeader, TurnItem, transcript_items
from app.report.markdown import outline_markdown


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class RubricNames(Protocol):
    def criterion(self, criterion_id: str, /) -> _Named | None: ...


class _Answered(Protocol):
    @property
    def model_answer(self) -> str: ...


class ReportBank(Protocol):
    """What the report reads from the bank: criterion names and model answers. A `Bank` is one;
    so is the index `mockloop show` reads from the bank cache (app/bank/report_index.py)."""

    @property
    def questions(self) -> Mapping[str, _Answered]: ...

    @property
    def rubrics(self) -> Mapping[str, RubricNames]: ...


def _clock(at_s: float) -> str:
    return f"{int(at_s // 60):02d}:{int(at_s % 60):02d}"


def _literal(text: str) -> str:
    """A turn's words for Markdown: a `<` is escaped, so a tag someone typed (or a model wrote)
    is shown, never run or hidden by a viewer that renders HTML; other Markdown stays theirs."""
    return display_safe(text).replace("<", "\\<")


def _quote(text: str) -> str:
    safe = _literal(text) if text.strip() else "(empty answer)"
    return "\n".join("> " + line if line else ">" for line in safe.split("\n"))


def criterion_rows(a: Assessment, rubric: RubricNames | None) -> list[tuple[str, str, str, str]]:
    """(criterion, weight, level, reasoning) per criterion, as every renderer shows them.

    A criterion without a level was not observed (the question gave no opportunity): it is
    shown as such and is not part of the question's score.
    """
    rows = []
    for c in a.criteria:
        crit = rubric.criterion(c.criterion) if rubric is not None else None
        name = crit.name if crit else c.criterion
        lv = f"{c.level} ({LEVEL_NAMES[c.level]})" if c.level else NOT_OBSERVED
        reasoning = display_safe(c.reasoning).replace("|", "\\|").replace("\n", " ")
        rows.append((name, f"{c.weight:g}", lv, reasoning))
    return rows


def _assessment_md(a: Assessment, bank: ReportBank | None) -> list[str]:
    question = bank.questions.get(a.question_id) if bank else None
    rubric = bank.rubrics.get(a.rubric_id) if bank else None
    tag = OFFLINE_ESTIMATE if a.is_estimate else f"judged by {a.judge_model or 'LLM'}"
    out = [f"#### Score for `{a.question_id}`: {level_label(a.weighted_score)} · {tag}", ""]
    out += ["| criterion | weight | level | reasoning |", "|---|---|---|---|"]
    for name, weight, lv, reasoning in criterion_rows(a, rubric):
        out.append(f"| {name} | {weight} | {lv} | {reasoning} |")
    out.append("")
    shown: set[str] = set()
    for c in a.criteria:
        for ev in c.evidence:
            if ev in shown:  # one sentence can evidence several criteria: quote it once
                continue
            shown.add(ev)
            out.append(f"- evidence for *{c.criterion}*: “{display_safe(ev)}”")
    if a.strengths:
        out += ["", "**Strengths (in your words):**"]
        out += [f"- {display_safe(s)}" for s in a.strengths]
    # Key points and red flags are whole sentences: one bullet each, never run together.
    if a.to_strong_hire:
        out += ["", "**A strong-hire answer would add:**"]
        out += [f"- {display_safe(s)}" for s in a.to_strong_hire]
    if a.red_flags:
        out += ["", "**Red flags:**"]
        out += [f"- {display_safe(s)}" for s in a.red_flags]
    if a.injection_suspected:
        out += ["", "**Note:** the answer contained text aimed at the grader; it earned no credit."]
    if question is not None and question.model_answer:
        out += [
            "",
            "<details><summary>Model answer outline</summary>",
            "",
            outline_markdown(display_safe(question.model_answer)),
            "",
            "</details>",
        ]
    out.append("")
    return out


def to_markdown(stored: StoredSession, bank: ReportBank | None = None) -> str:
    s = stored.summary
    mode = (
        "offline (scores are offline estimates)"
        if s.mode is Mode.OFFLINE
        else (f"LLM (interviewer {s.interviewer_model}, judge {s.judge_model})")
    )
    lines = [
        f"# mockloop session {s.id[:8]}",
        "",
        f"- Date: {s.created_at:%Y-%m-%d %H:%M} UTC",
        f"- Mode: {mode}",
        f"- Target level: {s.target_level}",
        f"- Rounds: {', '.join(ROUND_TITLES[r] for r in s.rounds)}",
        f"- Status: {STATUS_LABELS[s.status]}; interview time {_clock(s.elapsed_s)}",
        f"- Overall: {level_label(s.overall_score)}",
        "",
    ]
    for item in transcript_items(stored):
        if isinstance(item, RoundHeader):
            title = f"{ROUND_TITLES[item.plan.kind]} ({item.plan.minutes} min)"
            lines += [f"## Round {item.round_index + 1}: {title}", ""]
        elif isinstance(item, TurnItem):
            lines += _turn_md(item.turn)
        elif item.assessments:
            for a in item.assessments:
                lines.extend(_assessment_md(a, bank))
        else:
            lines += [
                f"#### `{item.key[1]}` is not scored yet: `mockloop rescore {s.id[:8]} --pending` "
                "finishes it.",
                "",
            ]
    # Every piece (bank text, topic and model names included) passes the output sanitiser.
    return display_safe("\n".join(lines).rstrip() + "\n")


def _turn_md(t: Turn) -> list[str]:
    stamp = f"[{_clock(t.at_s)} · {t.phase.value}]"
    if t.role is Role.CANDIDATE:
        label = candidate_label(t.kind, script=t.script is not None)
        if t.run is not None:
            return [f"**{label}** {stamp}", "", *run_lines(t), ""]
        return [f"**{label}** {stamp}", "", _quote(t.text), ""]
    if t.role is Role.SYSTEM:
        return [f"*{_literal(t.text)}*", ""]
    label = {TurnKind.NUDGE: "Interviewer (time check)"}.get(t.kind, "Interviewer")
    return [f"**{label}** {stamp}", "", _literal(t.text), ""]


def to_json(stored: StoredSession) -> str:
    s = stored.summary
    data: dict[str, Any] = {
        "id": s.id,
        "created_at": s.created_at.isoformat(),
        "status": s.status,
        "mode": s.mode,
        "interviewer_model": s.interviewer_model,
        "judge_model": s.judge_model,
        "target_level": s.target_level,
        "elapsed_s": s.elapsed_s,
        "overall_score": s.overall_score,
        "round_titles": [ROUND_TITLES[r.kind] for r in stored.plan.rounds],
        "plan": stored.plan.model_dump(mode="json"),
        "turns": [t.model_dump(mode="json") for t in stored.turns],
        "assessments": [a.model_dump(mode="json") for a in stored.assessments],
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False))
