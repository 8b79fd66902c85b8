"""How long the recommended session should be, when the learner did not fix a length.

The rule (per round, documented in the README): one question per due review, one per practised
topic of the round still under the lean-hire bar (its mastery mean below `BAR`), and one coverage
question when the round has untested topics. The round gets the shortest length, in steps of
`STEP_MINUTES`, whose format asks at least that many questions; never shorter than the format's
minimum nor longer than its real length. A round with no history yet (a diagnostic sweep) and a
system-design round (one problem, whose pacing needs the real 45 minutes) keep their real length.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.domain.bank import Question
from app.domain.enums import RoundKind
from app.domain.formats import FORMATS
from app.practice.cards import effective_due
from app.practice.mastery import BAR
from app.practice.state import PracticeState
from app.practice.when import is_due

STEP_MINUTES = 5


def questions_needed(pool: Sequence[Question], state: PracticeState, cap: datetime | None) -> int:
    """Questions this round's weak spots ask for (see the module rule)."""
    topics = {t for q in pool for t in q.topics}
    history = state.history.topics
    weak = [t for t in topics if (m := history.get(t)) and m.attempts and m.mean < BAR]
    untested = any(not (m := history.get(t)) or not m.attempts for t in topics)
    due = 0
    for q in pool:
        card = state.cards.get(q.id)
        if card is not None and card.reviewed and is_due(effective_due(card, cap), state.now):
            due += 1
    return due + len(weak) + int(untested)


def proposed_minutes(
    kind: RoundKind, pool: Sequence[Question], state: PracticeState, cap: datetime | None
) -> int:
    fmt = FORMATS[kind]
    attempted = any(q.id in state.history.questions for q in pool)
    if kind is RoundKind.SYSTEM_DESIGN or not attempted:
        return fmt.default_minutes
    needed = max(1, questions_needed(pool, state, cap))
    minutes = max(fmt.min_minutes, STEP_MINUTES)
    while minutes < fmt.default_minutes and fmt.question_count(minutes) < needed:
        minutes += STEP_MINUTES
    return min(minutes, fmt.default_minutes)
