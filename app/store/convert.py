"""Domain <-> table conversion, so the rest of the app never handles table rows.

The row -> domain functions only read the rows' attributes, so app/store/quick_session.py
passes them rows read through the standard library's sqlite3; that is why the table classes
(SQLModel, SQLAlchemy) are imported only where a row is built."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from app.domain.coding import RunReport
from app.domain.enums import (
    JudgeKind,
    Mode,
    Phase,
    Role,
    RoundKind,
    SessionStatus,
    TargetLevel,
    TurnKind,
)
from app.domain.records import LLMCallRecord, SessionSummary
from app.domain.script_report import ScriptReport
from app.domain.transcript import Assessment, CriterionScore, SessionPlan, Turn

if TYPE_CHECKING:
    from app.store.tables import AssessmentRow, CriterionScoreRow, LLMCallRow, SessionRow, TurnRow

# Lone surrogates (what `surrogateescape` makes of invalid UTF-8 on stdin) cannot be encoded,
# and PostgreSQL text cannot hold NUL: both become U+FFFD, so a bad byte never loses an answer.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable(text: str) -> str:
    """`text` as every backend can store it: invalid code points replaced by U+FFFD."""
    if text.isascii() and "\x00" not in text:  # every turn: most text needs no search
        return text
    return _UNSTORABLE.sub(REPLACEMENT, text)


def _opt(text: str | None) -> str | None:
    return None if text is None else storable(text)


def _json_list(items: list[str]) -> str:
    return json.dumps([storable(i) for i in items])


def _facts_json(turn: Turn) -> str:
    """A turn's facts, and for a Run/Submit turn its run report too, in the one JSON column:
    a list as before, or `{"facts": [...], "run": {...}}`. No schema change, and rows written
    before coding existed read back unchanged."""
    if turn.run is None:
        return _json_list(turn.facts)
    data: dict[str, object] = {
        "facts": [storable(i) for i in turn.facts],
        "run": turn.run.model_dump(mode="json"),
    }
    if turn.script is not None:  # debugging: checks and curves; its run is `run` above
        data["script"] = json.loads(turn.script.model_dump_json(exclude={"run"}))
    return json.dumps(data)


def _facts_and_run(raw: str | None) -> tuple[list[str], RunReport | None, ScriptReport | None]:
    data = json.loads(raw or "[]")
    if isinstance(data, dict):
        run = data.get("run")
        report = RunReport.model_validate(run) if run else None
        script = data.get("script")
        scripted = ScriptReport.model_validate({**script, "run": run}) if script and run else None
        return list(data.get("facts", [])), report, scripted
    return data, None, None


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def turn_values(session_id: str, turn: Turn) -> dict[str, object]:
    """Column values for a turn insert; a plain dict because this runs on every message."""
    return {
        "session_id": session_id,
        "seq": turn.seq,
        "round_index": turn.round_index,
        "role": turn.role.value,
        "kind": turn.kind.value,
        "text": storable(turn.text),
        "phase": turn.phase.value,
        "question_id": _opt(turn.question_id),
        "follow_up_id": _opt(turn.follow_up_id),
        "criterion": _opt(turn.criterion),
        "facts_json": _facts_json(turn),
        "at_s": turn.at_s,
        "created_at": turn.created_at,
    }


def turn_to_row(session_id: str, turn: Turn) -> TurnRow:
    from app.store.tables import TurnRow

    return TurnRow(
        session_id=session_id,
        seq=turn.seq,
        round_index=turn.round_index,
        role=turn.role.value,
        kind=turn.kind.value,
        text=storable(turn.text),
        phase=turn.phase.value,
        question_id=_opt(turn.question_id),
        follow_up_id=_opt(turn.follow_up_id),
        criterion=_opt(turn.criterion),
        facts_json=_facts_json(turn),
        at_s=turn.at_s,
        created_at=turn.created_at,
    )


def row_to_turn(row: TurnRow) -> Turn:
    facts, run, script = _facts_and_run(row.facts_json)
    return Turn(
        seq=row.seq,
        round_index=row.round_index,
        role=Role(row.role),
        kind=TurnKind(row.kind),
        text=row.text,
        phase=Phase(row.phase),
        question_id=row.question_id,
        follow_up_id=row.follow_up_id,
        criterion=row.criterion,
        facts=facts,
        at_s=row.at_s,
        created_at=_aware(row.created_at),
        run=run,
        script=script,
    )


def assessment_values(a: Assessment) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Column values for an assessment and its criterion scores (plain dicts: a hot path)."""
    row: dict[str, object] = {
        "session_id": a.session_id,
        "round_index": a.round_index,
        "question_id": a.question_id,
        "rubric_id": a.rubric_id,
        "rubric_version": a.rubric_version,
        "judge_kind": a.judge_kind.value,
        "judge_model": _opt(a.judge_model),
        "overall_level": a.overall_level,
        "weighted_score": a.weighted_score,
        "is_estimate": a.is_estimate,
        "injection_suspected": a.injection_suspected,
        "strengths_json": _json_list(a.strengths),
        "to_strong_hire_json": _json_list(a.to_strong_hire),
        "red_flags_json": _json_list(a.red_flags),
        "created_at": a.created_at or datetime.now(UTC),
    }
    crits: list[dict[str, object]] = [
        {
            "criterion": c.criterion,
            "weight": c.weight,
            "level": c.level,
            "evidence_json": _json_list(c.evidence),
            "reasoning": storable(c.reasoning),
        }
        for c in a.criteria
    ]
    return row, crits


