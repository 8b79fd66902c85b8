"""Run one persona through the real headless CLI and read back what was stored (SQLite)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain.enums import Role, TurnKind
from tests.cli.helpers import mockloop

PRAISE = ("good", "great", "makes sense", "nice", "excellent", "perfect", "well done")


@dataclass(frozen=True)
class Row:
    seq: int
    round_index: int
    role: Role
    kind: TurnKind
    text: str
    phase: str
    question_id: str | None
    follow_up_id: str | None
    criterion: str | None
    facts: list[str]
    at_s: float

    @property
    def by_interviewer(self) -> bool:
        return self.role is Role.INTERVIEWER


@dataclass(frozen=True)
class Stored:
    rows: list[Row]
    stderr: str
    stdout: str

    def after(self, row: Row) -> Row | None:
        """The turn right after `row`."""
        later = [r for r in self.rows if r.seq > row.seq]
        return later[0] if later else None

    def candidate(self) -> list[Row]:
        return [r for r in self.rows if r.role is Role.CANDIDATE]

    def replies(self) -> list[tuple[Row, Row]]:
        """(candidate turn, the interviewer turn right after it)."""
        out = []
        for c in self.candidate():
            nxt = self.after(c)
            if nxt is not None and nxt.by_interviewer:
                out.append((c, nxt))
        return out

    def of_kind(self, *kinds: TurnKind) -> list[Row]:
        return [r for r in self.rows if r.kind in kinds]


def run(
    tmp: Path, answers: str, *, rounds: list[str], minutes: int, questions: list[str]
) -> Stored:
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "answers.txt"
    path.write_text(answers, encoding="utf-8")
    args = ["--offline", "run", "--minutes", str(minutes), "--answers", str(path)]
    for r in rounds:
        args += ["--round", r]
    for q in questions:
        args += ["--question", q]
    result = mockloop(*args, data_dir=tmp)
    if result.returncode != 0:
        raise RuntimeError(f"mockloop failed: {result.stderr[-2000:]}")
    db = sqlite3.connect(tmp / "mockloop.db")
    try:
        raw = db.execute(
            "select seq, round_index, role, kind, text, phase, question_id, follow_up_id, "
            "criterion, facts_json, at_s from turns order by seq"
        ).fetchall()
    finally:
        db.close()
    rows = [
        Row(s, ri, Role(role), TurnKind(kind), text, ph, qid, fu, cr, json.loads(facts), at)
        for (s, ri, role, kind, text, ph, qid, fu, cr, facts, at) in raw
    ]
    return Stored(rows, result.stderr, result.stdout)


def praises(text: str) -> bool:
    """Does an interviewer line open with (or contain) an evaluative acknowledgement?"""
    low = text.lower()
    return any(
        low.startswith(p) or f" {p}." in low or f" {p}," in low or f" {p}!" in low for p in PRAISE
    )


def answers(*blocks: str, every: str | None = None) -> str:
    """An --answers file: each block sent after `every` (e.g. "2m"), or speaking time."""
    head = f"@ {every}\n" if every else ""
    return "\n---\n".join(f"{head}{b}" for b in blocks) + "\n"
