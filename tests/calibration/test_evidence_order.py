"""Evidence quotes what the candidate stated before what they asked: a clarifying question may
carry a criterion's words ("what latency do users expect?"), but it shows less than a sentence
that commits to something. In the closing segment the questions are the answer."""

from __future__ import annotations

from app.calibration.dataset import CalibrationSet
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.judge.offline import OfflineJudge


def _asked(quote: str) -> bool:
    return quote.rstrip().endswith("?")


def test_statements_are_quoted_before_questions(bundled: CalibrationSet, bank: Bank) -> None:
    items = [
        i
        for i in bundled.split("tune")
        if i.submission is None and not bank.questions[i.question_id].closing
    ]
    judge = OfflineJudge()
    mixed = 0
    for item in items:
        assessment = judge.score(build_request(item, bank))
        for c in assessment.criteria:
            flags = [_asked(q) for q in c.evidence]
            mixed += any(flags) and not all(flags)
            assert flags == sorted(flags), (item.id, c.criterion, c.evidence)
    assert mixed  # the set has criteria with both, or this checks nothing
