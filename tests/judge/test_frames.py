"""Salads of a question's key-point wording (issue 12): the templates and lists of the gaming
suite filled with the words of the bank's `point` sentences, where only some fillers are signal
stems. Template detection takes the words where two sentences differ as the frame's holes, and
a long run of terms without commas is a list. Honest answers written here keep their credit."""

from __future__ import annotations

import pytest

from app.bank import load_bank
from app.calibration.dataset import CalibrationItem
from app.calibration.gaming import TEMPLATES, _kp_terms, salads
from app.calibration.runner import build_request, level_of
from app.domain.bank import Bank, Question
from app.domain.text import words
from app.domain.transcript import Assessment
from app.judge.frames import templated
from app.judge.noise import Noise
from app.judge.offline import OfflineJudge
from app.judge.reading import Reading, read
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


def _assess(bank: Bank, qid: str, text: str) -> Assessment:
    item = CalibrationItem(id="t", question_id=qid, label=1, reason="-", answer=text)
    return OfflineJudge().score(build_request(item, bank))


def _read(q: Question, text: str) -> Reading:
    return read(text, [kp.signals for kp in q.key_points], [])


def _two_template_salad(q: Question, first: str, second: str) -> str:
    terms = _kp_terms(q)[0]
    lines = []
    for k in range(8):
        a, b, c = (terms[(3 * k + i) % len(terms)] for i in range(3))
        line = (first if k % 2 == 0 else second).format(a=a, b=b, c=c)
        lines.append(line[0].upper() + line[1:])
    return " ".join(lines)


@pytest.mark.parametrize("qid", ["bh-ambiguity", "fund-temperature", "bh-good-enough-to-ship"])
def test_a_key_point_salad_in_two_templates_earns_nothing(bank: Bank, qid: str) -> None:
    q = bank.questions[qid]
    text = _two_template_salad(q, TEMPLATES[2], TEMPLATES[0])
    reading = _read(q, text)
    assert len(reading.sents) == 8
    hits = [s for s in reading.sents if s.covers]
    assert len(hits) >= 4, "the salad must touch key points, or it proves nothing"
    assert all(s.credit == 0 and s.noise is Noise.TEMPLATED for s in reading.sents)
    assert level_of(_assess(bank, qid, text)) <= 2


def test_a_key_point_list_without_commas_is_a_list(bank: Bank) -> None:
    q = bank.questions["fund-temperature"]
    bare = [t for family, t in salads(q) if family == "kp-list" and "," not in t]
    assert len(bare) == 4  # single words and adjacent pairs, each bare and joined by "and"
    for text in bare:
        reading = _read(q, text)
        assert reading.sents and all(s.noise is Noise.LISTED for s in reading.sents)
        assert any(s.covers for s in reading.sents)
        assert level_of(_assess(bank, q.id, text)) <= 2


HONEST = (
    "I keep a held-out validation set, check it every few hundred steps and keep track of the "
    "best score so far. When there has been no improvement for a patience window of, say, "
    "five evaluations, training stops and I restore the best checkpoint instead of the last "
    "one. It regularizes because the weights cannot travel far from initialization: on a "
    "quadratic approximation, stopping after t steps at learning rate eta behaves roughly like "
    "an L2 penalty of strength 1/(eta*t), so the number of steps acts as an effective capacity "
    "knob. Selecting on the validation score makes that score optimistic, so the number I "
    "report comes from a separate test set. Noisy curves can trigger premature stops; I smooth "
    "the curve and stop on the task metric, since validation loss can rise from over-confident "
    "predictions while accuracy still improves."
)


def test_an_honest_answer_in_key_point_words_keeps_its_credit(bank: Bank) -> None:
    """Written here: it reuses the key points' own wording (held-out, patience, restore the best
    checkpoint, quadratic approximation, effective capacity, optimistic, premature, task
    metric), each in a sentence of its own shape."""
    q = bank.questions["fund-early-stopping"]
    reading = _read(q, HONEST)
    stating = [s for s in reading.sents if s.covers]
    assert len(stating) >= 5
    assert all(s.noise is None and s.credit == 1.0 for s in stating)
    assessment = _assess(bank, q.id, HONEST)
    assert level_of(assessment) >= 3
    assert not assessment.red_flags


def test_parallel_sentences_that_keep_their_terms_are_not_a_frame(bank: Bank) -> None:
    """Two sentences alike but for words that are not the question's terms ("too high" /
    "too low") are an honest contrast; swap the terms into those slots and it is a template."""
    q = bank.questions["fund-early-stopping"]
    contrast = [
        "If the patience window is too short, the run stops on a noisy dip early.",
        "If the patience window is too long, the run wastes compute after its peak.",
    ]
    reading = _read(q, " ".join(contrast))
    assert all(s.credit == 1.0 for s in reading.sents)
    is_term = _Stems(("patience", "restore", "quadratic", "optimistic"))
    assert templated([(words(t), t) for t in contrast], is_term) == set()
    swapped = [
        "The key is patience here, and restore gives the right result.",
        "The key is quadratic here, and optimistic gives the right result.",
    ]
    assert templated([(words(t), t) for t in swapped], is_term) == {0, 1}


class _Stems:
    def __init__(self, terms: tuple[str, ...]) -> None:
        self._terms = terms

    def __call__(self, word: str) -> bool:
        return any(word.startswith(t) for t in self._terms)
