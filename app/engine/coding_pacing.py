"""How a coding question's time is shared between its phases (see coding_policy for the arc).

Apart from `coding_policy` so that `pacing` can put the phase deadline in `Deadlines` without an
import cycle: every status bar reads it from there."""

from __future__ import annotations

from app.domain.enums import Phase
from app.domain.formats import FORMATS
from app.domain.transcript import RoundPlan
from app.engine.state import RoundProgress

UNDERSTAND_SHARE = 0.15
"""Of the question's time: reading, clarifying, stating the approach."""
CODING_SHARE = 0.75
"""Of the question's time, from its start: by then the candidate is writing, running and
submitting; what is left is for the follow-ups."""


def phase_ends_at(r: RoundProgress, rp: RoundPlan) -> float | None:
    """When the current coding phase's share runs out (None in the discussion)."""
    q = r.current
    if q is None or q.closing:
        return None
    budget = FORMATS[rp.kind].question_budget_s(rp.minutes)
    if r.phase is Phase.UNDERSTAND:
        return q.started_at + UNDERSTAND_SHARE * budget
    if r.phase in (Phase.CODE, Phase.TEST):
        return q.started_at + CODING_SHARE * budget
    return None