def rows_to_assessment(row: AssessmentRow, crits: list[CriterionScoreRow]) -> Assessment:
    return Assessment(
        session_id=row.session_id,
        round_index=row.round_index,
        question_id=row.question_id,
        rubric_id=row.rubric_id,
        rubric_version=row.rubric_version,
        judge_kind=JudgeKind(row.judge_kind),
        judge_model=row.judge_model,
        criteria=[
            CriterionScore(
                criterion=c.criterion,
                evidence=json.loads(c.evidence_json or "[]"),
                reasoning=c.reasoning,
                level=c.level,
                weight=c.weight,
            )
            for c in crits
        ],
        overall_level=row.overall_level,
        weighted_score=row.weighted_score,
        strengths=json.loads(row.strengths_json or "[]"),
        to_strong_hire=json.loads(row.to_strong_hire_json or "[]"),
        red_flags=json.loads(row.red_flags_json or "[]"),
        injection_suspected=row.injection_suspected,
        is_estimate=row.is_estimate,
        created_at=_aware(row.created_at),
    )


def row_to_summary(row: SessionRow) -> SessionSummary:
    try:
        plan = SessionPlan.model_validate_json(row.plan_json)
    except ValidationError as exc:  # named by its column, as a damaged row is reported
        raise ValueError(f"plan_json: {exc.errors()[0]['msg']}") from None
    return SessionSummary(
        id=row.id,
        created_at=_aware(row.created_at),
        status=SessionStatus(row.status),
        mode=Mode(row.mode),
        interviewer_model=row.interviewer_model,
        judge_model=row.judge_model,
        rounds=[RoundKind(r.kind) for r in plan.rounds],
        overall_score=None if row.overall_score is None else _number(row.overall_score),
        elapsed_s=_number(row.elapsed_s or 0.0),
        target_level=TargetLevel(row.target_level),
    )


def _number(value: object) -> float:
    """A stored number as a float; ValueError for text that is none (a row edited by hand:
    SQLite keeps whatever it is given)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None


def llm_call_row(rec: LLMCallRecord) -> LLMCallRow:
    from app.store.tables import LLMCallRow

    return LLMCallRow(
        session_id=rec.session_id,
        purpose=rec.purpose,
        model=rec.model,
        prompt_tokens=rec.prompt_tokens,
        completion_tokens=rec.completion_tokens,
        cached_tokens=rec.cached_tokens,
        tokens_estimated=rec.tokens_estimated,
        latency_ms=round(rec.latency_ms, 3),
        cost_usd=rec.cost_usd,
        ok=rec.ok,
        error=rec.error,
        created_at=rec.created_at,
    )


def row_to_llm_call(row: LLMCallRow) -> LLMCallRecord:
    return LLMCallRecord(
        purpose=row.purpose,
        model=row.model,
        session_id=row.session_id,
        prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens,
        cached_tokens=row.cached_tokens,
        tokens_estimated=row.tokens_estimated,
        latency_ms=row.latency_ms,
        cost_usd=row.cost_usd,
        ok=row.ok,
        error=row.error,
        created_at=_aware(row.created_at),
    )
