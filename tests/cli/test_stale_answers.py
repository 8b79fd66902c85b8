"""An answer written for a question the interviewer has left is never re-filed under another
question; it is kept against the question it was aimed at, marked late, reported, not scored.

The bugs this guards: headless, an answer typed for round 0's last question arrived after a time
check had ended round 0, and was stored as the answer to round 1's first question; and then,
once refused, it was silently dropped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.bank import Bank
from app.domain.enums import Role, RoundKind, TurnKind
from app.domain.events import TurnRecorded
from app.domain.transcript import RoundPlan
from app.engine.errors import StaleAnswer
from tests.cli.helpers import mockloop
from tests.conftest import EventLog
from tests.engine.helpers import make_engine, plan_of

LATE = "This answer was written for the first round's question."


async def test_the_engine_refuses_an_answer_aimed_at_a_question_it_left(
    mini_bank: Bank, log: EventLog
) -> None:
    plan = plan_of(
        RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["f-ce"]),
        RoundPlan(kind=RoundKind.BEHAVIORAL, minutes=5, question_ids=["b-incident"]),
    )
    engine, clock = make_engine(mini_bank, plan, log)
    await engine.start()
    aimed = engine.view().question
    assert aimed is not None and aimed.question_id == "f-ce"
    clock.advance(6 * 60)  # the candidate types past the end of the round
    await engine.tick()
    assert engine.view().between_rounds
    with pytest.raises(StaleAnswer) as refused:
        await engine.submit(LATE, on=aimed)
    assert refused.value.aimed_at == aimed
    turns = [e.turn for e in log.of(TurnRecorded)]
    late = [t for t in turns if t.text == LATE]
    assert len(late) == 1 and late[0].kind is TurnKind.LATE_ANSWER
    assert (late[0].round_index, late[0].question_id) == (0, "f-ce")  # where it was aimed
    assert not any(t.round_index == 1 for t in turns)  # the refusal did not open round 1
    # an answer aimed at the question that is open now is taken
    await engine.advance()
    current = engine.view().question
    assert current is not None and current.round_index == 1
    await engine.submit("I led the rollback.", on=current)
    answer = next(
        t for t in reversed([e.turn for e in log.of(TurnRecorded)]) if t.role is Role.CANDIDATE
    )
    assert answer.question_id == "b-incident" and answer.round_index == 1


def test_headless_a_late_answer_is_not_stored_under_the_next_round(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(f"@ 6m\n{LATE}\n---\nI owned the rollback and wrote the postmortem.\n")
    result = mockloop(
        "--offline",
        "run",
        "--round",
        "fundamentals",
        "--round",
        "behavioral",
        "--minutes",
        "5",
        "--question",
        "fund-train5-val25",
        "--question",
        "bh-model-misbehaved-production",
        "--answers",
        str(answers),
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "moved on before your answer was sent" in result.stderr
    assert "late answer" in result.stderr  # reported
    db = sqlite3.connect(tmp_path / "mockloop.db")
    rows = db.execute(
        "select round_index, question_id, kind, text from turns where role = ? order by seq",
        (Role.CANDIDATE.value,),
    ).fetchall()
    assert rows == [
        (0, "fund-train5-val25", TurnKind.LATE_ANSWER.value, LATE),  # kept, marked late
        (
            1,
            "bh-model-misbehaved-production",
            TurnKind.ANSWER.value,
            "I owned the rollback and wrote the postmortem.",
        ),
    ]
    # not scored: the late question has no assessment built from the late text
    scored = [q for (q,) in db.execute("select question_id from assessments")]
    assert "fund-train5-val25" not in scored
    kinds = [k for (k,) in db.execute("select kind from turns where round_index = 0")]
    assert TurnKind.ROUND_END.value in kinds
    # rescoring the session does not score the late answer either
    (sid,) = db.execute("select id from sessions").fetchone()
    db.close()
    again = mockloop("--offline", "rescore", sid, data_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    rescored = [q for (q,) in db.execute("select question_id from assessments")]
    assert "fund-train5-val25" not in rescored
    assert "bh-model-misbehaved-production" in rescored


STRONG_LATE = (
    "A 20-point gap is high variance: the model overfits. Before tuning I would check the gap is "
    "real: leakage or duplicates between the splits, and whether train and validation were drawn "
    "from different time windows. Then learning curves tell me whether more data would help, "
    "and I would add regularization, augmentation or a smaller model."
)


def test_rescore_judges_what_live_judging_judged_never_the_late_answer(tmp_path: Path) -> None:
    """A question answered in time, plus a late answer aimed at it: rescoring must score the
    same exchange the live judge did, so its score does not move."""
    answers = tmp_path / "answers.txt"
    answers.write_text(
        f"Not sure, maybe it overfits.\n---\n@ 6m\n{STRONG_LATE}\n---\nI owned the rollback.\n"
    )
    args = ["--round", "fundamentals", "--round", "behavioral", "--minutes", "5"]
    args += ["--question", "fund-train5-val25", "--question", "bh-model-misbehaved-production"]
    result = mockloop("--offline", "run", *args, "--answers", str(answers), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    query = "select weighted_score from assessments where question_id = ? order by id"
    db = sqlite3.connect(tmp_path / "mockloop.db")
    (live,) = db.execute(query, ("fund-train5-val25",)).fetchone()
    (sid,) = db.execute("select id from sessions").fetchone()
    late = db.execute("select count(*) from turns where kind = ?", (TurnKind.LATE_ANSWER.value,))
    assert late.fetchone() == (1,)
    db.close()
    again = mockloop("--offline", "rescore", sid, data_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    scores = [s for (s,) in db.execute(query, ("fund-train5-val25",))]
    assert len(scores) == 2 and scores[-1] == live
