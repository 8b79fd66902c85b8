"""The thank-you note, drafted from sessions played through the real session builder."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.config import Settings
from app.domain.bank import Bank, KeyPoint, Question
from app.domain.enums import (
    PLAYABLE_ROUNDS,
    Difficulty,
    JudgeKind,
    Mode,
    Phase,
    Role,
    RoundKind,
    SessionStatus,
    TargetLevel,
    TurnKind,
)
from app.domain.records import SessionSummary, StoredSession
from app.domain.text import matched
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan, Turn
from app.report.thank_you import NoteRequest, NoteUnavailable, compose_note
from app.store.repository import Repository
from tests.report.answers import ROUNDS
from tests.report.checks import assert_note_rules, candidate_text
from tests.report.helpers import play

NOTE_ROUNDS = [k for k in PLAYABLE_ROUNDS if k is not RoundKind.DEEP_DIVE]
"""Deep-dive questions are built from each candidate's own profile, so there is no fixed bank
question to script here."""


@pytest.mark.parametrize("kind", NOTE_ROUNDS, ids=lambda k: k.value)
def test_note_for_every_playable_round(
    kind: RoundKind, report_settings: Settings, report_repo: Repository, report_bank: Bank
) -> None:
    qid, answers = ROUNDS[kind]
    stored = play(report_settings, report_repo, report_bank, [(kind, qid, answers)])
    note = compose_note(stored, report_bank, NoteRequest(to="Dana", company="Acme"))
    question = report_bank.questions[qid]

    quote = assert_note_rules(note.subject, note.body, stored, report_bank, question)
    assert quote == note.facts.decision
    assert "Dana" in note.body and "Acme" in note.body
    # one point the candidate did not cover: a key point of this question, named in the note
    # by a phrase of it the candidate never wrote
    point = note.facts.uncovered
    assert point in question.key_points
    said = candidate_text(stored, qid)
    assert len(matched(said, point.signals)) < len(point.signals) / 2
    assert note.facts.terms, "the uncovered point is named by its own phrases"
    assert any(t.lower() in note.body.lower() for t in note.facts.terms)
    assert not matched(said, list(note.facts.terms))


def test_note_ties_in_experience_and_refuses_an_empty_session(
    report_settings: Settings, report_repo: Repository, report_bank: Bank
) -> None:
    qid, answers = ROUNDS[RoundKind.SYSTEM_DESIGN]
    stored = play(
        report_settings, report_repo, report_bank, [(RoundKind.SYSTEM_DESIGN, qid, answers)]
    )
    note = compose_note(
        stored, report_bank, NoteRequest(experience="the fraud-scoring service I run today")
    )
    assert "my own work on the fraud-scoring service I run today" in note.body
    assert note.body.startswith("Hello,")
    assert_note_rules(note.subject, note.body, stored, report_bank, report_bank.questions[qid])

    silent = play(
        report_settings,
        report_repo,
        report_bank,
        [(RoundKind.SYSTEM_DESIGN, qid, [])],
        session_id="e" * 32,
    )
    with pytest.raises(NoteUnavailable, match="no answered question"):
        compose_note(silent, report_bank, NoteRequest())


def _coding_session(bank: Bank) -> tuple[StoredSession, Bank]:
    """A round kind no format plays yet (coding): the note works from the transcript and the
    assessment alone, with nothing specific to the kind."""
    q = Question(
        id="code-softmax",
        round=RoundKind.CODING,
        area="coding",
        topics=["numerics", "softmax"],
        difficulty=Difficulty.MEDIUM,
        levels=[TargetLevel.SENIOR],
        prompt="Implement a numerically stable softmax over the last axis.",
        rubric="coding",
        key_points=[
            KeyPoint(
                point="Subtracts the row maximum before exponentiating: large logits stay finite.",
                criterion="numerical_stability",
                signals=["row maximum", "max subtraction", "overflow"],
            ),
            KeyPoint(
                point="Tests empty rows, a single element and float16 input before submitting.",
                criterion="edge_cases",
                signals=["empty rows", "single element", "float16 input"],
            ),
        ],
        model_answer="Shift by the max, exponentiate, normalise; test extremes.",
    )
    code_bank = Bank(questions={**bank.questions, q.id: q}, rubrics=bank.rubrics)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    answer = (
        "I chose to subtract the row maximum before calling exp, because exp(1000) overflows to "
        "inf in float64. Then I divide by the sum along the last axis with keepdims."
    )
    turns = [
        Turn(seq=0, round_index=0, role=Role.INTERVIEWER, kind=TurnKind.QUESTION, text=q.prompt,
             phase=Phase.QUESTIONS, question_id=q.id, at_s=0, created_at=now),
        Turn(seq=1, round_index=0, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=answer,
             phase=Phase.QUESTIONS, question_id=q.id, at_s=60, created_at=now),
    ]  # fmt: skip
    assessment = Assessment(
        session_id="c0de" * 8,
        round_index=0,
        question_id=q.id,
        rubric_id="coding",
        rubric_version=1,
        judge_kind=JudgeKind.OFFLINE,
        criteria=[
            CriterionScore(criterion="numerical_stability", level=3, evidence=[answer[:60]]),
            CriterionScore(criterion="edge_cases", level=1),
        ],
        weighted_score=2.0,
        to_strong_hire=[q.key_points[1].point],
        is_estimate=True,
        created_at=now,
    )
    plan = SessionPlan(rounds=[RoundPlan(kind=RoundKind.CODING, minutes=45, question_ids=[q.id])])
    summary = SessionSummary(
        id="c0de" * 8, created_at=now, status=SessionStatus.FINISHED, mode=Mode.OFFLINE,
        interviewer_model=None, judge_model=None, rounds=[RoundKind.CODING],
        overall_score=2.0, elapsed_s=60, target_level=TargetLevel.SENIOR,
    )  # fmt: skip
    return StoredSession(summary, plan, turns, [assessment]), code_bank


def test_note_for_a_round_kind_without_a_format(report_bank: Bank) -> None:
    stored, bank = _coding_session(report_bank)
    note = compose_note(stored, bank, NoteRequest())
    question = bank.questions["code-softmax"]
    quote = assert_note_rules(note.subject, note.body, stored, bank, question)
    assert quote.startswith("I chose to subtract the row maximum")
    assert note.facts.uncovered == question.key_points[1]  # the one the judge listed
    assert "edge cases" in note.body


def test_the_offline_note_keeps_its_rules_for_every_question_in_the_bank(
    report_bank: Bank,
) -> None:
    """Whatever question the session asked, the template never copies rubric or reference
    text, stays under the limit and names the topic (here with every key point uncovered)."""
    from tests.report.helpers import stored_of

    answer = (
        "I decided to start from a simple baseline because it gives the team a reference "
        "point, and I would only add complexity once we can measure the gain."
    )
    checked = 0
    for q in report_bank.questions.values():
        if q.closing or not q.key_points:
            continue
        stored = stored_of(q.id, q.round, answer, uncovered=[kp.point for kp in q.key_points])
        note = compose_note(stored, report_bank, NoteRequest(to="Dana", company="Acme"))
        assert_note_rules(note.subject, note.body, stored, report_bank, q)
        checked += 1
    assert checked >= 90


def test_the_debrief_reads_a_round_kind_without_a_format(report_bank: Bank) -> None:
    from app.report.debrief import build_debrief
    from app.report.debrief_md import debrief_markdown

    stored, bank = _coding_session(report_bank)
    mid = build_debrief(stored, bank, target=TargetLevel.MID, round_scores=[2.0], overall=2.0)
    staff = build_debrief(stored, bank, target=TargetLevel.STAFF, round_scores=[2.0], overall=2.0)
    (r,) = staff.rounds
    assert r.title == "Applied ML coding" and r.score == 2.0
    assert [ev.quote for ev in r.evidence] == [stored.assessments[0].criteria[0].evidence[0]]
    assert {g.criterion_id for g in r.gaps} == {"numerical_stability", "edge_cases"}
    assert {g.criterion_id for g in mid.rounds[0].gaps} == {"edge_cases"}
    assert "## Round 1: Applied ML coding" in debrief_markdown(staff)
