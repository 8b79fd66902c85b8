"""Example tests: batches in order, drop_last, and a seeded shuffle."""

import numpy as np


def test_in_order_with_partial_last_batch(sol, ref) -> None:
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    batches = list(sol.BatchLoader(X, y, 4))
    assert [len(b[1]) for b in batches] == [4, 4, 2], "expected batch sizes 4, 4, 2"
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)


def test_drop_last(sol, ref) -> None:
    X, y = np.zeros((10, 3)), np.arange(10)
    loader = sol.BatchLoader(X, y, 4, drop_last=True)
    assert len(loader) == 2, "len must count only full batches with drop_last"
    assert [len(b[1]) for b in loader] == [4, 4], "the partial batch must be dropped"


def test_seeded_shuffle_matches_reference(sol, ref) -> None:
    X, y = np.arange(12)[:, None] * 10, np.arange(12)
    got = np.concatenate([b[1] for b in sol.BatchLoader(X, y, 5, shuffle=True, seed=3)])
    exp = np.concatenate([b[1] for b in ref.BatchLoader(X, y, 5, shuffle=True, seed=3)])
    np.testing.assert_array_equal(
        got, exp, err_msg="the first epoch's order must be default_rng([seed, 0]).permutation(n)"
    )
