"""Mastery per topic: the Beta update, its weights, decay, bounds, recomputation from the store."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from app.domain.enums import Difficulty
from app.practice import beta
from app.practice.mastery import (
    ESTIMATE_WEIGHT,
    HALF_LIFE_DAYS,
    PRIOR_ALPHA,
    PRIOR_BETA,
    SECONDARY_TOPIC_WEIGHT,
    compute_mastery,
    prior,
    to_unit,
)
from app.practice.state import load_history
from app.store.repository import Repository
from tests.practice.conftest import attempt, bank_of, days, question, store_answer


def test_levels_map_onto_the_unit_interval() -> None:
    assert [to_unit(x) for x in (1, 2, 2.5, 3, 4)] == pytest.approx([0, 1 / 3, 0.5, 2 / 3, 1])


def test_one_answer_is_a_fractional_observation(now: datetime) -> None:
    bank = bank_of(question("q", ["attention", "transformers"]))
    m = compute_mastery(bank, [attempt("q", 3, now)], now)
    # level 3 -> s = 2/3 success, 1/3 failure on the main topic...
    assert m["attention"].alpha == pytest.approx(PRIOR_ALPHA + 2 / 3)
    assert m["attention"].beta == pytest.approx(PRIOR_BETA + 1 / 3)
    # ...and half of that on a secondary topic
    assert m["transformers"].alpha == pytest.approx(PRIOR_ALPHA + SECONDARY_TOPIC_WEIGHT * 2 / 3)
    assert m["attention"].attempts == m["transformers"].attempts == 1


def test_unpractised_topics_sit_at_the_prior(now: datetime) -> None:
    bank = bank_of(question("a", ["x"]), question("b", ["y"]))
    m = compute_mastery(bank, [attempt("a", 4, now)], now)
    assert m["y"] == prior("y")
    assert m["y"].mean == 0.5


def test_offline_estimates_count_for_less(now: datetime) -> None:
    bank = bank_of(question("q", ["x"]))
    judged = compute_mastery(bank, [attempt("q", 1, now)], now)["x"]
    estimated = compute_mastery(bank, [attempt("q", 1, now, estimate=True)], now)["x"]
    assert judged.evidence == pytest.approx(1.0)
    assert estimated.evidence == pytest.approx(ESTIMATE_WEIGHT)


def test_difficulty_adjusts_the_evidence(now: datetime) -> None:
    def mass(difficulty: Difficulty, level: int) -> tuple[float, float]:
        bank = bank_of(question("q", ["x"], difficulty=difficulty))
        m = compute_mastery(bank, [attempt("q", level, now)], now)["x"]
        return m.alpha - PRIOR_ALPHA, m.beta - PRIOR_BETA

    # a strong answer to a hard question is more evidence of mastery than to an easy one
    assert mass(Difficulty.HARD, 4)[0] > mass(Difficulty.MEDIUM, 4)[0] > mass(Difficulty.EASY, 4)[0]
    # failing an easy question is more evidence of weakness than failing a hard one
    assert mass(Difficulty.EASY, 1)[1] > mass(Difficulty.MEDIUM, 1)[1] > mass(Difficulty.HARD, 1)[1]


def test_old_evidence_decays_toward_the_prior(now: datetime) -> None:
    bank = bank_of(question("q", ["x"]))
    fresh = compute_mastery(bank, [attempt("q", 1, now)], now)["x"]
    half = compute_mastery(bank, [attempt("q", 1, now - days(HALF_LIFE_DAYS))], now)["x"]
    ancient = compute_mastery(bank, [attempt("q", 1, now - days(2000))], now)["x"]
    assert half.evidence == pytest.approx(fresh.evidence / 2)
    assert ancient.mean == pytest.approx(0.5, abs=1e-6)
    assert fresh.mean < half.mean < ancient.mean
    assert ancient.attempts == 1  # it was practised, it is just no longer known


def test_more_evidence_narrows_the_interval(now: datetime) -> None:
    bank = bank_of(question("q", ["x"]))
    widths = []
    for n in (1, 3, 10):
        m = compute_mastery(bank, [attempt("q", 2, now - days(i)) for i in range(n)], now)["x"]
        widths.append(m.upper() - m.lower())
    assert widths[0] > widths[1] > widths[2]


def test_weak_and_confident_needs_enough_evidence(now: datetime) -> None:
    bank = bank_of(question("q", ["x"]))
    once = compute_mastery(bank, [attempt("q", 1, now)], now)["x"]
    often = compute_mastery(bank, [attempt("q", 1, now - days(i)) for i in range(4)], now)["x"]
    assert not once.weak_and_confident()
    assert often.weak_and_confident()
    strong = compute_mastery(bank, [attempt("q", 4, now - days(i)) for i in range(6)], now)["x"]
    assert strong.strong_and_confident() and not strong.weak_and_confident()


def test_the_ranking_bound_combines_weakness_and_uncertainty(now: datetime) -> None:
    bank = bank_of(question("a", ["weak"]), question("b", ["fine"]), question("c", ["unseen"]))
    history = [
        attempt("a", 1, now),
        attempt("a", 2, now - days(3)),
        attempt("b", 3, now),
        attempt("b", 3, now - days(3)),
    ]
    m = compute_mastery(bank, history, now)
    # known-weak < never seen < known-fine
    assert m["weak"].bound() < m["unseen"].bound() < m["fine"].bound()


def test_beta_quantiles_match_closed_forms() -> None:
    # Beta(1, 2): F(x) = 1 - (1 - x)^2, so the p-quantile is 1 - sqrt(1 - p)
    for p in (0.1, 0.2, 0.5, 0.9):
        assert beta.quantile(p, 1, 2) == pytest.approx(1 - math.sqrt(1 - p), abs=1e-6)
        assert beta.quantile(p, 1, 1) == pytest.approx(p, abs=1e-6)
    assert beta.quantile(0.5, 40, 40) == pytest.approx(0.5, abs=1e-6)
    assert beta.cdf(beta.quantile(0.1, 3.3, 17.2), 3.3, 17.2) == pytest.approx(0.1, abs=1e-6)


def test_mastery_is_recomputed_from_the_store(repo: Repository, now: datetime) -> None:
    bank = bank_of(question("a", ["x", "y"]), question("b", ["y"], difficulty=Difficulty.HARD))
    store_answer(repo, "s1", "a", 2, now - days(20))
    store_answer(repo, "s1", "b", 4, now - days(20))
    store_answer(repo, "s2", "a", 3, now - days(5), estimate=True)
    stored, _ = load_history(repo, bank, now)
    in_memory = compute_mastery(bank, repo.practice_attempts(), now)
    for topic in ("x", "y"):
        assert stored.topics[topic].alpha == pytest.approx(in_memory[topic].alpha, abs=1e-9)
        assert stored.topics[topic].beta == pytest.approx(in_memory[topic].beta, abs=1e-9)
        assert stored.topics[topic].attempts == in_memory[topic].attempts
    # the same call again gives the same numbers: nothing is accumulated between calls
    again, _ = load_history(repo, bank, now)
    assert again.topics == stored.topics
    # and a later "now" only decays it
    later, _ = load_history(repo, bank, now + days(60))
    assert later.topics["x"].evidence < stored.topics["x"].evidence


def test_a_rescore_replaces_the_earlier_judgement(repo: Repository, now: datetime) -> None:
    bank = bank_of(question("a", ["x"]))
    answered = now - days(10)
    store_answer(repo, "s1", "a", 1, answered)
    before, _ = load_history(repo, bank, now)
    store_answer(repo, "s1", "a", 4, now - days(1))  # re-judged yesterday: same answer
    after, _ = load_history(repo, bank, now)
    assert after.topics["x"].attempts == before.topics["x"].attempts == 1
    expected = compute_mastery(bank, [attempt("a", 4, answered)], now)["x"]
    assert after.topics["x"].alpha == pytest.approx(expected.alpha, abs=1e-9)
    assert after.topics["x"].beta == pytest.approx(expected.beta, abs=1e-9)
    # a second answer in another session is new evidence
    store_answer(repo, "s2", "a", 2, now)
    assert load_history(repo, bank, now)[0].topics["x"].attempts == 2


def test_questions_removed_from_the_bank_are_ignored(repo: Repository, now: datetime) -> None:
    bank = bank_of(question("a", ["x"]))
    store_answer(repo, "s1", "gone", 1, now)
    store_answer(repo, "s1", "a", 4, now)
    history, _ = load_history(repo, bank, now)
    assert set(history.topics) == {"x"}
    assert history.topics["x"].attempts == 1
