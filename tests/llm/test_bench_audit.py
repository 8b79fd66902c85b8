"""The real-model bench's audit (tests/bench/real_llm_audit.py) marks what issue 19 saw, and it
is independent of the guards it checks: its own code, its own word lists."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.bank import Bank
from app.domain.enums import Phase, Role, TurnKind
from app.domain.transcript import Turn
from app.interviewer.persona import PERSONA
from app.wiring import bank_for
from tests.bench.real_llm_audit import AuditFigures, StreamedReply, audit_session
from tests.llm.helpers import fast_settings

BENCH = Path(__file__).resolve().parents[1] / "bench"
QID = "fund-train5-val25"
SAID = "The gap says the model overfits. Before tuning anything I'd check the split for leakage."
PERSONA_EXAMPLE = " ".join(PERSONA.split()[40:52])  # twelve words of the standing instructions


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return bank_for(fast_settings("http://127.0.0.1:9/v1", tmp_path_factory.mktemp("a")))


def _turn(seq: int, role: Role, text: str) -> Turn:
    kind = TurnKind.ANSWER if role is Role.CANDIDATE else TurnKind.FOLLOW_UP
    if role is Role.SYSTEM:
        kind = TurnKind.NOTICE
    return Turn(
        seq=seq,
        round_index=0,
        role=role,
        kind=kind,
        text=text,
        phase=Phase.QUESTIONS,
        question_id=QID,
        at_s=float(seq),
        created_at=datetime.now(UTC),
    )


def _audit(bank: Bank, line: str) -> AuditFigures:
    fig = AuditFigures()
    turns = [_turn(0, Role.CANDIDATE, SAID), _turn(1, Role.INTERVIEWER, line)]
    audit_session(turns, bank, PERSONA, [], fig)
    return fig


def test_the_audit_marks_each_failure_the_issue_saw(bank: Bank) -> None:
    q = bank.questions[QID]
    assert _audit(bank, f"So. {PERSONA_EXAMPLE}?").copied
    assert _audit(bank, f"Okay. {q.model_answer}").gave_away
    leak = "The scenario facts do not directly address the latency budget."
    assert _audit(bank, leak).leaked
    assert _audit(bank, "The candidate mentioned a smaller model. Why?").leaked
    voice = "Thank you for your insights. Thank you for the opportunity to discuss this further."
    assert _audit(bank, voice).candidate_voice
    assert _audit(bank, "Before tuning anything I'd check the split for leakage.").candidate_voice
    honest = _audit(bank, 'You said "check the split". What exactly would you look for?')
    assert not (honest.copied or honest.gave_away or honest.leaked or honest.candidate_voice)


def test_a_turn_that_is_not_what_the_model_streamed_is_a_replacement(bank: Bank) -> None:
    note = _turn(2, Role.SYSTEM, "Note: replaced with the authored line (it said the answer).")
    authored = _turn(3, Role.INTERVIEWER, "What would the learning curves look like?")
    own = _turn(5, Role.INTERVIEWER, "Which check first?")
    silent = _turn(7, Role.INTERVIEWER, "How would you split the data?")
    replies = [
        StreamedReply("The answer is more", stored=authored, note=note.text),
        StreamedReply("Which check first?", stored=own),
        StreamedReply("", stored=silent),  # replaced with no note: unexplained
        StreamedReply("", stored=silent, fallback=True),  # the LLM was unavailable
    ]
    fig = AuditFigures()
    audit_session([authored, own, silent], bank, PERSONA, replies, fig)
    assert (fig.replaced, fig.explained, fig.unexplained) == (2, 1, 1)
    assert fig.notes == {"it said the answer": 1}


def test_the_audit_shares_no_code_with_the_guards() -> None:
    source = (BENCH / "real_llm_audit.py").read_text(encoding="utf-8")
    bench = (BENCH / "real_llm.py").read_text(encoding="utf-8")
    for text in (source, bench):
        froms = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.ImportFrom)]
        modules = {n.module or "" for n in froms}
        names = {a.name for n in froms for a in n.names}
        assert not any("guards" in m or m == "app.interviewer.gate" for m in modules)
        assert not names & {"INTERNAL_TERMS", "GUARD_NOTES", "guard_note"}


def test_a_rounds_end_written_by_the_model_is_audited_too(bank: Bank) -> None:
    """The 1.5B model closed a round with "I'm done with the interview. Thank you for your
    time."; a round's end is stored without a question id, and the audit skipped it."""
    end = _turn(2, Role.INTERVIEWER, "I'm done with the interview. Thank you for your time.")
    end = end.model_copy(update={"kind": TurnKind.ROUND_END, "question_id": None})
    fig = AuditFigures()
    turns = [_turn(0, Role.CANDIDATE, SAID), _turn(1, Role.INTERVIEWER, "Why?"), end]
    audit_session(turns, bank, PERSONA, [], fig)
    assert fig.candidate_voice == [end.text]
    assert _audit(bank, "No more questions.").candidate_voice
    fine = end.model_copy(update={"text": "Thanks, that's the round. Your answers are scored."})
    fig = AuditFigures()
    audit_session([*turns[:2], fine], bank, PERSONA, [], fig)
    assert not (fig.copied or fig.gave_away or fig.leaked or fig.candidate_voice)


def test_an_id_the_question_uses_as_a_word_is_no_leak(bank: Bank) -> None:
    """The persona run's one "leak": the 1.5B model offered the closing segment's follow-up in
    its own punctuation ("retraining, on-call, or incidents"), and "on-call" is also the id of
    one of that segment's facts. The bank says "on-call" to candidates; an id it never says is
    still a leak."""
    closing = "bh-closing-questions"
    ids = {f.id for f in bank.questions[closing].scenario_facts}
    assert "on-call" in ids
    offer = "Happy to get into how we run things in production: retraining, on-call, or incidents."
    line = _turn(1, Role.INTERVIEWER, offer).model_copy(update={"question_id": closing})
    fig = AuditFigures()
    audit_session([line], bank, PERSONA, [], fig)
    assert not fig.leaked
    assert "last-rollback" in ids
    leak = line.model_copy(update={"text": "Shall I tell you about last-rollback?"})
    fig = AuditFigures()
    audit_session([leak], bank, PERSONA, [], fig)
    assert fig.leaked
