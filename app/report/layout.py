"""The order a scored transcript is read in, shared by every renderer (Markdown, the TUI review).

Each question's score follows its exchange; a question that was answered but not scored yet says
so, rather than silently showing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.enums import Role, TurnKind
from app.domain.transcript import Assessment, RoundPlan, Turn

if TYPE_CHECKING:  # the TUI imports this module; keep sqlmodel off its start-up path
    from app.domain.records import StoredSession

QuestionKey = tuple[int, str]


@dataclass(frozen=True)
class RoundHeader:
    round_index: int
    plan: RoundPlan


@dataclass(frozen=True)
class TurnItem:
    turn: Turn
    key: QuestionKey | None


@dataclass(frozen=True)
class ScoreItem:
    key: QuestionKey
    assessments: list[Assessment]  # empty: answered but not scored yet


TranscriptItem = RoundHeader | TurnItem | ScoreItem

_BOUNDARIES = (TurnKind.QUESTION, TurnKind.ROUND_END, TurnKind.ROUND_START)


def assessments_by_question(stored: StoredSession) -> dict[QuestionKey, list[Assessment]]:
    by_q: dict[QuestionKey, list[Assessment]] = {}
    for a in stored.assessments:
        by_q.setdefault((a.round_index, a.question_id), []).append(a)
    return by_q


def transcript_items(stored: StoredSession) -> list[TranscriptItem]:
    by_q = assessments_by_question(stored)
    answered: set[QuestionKey] = set()
    shown: set[QuestionKey] = set()
    out: list[TranscriptItem] = []

    def flush(key: QuestionKey | None) -> None:
        if key is None or key in shown or (key not in by_q and key not in answered):
            return
        shown.add(key)
        out.append(ScoreItem(key, by_q.get(key, [])))

    current: QuestionKey | None = None
    for t in stored.turns:
        key = (t.round_index, t.question_id) if t.question_id else None
        if key != current and t.kind in _BOUNDARIES:
            flush(current)
            current = key
        if t.kind is TurnKind.ROUND_START:
            out.append(RoundHeader(t.round_index, stored.plan.rounds[t.round_index]))
        if t.role is Role.CANDIDATE and key is not None and t.text.strip():
            answered.add(key)
        out.append(TurnItem(t, key))
    flush(current)
    for key in by_q:  # scores for questions whose turns are not in this transcript
        flush(key)
    return out
