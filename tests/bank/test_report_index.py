"""The report index `mockloop show` reads from the bank cache (criterion names, model answers)
says what the bank says, for every question and criterion; a damaged cache is a miss."""

from __future__ import annotations

from pathlib import Path

from app.bank.cache import CACHE_NAME, load_bank_cached
from app.bank.report_index import cached_report_index
from app.settings_quick import content_dir


def test_the_report_index_matches_the_bank(tmp_path: Path) -> None:
    bank_dir, rubrics_dir, cache = content_dir("question_bank"), content_dir("rubrics"), tmp_path
    assert cached_report_index(bank_dir, rubrics_dir, cache) is None  # nothing cached yet
    bank = load_bank_cached(bank_dir, rubrics_dir, cache)
    index = cached_report_index(bank_dir, rubrics_dir, cache)
    assert index is not None
    assert index.questions.keys() == bank.questions.keys()
    for qid, q in bank.questions.items():
        assert index.questions[qid].model_answer == q.model_answer
    assert sum(1 for q in bank.questions.values() if q.model_answer) > 50
    assert index.rubrics.keys() == bank.rubrics.keys()
    for rid, rubric in bank.rubrics.items():
        for c in rubric.criteria:
            found = index.rubrics[rid].criterion(c.id)
            assert found is not None and found.name == c.name
        assert index.rubrics[rid].criterion("no-such-criterion") is None
    (cache / CACHE_NAME).write_bytes((cache / CACHE_NAME).read_bytes()[:-10])  # truncated
    assert cached_report_index(bank_dir, rubrics_dir, cache) is None
