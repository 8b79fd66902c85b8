"""Hidden tests: random blobs, empty clusters, duplicates, ties, iteration limits, a large dataset."""

import numpy as np


def _same(got, exp, what):
    C, labels, inertia = got
    eC, elabels, einertia = exp
    assert np.all(np.isfinite(C)), f"{what}: centroids contain NaN or inf"
    assert np.asarray(labels).shape == elabels.shape, f"{what}: labels have the wrong shape"
    np.testing.assert_allclose(C, eC, rtol=1e-8, atol=1e-10, err_msg=f"{what}: centroids differ")
    np.testing.assert_array_equal(labels, elabels, err_msg=f"{what}: labels differ")
    np.testing.assert_allclose(
        inertia, einertia, rtol=1e-8, atol=1e-10, err_msg=f"{what}: inertia differs"
    )


def _blobs(seed, n_per, centers, scale=1.0):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(c, scale, size=(n_per, len(c))) for c in centers])


def test_random_blobs_seeded(sol, ref) -> None:
    X = _blobs(701, 40, [(0, 0, 0), (6, 0, 1), (0, 7, -2), (5, 5, 5)])
    _same(sol.kmeans(X, 4, seed=11), ref.kmeans(X, 4, seed=11), "seeded blobs")


def test_empty_cluster_is_relocated(sol, ref) -> None:
    X = _blobs(702, 25, [(0, 0), (4, 4)], scale=0.5)
    init = np.array([[0.0, 0.0], [4.0, 4.0], [100.0, -100.0]])  # the third centroid wins no point
    got = sol.kmeans(X, 3, init=init)
    _same(got, ref.kmeans(X, 3, init=init), "empty cluster")
    assert np.bincount(got[1], minlength=3).min() > 0, (
        "the relocated cluster should end up with points"
    )


def test_two_empty_clusters_take_distinct_points(sol, ref) -> None:
    X = _blobs(703, 20, [(0, 0), (10, 0)], scale=1.0)
    init = np.array([[0.0, 0.0], [10.0, 0.0], [500.0, 500.0], [-500.0, 500.0]])
    got = sol.kmeans(X, 4, init=init, n_iters=1)
    _same(got, ref.kmeans(X, 4, init=init, n_iters=1), "two empty clusters after one iteration")
    assert len({tuple(c) for c in np.round(got[0], 12)}) == 4, (
        "empty clusters must be moved to different points"
    )


def test_duplicate_points_no_nan(sol, ref) -> None:
    X = np.array([[1.0, 1.0]] * 5 + [[3.0, 3.0]] * 5)
    got = sol.kmeans(X, 3, seed=0)
    _same(got, ref.kmeans(X, 3, seed=0), "duplicated points")
    assert got[2] == 0.0, "two distinct locations with three clusters have zero inertia"


def test_assignment_ties_go_to_lower_index(sol, ref) -> None:
    X = np.array([[0.0], [2.0], [1.0]])
    C, labels, _ = sol.kmeans(X, 2, init=np.array([[0.0], [2.0]]))
    np.testing.assert_array_equal(
        labels, [0, 1, 0], err_msg="an equidistant point belongs to the lower-index cluster"
    )
    np.testing.assert_allclose(C, [[0.5], [2.0]], rtol=1e-12)


def test_iteration_limit_and_final_labels(sol, ref) -> None:
    X = _blobs(704, 30, [(0, 0), (3, 0), (1.5, 2.5)], scale=1.2)
    init = X[:3].copy()
    _same(
        sol.kmeans(X, 3, init=init, n_iters=2),
        ref.kmeans(X, 3, init=init, n_iters=2),
        "stopped by n_iters (labels and inertia must use the returned centroids)",
    )


def test_k_equals_n_and_k_one(sol, ref) -> None:
    X = np.random.default_rng(705).standard_normal((6, 3))
    C, labels, inertia = sol.kmeans(X, 6, seed=2)
    assert abs(inertia) < 1e-12 and len(set(labels.tolist())) == 6, (
        "k == n puts every point in its own cluster"
    )
    C1, labels1, inertia1 = sol.kmeans(X, 1)
    np.testing.assert_allclose(
        C1, X.mean(axis=0, keepdims=True), rtol=1e-12, err_msg="k=1 centroid is the mean"
    )
    np.testing.assert_allclose(inertia1, ((X - X.mean(axis=0)) ** 2).sum(), rtol=1e-10)


def test_input_not_modified(sol, ref) -> None:
    X = _blobs(706, 10, [(0, 0), (5, 5)])
    init = X[[0, 10]].copy()
    X0, init0 = X.copy(), init.copy()
    sol.kmeans(X, 2, init=init)
    np.testing.assert_array_equal(X, X0, err_msg="kmeans modified X")
    np.testing.assert_array_equal(init, init0, err_msg="kmeans modified init")


def test_large_dataset(sol, ref) -> None:
    rng = np.random.default_rng(707)
    centers = rng.uniform(-20, 20, size=(16, 8))
    X = centers[rng.integers(0, 16, size=12_000)] + rng.standard_normal((12_000, 8))
    _same(
        sol.kmeans(X, 16, seed=5, n_iters=15),
        ref.kmeans(X, 16, seed=5, n_iters=15),
        "large dataset",
    )
