"""A deep-dive answer that contradicts the profile's own numbers gets a note; one that repeats
them, or talks about something else, does not."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.bank import Bank
from app.domain.enums import Phase, Role, TurnKind
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Turn
from app.judge.consistency import ProfileConsistency, contradictions
from app.judge.offline import OfflineJudge
from app.profile.build import offline_profile, read_document
from app.profile.deep_dive import questions_for
from app.profile.probes import library_path, load_library
from tests.conftest import DATA, ROOT

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLAIM = "late-delivery promises fell 23% against the previous quarter"


def test_a_different_figure_on_the_same_topic_is_noted() -> None:
    notes = contradictions("Late promises fell about 40% after the launch.", [CLAIM])
    assert notes == [
        "Contradicts your profile: the answer says “40%” where your profile says "
        f"“{CLAIM}” (23%). Say which is right, or why they differ."
    ]


def test_the_same_figure_told_loosely_or_another_topic_is_not_noted() -> None:
    assert contradictions("Late promises fell roughly 22% that quarter.", [CLAIM]) == []
    assert contradictions("Our GPU utilisation was 70% at peak.", [CLAIM]) == []
    assert (
        contradictions("Cut p99 from 210 ms to 64 ms.", ["Cut p99 latency from 210 ms to 64 ms"])
        == []
    )
    assert contradictions("p99 is now 90 ms.", ["Cut p99 latency from 210 ms to 64 ms"]) != []


async def test_the_judge_adds_the_note_to_a_deep_dive_assessment(real_bank: Bank) -> None:
    doc = read_document(DATA / "profiles" / "11-resume-with-stories.md")
    profile = offline_profile(doc, T0)
    library = load_library(library_path(ROOT / "question_bank"), real_bank.rubrics["deep-dive"])
    question = questions_for(profile, library)[0]
    answer = "I own it. Late-delivery promises fell 35% against the previous quarter, in a holdout."
    request = JudgeRequest(
        session_id="s",
        round_index=0,
        question=question,
        rubric=real_bank.rubrics["deep-dive"],
        exchange=[
            Turn(seq=1, round_index=0, role=Role.INTERVIEWER, kind=TurnKind.QUESTION,
                 text=question.prompt, phase=Phase.QUESTIONS, question_id=question.id,
                 at_s=0, created_at=T0),
            Turn(seq=2, round_index=0, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=answer,
                 phase=Phase.QUESTIONS, question_id=question.id, at_s=60, created_at=T0),
        ],
    )  # fmt: skip
    plain = await OfflineJudge().assess(request)
    noted = await ProfileConsistency(OfflineJudge()).assess(request)
    assert not any("Contradicts" in f for f in plain.red_flags)
    assert [f for f in noted.red_flags if f.startswith("Contradicts your profile")] == [
        "Contradicts your profile: the answer says “35%” where your profile says "
        f"“{CLAIM}” (23%). Say which is right, or why they differ."
    ]
    assert noted.criteria == plain.criteria  # a note, not a score change


def test_a_setting_in_the_same_sentence_is_not_a_contradiction() -> None:
    answer = (
        "The baseline was the previous quarter, and we ran a 10% holdout for four weeks; late "
        "promises actually fell about 35% against that holdout."
    )
    notes = contradictions(answer, [CLAIM])
    assert len(notes) == 1 and "“35%”" in notes[0]
