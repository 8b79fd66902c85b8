"""Benchmark: interviewer prompt tokens over a 40-turn system-design session.

Compares our layout (stable prefix + compact state + last W turns, each capped) with resending
the full history every turn, counted with the real tokenizer (o200k_base, offline). The session
is simulated deterministically: realistic candidate answers (120-230 words) and interviewer
follow-ups, walking the system-design phases as the engine would.

Run from the repo root:  python tests/bench/token_growth.py
The last line printed is one JSON object:
  turns, ours_total, full_history_total, ratio, max_turn_prompt, prefix_tokens (+ detail keys).
Targets: ratio <= 0.5 at 40 turns, flat per-turn size after W turns, prefix >= 1,024 tokens.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.bank import BankValidationError, load_bank  # noqa: E402
from app.domain.bank import Bank, Question  # noqa: E402
from app.domain.enums import Move, Phase, Role, RoundKind, TurnKind  # noqa: E402
from app.domain.interviewing import InterviewerBrief, TurnContext  # noqa: E402
from app.domain.transcript import Turn  # noqa: E402
from app.engine.context import summarise as _summarise  # noqa: E402
from app.interviewer.prompt import build_interviewer_prompt  # noqa: E402
from app.llm.tokens import counter_for  # noqa: E402

TURNS = 40
WINDOW = 6  # Settings.history_window default
TURN_CAP = 400  # Settings.turn_token_cap default
MODEL = "gpt-4.1-mini"  # Settings.interviewer_model default
PHASES = [
    (Phase.REQUIREMENTS, 6),
    (Phase.HIGH_LEVEL, 6),
    (Phase.DEEP_DIVE, 14),
    (Phase.FAILURE_MODES, 7),
    (Phase.EVALUATION, 5),
    (Phase.CANDIDATE_QUESTIONS, 2),
]
SENTENCES = [
    "I would start by pinning down the scale: roughly 120 million daily users and 150k QPS "
    "at peak, so the feed call has to come back within 250 ms at p99.",
    "Candidate generation would combine a two-tower retriever over item embeddings with "
    "co-engagement and fresh-upload sources, each returning a few hundred items.",
    "The heavy ranker is a multi-task model predicting watch time, completion, likes and "
    "skips, and I would combine the heads with tunable weights rather than one label.",
    "For training data I would join impression logs with engagement events in the feature "
    "store, being careful about point-in-time correctness to avoid leakage.",
    "The main trade-off is freshness versus cost: retraining the retriever daily is cheap "
    "enough, while the ranker can be fine-tuned hourly on recent data.",
    "To keep serving fast I would cache user embeddings, precompute item embeddings in an "
    "ANN index, and keep the ranker on GPUs with batching.",
    "Cold start for new videos needs an exploration budget, for example five percent of "
    "impressions, with a bandit deciding which uploads get a fair first audience.",
    "I would guard against clickbait by putting completion rate and not-interested taps "
    "into the objective and watching seven-day retention as the north star.",
    "A failure mode is feedback loops narrowing the feed, so I would monitor diversity and "
    "creator coverage and inject exploration when they drop.",
    "Offline I would track NDCG and calibration of each head, but the ship decision comes "
    "from an A/B test on retention and time spent with guardrails.",
    "If the feature store lags, the ranker sees stale features, so I would alert on "
    "feature freshness and fall back to a simpler model when it breaches.",
    "Under-18 accounts need a policy filter before ranking, and EU users get a "
    "non-profiled feed, which I would serve from a popularity-based path.",
]
FOLLOW_UPS = [
    "You mentioned the ranker predicts several outcomes. How exactly do you combine them?",
    "How many candidates survive each stage, and does that fit the latency budget?",
    "What happens to a brand-new video in its first hour?",
    "How would you notice that feeds are getting samey, and what would you change?",
    "Which offline metric would you trust, and how does it relate to the online one?",
    "Walk me through what breaks first at ten times the traffic.",
]


def _question() -> tuple[Question, Bank]:
    """The real bank's first system-design question, or the test bank's if it does not load."""
    mini = ROOT / "tests" / "data" / "mini"
    for bank_dir, rubrics_dir in (
        (ROOT / "question_bank", ROOT / "rubrics"),
        (mini / "bank", mini / "rubrics"),
    ):
        try:
            bank = load_bank(bank_dir, rubrics_dir)
        except (BankValidationError, OSError):
            continue
        design = bank.by_round(RoundKind.SYSTEM_DESIGN)
        if design:
            return design[0], bank
    raise SystemExit("no system-design question available")


def _turn(seq: int, role: Role, kind: TurnKind, text: str, phase: Phase, qid: str) -> Turn:
    return Turn(
        seq=seq,
        round_index=0,
        role=role,
        kind=kind,
        text=text,
        phase=phase,
        question_id=qid,
        at_s=seq * 35.0,
        created_at=datetime.now(UTC),
    )


def main() -> None:
    rng = random.Random(7)
    question, bank = _question()
    brief = InterviewerBrief.of(question, bank.rubric_for(question))
    counter = counter_for(MODEL)
    phases = [p for p, n in PHASES for _ in range(n)]
    history = [
        _turn(0, Role.INTERVIEWER, TurnKind.QUESTION, question.prompt, phases[0], question.id)
    ]
    ours: list[int] = []
    full: list[int] = []
    prefix_tokens = 0
    for i in range(TURNS):
        phase = phases[i]
        answer = " ".join(rng.sample(SENTENCES, rng.randint(4, 7)))
        history.append(
            _turn(len(history), Role.CANDIDATE, TurnKind.ANSWER, answer, phase, question.id)
        )
        nxt = phases[i + 1] if i + 1 < TURNS else None
        ctx = TurnContext(
            session_id="bench",
            round_kind=RoundKind.SYSTEM_DESIGN,
            round_index=0,
            target_level="senior",
            phase=phase,
            next_phase=nxt if nxt is not phase else None,
            brief=brief,
            allowed_moves=[Move.PROBE, Move.ADVANCE_PHASE],
            time_left_round_s=max(0.0, 75 * 60 - i * 100.0),
            time_in_phase_s=120.0,
            time_on_question_s=i * 100.0,
            candidate_message=answer,
            candidate_text_for_question="\n\n".join(
                t.text for t in history if t.role is Role.CANDIDATE
            ),
            recent_turns=history[-WINDOW:],
            older_summary=_summarise(history[:-WINDOW]),
            seq=len(history),
        )
        ours_prompt = build_interviewer_prompt(
            ctx, counter=counter, window=WINDOW, turn_token_cap=TURN_CAP, fence="0" * 12
        )
        full_ctx = ctx.model_copy(update={"recent_turns": list(history), "older_summary": ""})
        full_prompt = build_interviewer_prompt(
            full_ctx, counter=counter, window=10**9, turn_token_cap=10**9, fence="0" * 12
        )
        ours.append(counter.count_messages(ours_prompt.messages()))
        full.append(counter.count_messages(full_prompt.messages()))
        prefix_tokens = counter.count(ours_prompt.prefix)
        history.append(
            _turn(
                len(history),
                Role.INTERVIEWER,
                TurnKind.FOLLOW_UP,
                rng.choice(FOLLOW_UPS),
                phase,
                question.id,
            )
        )
    steady = ours[WINDOW:]
    result = {
        "turns": TURNS,
        "ours_total": sum(ours),
        "full_history_total": sum(full),
        "ratio": round(sum(ours) / sum(full), 3),
        "max_turn_prompt": max(ours),
        "prefix_tokens": prefix_tokens,
        "window": WINDOW,
        "turn_token_cap": TURN_CAP,
        "after_window_min": min(steady),
        "after_window_max": max(steady),
        "flat_after_window": max(steady) <= 1.25 * min(steady),
        "full_history_last_turn": full[-1],
        "encoding": counter.encoding,
        "question": question.id,
        "per_turn": ours,
    }
    print(
        f"question {question.id}: ours {sum(ours):,} vs full history {sum(full):,} tokens "
        f"over {TURNS} turns; largest prompt {max(ours):,}; prefix {prefix_tokens:,}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
