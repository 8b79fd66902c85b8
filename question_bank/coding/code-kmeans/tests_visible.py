"""Example tests: two obvious clusters, a fixed init, and argument checks."""

import numpy as np


def test_two_obvious_clusters(sol, ref) -> None:
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 10.0], [10.0, 11.0]])
    C, labels, inertia = sol.kmeans(X, 2, init=X[[0, 2]])
    np.testing.assert_allclose(C, [[0.0, 0.5], [10.0, 10.5]], rtol=1e-12)
    np.testing.assert_array_equal(labels, [0, 0, 1, 1])
    np.testing.assert_allclose(inertia, 1.0, rtol=1e-12)


def test_seeded_init_matches_reference(sol, ref) -> None:
    rng = np.random.default_rng(71)
    X = np.concatenate([rng.normal(c, 0.5, size=(30, 2)) for c in ((0, 0), (5, 5), (0, 6))])
    C, labels, inertia = sol.kmeans(X, 3, seed=3)
    eC, elabels, einertia = ref.kmeans(X, 3, seed=3)
    np.testing.assert_allclose(C, eC, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(labels, elabels)
    np.testing.assert_allclose(inertia, einertia, rtol=1e-9)


def test_rejects_bad_k(sol, ref) -> None:
    X = np.zeros((3, 2))
    for k in (0, 4):
        try:
            sol.kmeans(X, k)
        except ValueError:
            continue
        raise AssertionError(f"k={k} with 3 points must raise ValueError")
