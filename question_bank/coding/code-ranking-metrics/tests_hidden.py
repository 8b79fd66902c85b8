"""Hidden tests: graded relevance, ties, k beyond the list, queries without relevant items, scale."""

import numpy as np


def _rand(seed, q, n, levels=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((q, n)), rng.integers(0, levels, size=(q, n))


def test_random_precision(sol, ref) -> None:
    s, r = _rand(1001, 20, 30)
    np.testing.assert_allclose(
        sol.precision_at_k(s, r, 5),
        ref.precision_at_k(s, r, 5),
        rtol=1e-12,
        err_msg="precision@5 differs",
    )


def test_random_graded_ndcg(sol, ref) -> None:
    s, r = _rand(1002, 20, 30)
    got = sol.ndcg_at_k(s, r, 10)
    assert np.all((got >= 0) & (got <= 1 + 1e-12)), "NDCG must lie in [0, 1]"
    np.testing.assert_allclose(
        got,
        ref.ndcg_at_k(s, r, 10),
        rtol=1e-12,
        err_msg="graded NDCG@10 differs (check the gain function)",
    )


def test_score_ties_rank_lower_index_first(sol, ref) -> None:
    scores = np.array([[0.5, 0.5, 0.5, 0.1]])
    rel = np.array([[0, 0, 2, 1]])
    np.testing.assert_allclose(
        sol.precision_at_k(scores, rel, 2),
        [0.0],
        atol=1e-12,
        err_msg="with tied scores the lower item index ranks first",
    )
    np.testing.assert_allclose(
        sol.ndcg_at_k(scores, rel, 3), ref.ndcg_at_k(scores, rel, 3), rtol=1e-12
    )


def test_k_larger_than_list(sol, ref) -> None:
    scores = np.array([[0.3, 0.9, 0.1]])
    rel = np.array([[1, 1, 0]])
    np.testing.assert_allclose(
        sol.precision_at_k(scores, rel, 5),
        [0.4],
        rtol=1e-12,
        err_msg="precision@k divides by k even when the list is shorter than k",
    )
    np.testing.assert_allclose(sol.ndcg_at_k(scores, rel, 5), [1.0], rtol=1e-12)


def test_query_without_relevant_items(sol, ref) -> None:
    s, r = _rand(1003, 4, 8)
    r[1] = 0
    got = sol.ndcg_at_k(s, r, 5)
    assert np.all(np.isfinite(got)), "NDCG must not be NaN for a query with no relevant item"
    assert got[1] == 0.0, "NDCG of a query with no relevant item is defined as 0"
    np.testing.assert_allclose(got, ref.ndcg_at_k(s, r, 5), rtol=1e-12)
    assert sol.precision_at_k(s, r, 5)[1] == 0.0, "precision of a query with no relevant item is 0"


def test_fractional_relevance_and_k_one(sol, ref) -> None:
    rng = np.random.default_rng(1004)
    s, r = rng.standard_normal((6, 9)), rng.random((6, 9)) * 3
    np.testing.assert_allclose(sol.ndcg_at_k(s, r, 1), ref.ndcg_at_k(s, r, 1), rtol=1e-12)
    np.testing.assert_allclose(sol.precision_at_k(s, r, 1), ref.precision_at_k(s, r, 1), rtol=1e-12)


def test_invalid_arguments(sol, ref) -> None:
    s, r = _rand(1005, 2, 4)
    for fn in (sol.precision_at_k, sol.ndcg_at_k):
        for args in ((s, r, 0), (s, r[:, :3], 2), (s, -np.ones_like(r), 2)):
            try:
                fn(*args)
            except ValueError:
                continue
            raise AssertionError(
                "k < 1, mismatched shapes or negative relevance must raise ValueError"
            )


def test_large_batch(sol, ref) -> None:
    s, r = _rand(1006, 3000, 500)
    s = np.round(s, 3)  # score ties, some at the top-k cut
    np.testing.assert_allclose(
        sol.precision_at_k(s, r, 10), ref.precision_at_k(s, r, 10), rtol=1e-12
    )
    np.testing.assert_allclose(sol.ndcg_at_k(s, r, 10), ref.ndcg_at_k(s, r, 10), rtol=1e-10)
