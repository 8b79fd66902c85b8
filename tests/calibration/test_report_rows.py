"""Evidence or no credit, over the whole calibration set (issue 12, items 1 and 4).

No criterion above lean no hire without a verified quote, no "no signal" row with a high level,
strengths only in the candidate's own words, and "what a strong-hire answer adds" only from key
points the answer did not state.
"""

from __future__ import annotations

import re

import pytest

from app.calibration.dataset import CalibrationSet
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.labels import NOT_OBSERVED
from app.judge.injection import find_injection
from app.judge.offline import OfflineJudge
from app.report.render import criterion_rows

QUOTED = re.compile(r"“([^”]+)”")


def test_every_row_of_every_item_carries_its_evidence(bundled: CalibrationSet, bank: Bank) -> None:
    problems: list[str] = []
    judge = OfflineJudge()
    for item in bundled.items:
        text = item.candidate_text
        a = judge.score(build_request(item, bank))
        rubric = bank.rubrics[a.rubric_id]
        flagged = [text[s:e] for s, e in find_injection(text).spans]
        for c, (_, _, level, reasoning) in zip(a.criteria, criterion_rows(a, rubric), strict=True):
            where = f"{item.id}/{c.criterion}"
            if (c.level or 0) >= 3:
                if not c.evidence:
                    problems.append(f"{where}: level {c.level} without a quote")
                if re.search(r"no signal|no evidence|none of", reasoning):
                    problems.append(f"{where}: level {c.level} but '{reasoning}'")
            if c.level is None and level != NOT_OBSERVED:
                problems.append(f"{where}: a criterion without a level must read 'not observed'")
            if len(set(c.evidence)) != len(c.evidence):
                problems.append(f"{where}: repeated quote")
            for q in c.evidence:
                if q not in text or any(q in f or f.strip() in q for f in flagged):
                    problems.append(f"{where}: quote not the candidate's own words: {q[:60]}")
            said = " ".join(text.lower().replace("-", " ").split())  # a wrapped line: a space
            for word in QUOTED.findall(c.reasoning):  # words named in reasoning were said
                if word.lower() not in said:
                    problems.append(f"{where}: reasoning names {word!r}, which was not said")
        for s in a.strengths:
            quote = QUOTED.search(s)
            if quote is None or quote.group(1) not in text:
                problems.append(f"{item.id}: strength without the candidate's quote: {s[:60]}")
        points = {kp.point.strip() for kp in bank.questions[item.question_id].key_points}
        if not set(a.to_strong_hire) <= points:
            problems.append(f"{item.id}: 'a strong-hire answer would add' is not a key point")
    assert problems == []


@pytest.mark.parametrize("text", ["fine", "", "idk", "%s", "<script>alert(1)</script>"])
def test_a_non_answer_earns_no_hire_with_nothing_quoted(text: str, bank: Bank) -> None:
    from app.calibration.dataset import CalibrationItem

    item = CalibrationItem(
        id="x", question_id="fund-train5-val25", label=1, reason="-", answer=text or " "
    )
    a = OfflineJudge().score(build_request(item, bank))
    assert a.overall_level == 1 and a.strengths == []
    assert all(c.evidence == [] for c in a.criteria)
