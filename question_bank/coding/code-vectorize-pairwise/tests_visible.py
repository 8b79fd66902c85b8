"""Example tests: small random inputs against the slow loops, and a zero row."""

import numpy as np


def _slow_d2(A, B):
    return np.array([[np.sum((a - b) ** 2) for b in B] for a in A])


def test_small_distances(sol, ref) -> None:
    rng = np.random.default_rng(1201)
    A, B = rng.standard_normal((5, 3)), rng.standard_normal((4, 3))
    got = sol.pairwise_sq_dists(A, B)
    assert got.shape == (5, 4), "result must be (n, m)"
    np.testing.assert_allclose(got, _slow_d2(A, B), rtol=1e-10, atol=1e-12)


def test_small_cosine(sol, ref) -> None:
    rng = np.random.default_rng(1202)
    A, B = rng.standard_normal((3, 6)), rng.standard_normal((5, 6))
    exp = (A @ B.T) / np.linalg.norm(A, axis=1)[:, None] / np.linalg.norm(B, axis=1)[None, :]
    np.testing.assert_allclose(sol.cosine_similarity(A, B), exp, rtol=1e-10, atol=1e-12)


def test_zero_row_cosine(sol, ref) -> None:
    A = np.array([[0.0, 0.0], [1.0, 1.0]])
    B = np.array([[1.0, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(
        sol.cosine_similarity(A, B), [[0.0, 0.0], [np.sqrt(0.5), 0.0]], atol=1e-12
    )
