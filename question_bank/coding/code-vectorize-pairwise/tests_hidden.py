"""Hidden tests: accuracy with a large offset, non-negativity, zero rows, extreme magnitudes, scale."""

import numpy as np


def _close_fast(got, exp, rtol, atol, what):
    """assert_allclose is slow on millions of entries; this is the same elementwise test, cheaper."""
    got = np.asarray(got)
    assert got.shape == exp.shape, f"{what}: wrong shape"
    assert np.all(np.abs(got - exp) <= atol + rtol * np.abs(exp)), (
        f"{what}: values differ beyond rtol={rtol}, atol={atol}"
    )


def _slow_d2(A, B):
    return ((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1)


def test_random_rectangular(sol, ref) -> None:
    rng = np.random.default_rng(1301)
    A, B = rng.standard_normal((30, 7)) * 3, rng.standard_normal((11, 7))
    np.testing.assert_allclose(
        sol.pairwise_sq_dists(A, B),
        _slow_d2(A, B),
        rtol=1e-9,
        atol=1e-10,
        err_msg="squared distances differ",
    )


def test_common_offset_precision(sol, ref) -> None:
    rng = np.random.default_rng(1302)
    A = 1e6 + rng.standard_normal((20, 5))
    B = 1e6 + rng.standard_normal((15, 5))
    np.testing.assert_allclose(
        sol.pairwise_sq_dists(A, B),
        _slow_d2(A, B),
        rtol=1e-6,
        atol=1e-6,
        err_msg="distances lose precision when the points share a large offset",
    )


def test_self_distances_non_negative(sol, ref) -> None:
    rng = np.random.default_rng(1303)
    A = rng.standard_normal((40, 16)) * 100 + 50
    D = sol.pairwise_sq_dists(A, A)
    assert np.all(D >= 0), "squared distances must never be negative"
    np.testing.assert_allclose(
        np.diag(D), 0.0, atol=1e-6, err_msg="a point's distance to itself must be ~0"
    )
    np.testing.assert_allclose(D, D.T, rtol=1e-9, atol=1e-6, err_msg="distances must be symmetric")


def test_empty_inputs(sol, ref) -> None:
    A = np.zeros((0, 4))
    B = np.ones((3, 4))
    assert sol.pairwise_sq_dists(A, B).shape == (0, 3), "no rows in A gives a (0, m) result"
    assert sol.pairwise_sq_dists(B, A).shape == (3, 0), "no rows in B gives an (n, 0) result"


def test_cosine_random_and_zero_rows(sol, ref) -> None:
    rng = np.random.default_rng(1304)
    A, B = rng.standard_normal((9, 5)), rng.standard_normal((7, 5))
    A[2] = 0
    B[4] = 0
    got = sol.cosine_similarity(A, B)
    assert np.all(np.isfinite(got)), "cosine similarity with a zero row must not be NaN"
    assert np.all(got[2] == 0) and np.all(got[:, 4] == 0), "pairs with a zero row have similarity 0"
    np.testing.assert_allclose(got, ref.cosine_similarity(A, B), rtol=1e-10, atol=1e-12)


def test_cosine_extreme_magnitudes(sol, ref) -> None:
    rng = np.random.default_rng(1305)
    A = rng.standard_normal((4, 3)) * 1e200
    B = rng.standard_normal((5, 3)) * 1e-200
    got = sol.cosine_similarity(A, B)
    assert np.all(np.isfinite(got)), "cosine similarity overflowed or underflowed to NaN/inf"
    np.testing.assert_allclose(
        got,
        ref.cosine_similarity(A, B),
        rtol=1e-9,
        atol=1e-12,
        err_msg="cosine similarity is inaccurate for very large or very small rows",
    )
    assert np.all(np.abs(got) <= 1 + 1e-12), "cosine similarity must lie in [-1, 1]"


def test_single_column_and_identical_rows(sol, ref) -> None:
    A = np.array([[1.0], [-2.0], [3.0]])
    np.testing.assert_allclose(
        sol.pairwise_sq_dists(A, A), [[0, 9, 4], [9, 0, 25], [4, 25, 0]], atol=1e-12
    )
    np.testing.assert_allclose(
        sol.cosine_similarity(A, A), [[1, -1, 1], [-1, 1, -1], [1, -1, 1]], atol=1e-12
    )


def test_large_matrices(sol, ref) -> None:
    rng = np.random.default_rng(1306)
    A, B = rng.standard_normal((1200, 32)), rng.standard_normal((1000, 32))
    _close_fast(
        sol.pairwise_sq_dists(A, B),
        ref.pairwise_sq_dists(A, B),
        1e-8,
        1e-8,
        "large squared distances",
    )
    _close_fast(
        sol.cosine_similarity(A, B),
        ref.cosine_similarity(A, B),
        1e-8,
        1e-10,
        "large cosine similarities",
    )
