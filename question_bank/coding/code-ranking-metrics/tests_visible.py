"""Example tests: binary relevance by hand, and NDCG of a perfect ranking."""

import numpy as np


def test_precision_by_hand(sol, ref) -> None:
    scores = np.array([[0.9, 0.1, 0.8, 0.3], [0.2, 0.4, 0.6, 0.8]])
    rel = np.array([[1, 0, 0, 1], [0, 0, 1, 1]])
    np.testing.assert_allclose(sol.precision_at_k(scores, rel, 2), [0.5, 1.0], rtol=1e-12)


def test_ndcg_binary_by_hand(sol, ref) -> None:
    scores = np.array([[0.9, 0.1, 0.8, 0.3]])
    rel = np.array([[1, 0, 0, 1]])
    ideal = 1 + 1 / np.log2(3)
    got = sol.ndcg_at_k(scores, rel, 3)
    np.testing.assert_allclose(got, [(1 + 1 / np.log2(4)) / ideal], rtol=1e-12)


def test_perfect_ranking_is_one(sol, ref) -> None:
    rel = np.array([[3, 2, 0, 1]])
    scores = rel.astype(float)
    np.testing.assert_allclose(sol.ndcg_at_k(scores, rel, 4), [1.0], rtol=1e-12)
