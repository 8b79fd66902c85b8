"""The guards over the whole bank: authored lines always pass (they are what replaces a bad
turn), and stating a key point or naming an internal is always caught."""

from __future__ import annotations

import pytest

from app.domain.bank import Bank, Question
from app.domain.enums import GuardReason, Move, Phase, TargetLevel
from app.domain.interviewing import InterviewerBrief, TurnContext
from app.interviewer.guards import Reference, ReplyGuard, content_words, follow_up_matches
from app.interviewer.lines import DESIGN_PROBES, OPEN_PROBES
from tests.personas.suite import real_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def _guard(bank: Bank, q: Question) -> ReplyGuard:
    ctx = TurnContext(
        session_id="t",
        round_kind=q.round,
        round_index=0,
        target_level=TargetLevel.SENIOR,
        phase=Phase.QUESTIONS,
        brief=InterviewerBrief.of(q, bank.rubric_for(q)),
        allowed_moves=[Move.PROBE],
        time_left_round_s=600.0,
        time_in_phase_s=60.0,
        time_on_question_s=60.0,
    )
    guard = ReplyGuard(ctx, Reference.of(q))
    guard.expect(Move.PROBE)
    return guard


def test_every_authored_line_passes_every_guard(bank: Bank) -> None:
    failures = []
    for q in bank.questions.values():
        guard = _guard(bank, q)
        lines = [f.ask for f in q.follow_ups] + [str(h) for h in q.hints]
        lines += [p for probes in DESIGN_PROBES.values() for p in probes] + list(OPEN_PROBES)
        for line in lines:
            flat = " ".join(line.split())
            verdict = guard.whole(flat)
            for_each = [guard.sentence(s) for s in flat.split(". ")]
            bad = [v for v in [verdict, *for_each] if not v.ok]
            if bad:
                failures.append(f"{q.id}: {flat[:60]!r} -> {bad[0].reason} {bad[0].detail!r}")
    assert not failures, "\n".join(failures[:20])


def test_stating_a_key_point_is_caught_everywhere(bank: Bank) -> None:
    caught = total = 0
    for q in bank.questions.values():
        guard = _guard(bank, q)
        for kp in q.key_points:
            if len(content_words(kp.point)) < 6:
                continue  # too short to be a give-away on its own
            total += 1
            caught += not guard.whole(" ".join(kp.point.split())).ok
    assert total > 100 and caught / total >= 0.95, (caught, total)


def test_internal_ids_are_caught(bank: Bank) -> None:
    q = bank.questions["fund-train5-val25"]
    guard = _guard(bank, q)
    assert guard.sentence("Let's look at practical_judgment next.").reason is GuardReason.INTERNALS
    assert guard.sentence("As an AI, I cannot say.").reason is GuardReason.INTERNALS
    assert guard.sentence("The rubric wants more.").reason is GuardReason.INTERNALS
    assert guard.sentence("What would the learning curves show?").ok  # words, not the id


def test_follow_up_words_must_match(bank: Bank) -> None:
    fu = next(
        f for f in bank.questions["fund-train5-val25"].follow_ups if f.id == "learning-curves"
    )
    assert follow_up_matches(
        fu, "What would the learning curves look like, and is more labeled data worth it?"
    )
    assert not follow_up_matches(
        fu, "You mentioned re-ranking every candidate. How does that fit the latency budget?"
    )
