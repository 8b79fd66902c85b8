"""Which criteria an answer had the chance to show: the one rule both judges apply.

"Not observed" (no level, left out of the mean) is only for a criterion the question gave no
opportunity to show. Everything else the candidate could have shown and did not is a 1. A
criterion counts as observable when it carries the rubric's top weight (the question is about
it), when an interviewer follow-up aimed at it, or when nothing in the answer earned a quote at
all (an empty answer shows nothing, everywhere). The offline judge applies the same test.
"""

from __future__ import annotations

from app.domain.enums import Role
from app.domain.interviewing import JudgeRequest


def observable(request: JudgeRequest, *, any_evidence: bool) -> set[str]:
    criteria = request.rubric.criteria
    if not any_evidence:
        return {c.id for c in criteria}
    core = max(c.weight for c in criteria)
    asked = {t.criterion for t in request.exchange if t.role is Role.INTERVIEWER}
    return {c.id for c in criteria if c.weight >= core or c.id in asked}
