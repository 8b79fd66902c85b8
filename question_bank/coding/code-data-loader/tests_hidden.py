"""Hidden tests: epochs and resumption, alignment, drop_last edge cases, empty data, a large pass."""

import numpy as np


def _epoch_labels(loader):
    return np.concatenate([b[1] for b in loader]) if len(loader) else np.zeros(0, dtype=int)


def _same_pass(got_loader, exp_loader, what):
    got, exp = list(got_loader), list(exp_loader)
    assert [len(b[1]) for b in got] == [len(b[1]) for b in exp], f"{what}: batch sizes differ"
    if exp:
        assert np.array_equal(
            np.concatenate([b[0] for b in got]), np.concatenate([b[0] for b in exp])
        ), f"{what}: X batches differ"
        assert np.array_equal(
            np.concatenate([b[1] for b in got]), np.concatenate([b[1] for b in exp])
        ), f"{what}: y batches differ"


def test_each_epoch_reshuffles(sol, ref) -> None:
    X, y = np.arange(50)[:, None].astype(float), np.arange(50)
    loader = sol.BatchLoader(X, y, 8, shuffle=True, seed=11)
    first, second = _epoch_labels(loader), _epoch_labels(loader)
    assert sorted(first.tolist()) == list(range(50)), "an epoch must visit every row exactly once"
    assert sorted(second.tolist()) == list(range(50)), "an epoch must visit every row exactly once"
    assert not np.array_equal(first, second), "each new pass must use a new shuffle"
    exp = ref.BatchLoader(X, y, 8, shuffle=True, seed=11)
    np.testing.assert_array_equal(first, _epoch_labels(exp), err_msg="epoch 0 order differs")
    np.testing.assert_array_equal(second, _epoch_labels(exp), err_msg="epoch 1 order differs")


def test_set_epoch_resumes(sol, ref) -> None:
    X, y = np.arange(30)[:, None], np.arange(30)
    a = sol.BatchLoader(X, y, 7, shuffle=True, seed=5)
    passes = [_epoch_labels(a) for _ in range(3)]
    b = sol.BatchLoader(X, y, 7, shuffle=True, seed=5)
    b.set_epoch(2)
    np.testing.assert_array_equal(
        _epoch_labels(b), passes[2], err_msg="set_epoch(2) must reproduce epoch 2"
    )
    b.set_epoch(0)
    np.testing.assert_array_equal(
        _epoch_labels(b), passes[0], err_msg="set_epoch(0) must reproduce epoch 0"
    )


def test_rows_stay_aligned(sol, ref) -> None:
    rng = np.random.default_rng(1101)
    X = rng.standard_normal((40, 3))
    y = X.sum(axis=1)
    for xb, yb in sol.BatchLoader(X, y, 6, shuffle=True, seed=2):
        np.testing.assert_allclose(
            xb.sum(axis=1), yb, rtol=1e-12, err_msg="X and y rows were shuffled apart"
        )


def test_drop_last_exact_multiple(sol, ref) -> None:
    X, y = np.zeros((8, 2)), np.arange(8)
    loader = sol.BatchLoader(X, y, 4, drop_last=True, shuffle=True, seed=1)
    assert len(loader) == 2, "8 rows in batches of 4 give 2 full batches"
    assert [len(b[1]) for b in loader] == [4, 4], "a full final batch must not be dropped"


def test_fewer_rows_than_batch_size(sol, ref) -> None:
    X, y = np.ones((3, 2)), np.arange(3)
    dropped = sol.BatchLoader(X, y, 5, drop_last=True)
    assert len(dropped) == 0 and list(dropped) == [], (
        "with drop_last a short dataset gives no batch"
    )
    kept = sol.BatchLoader(X, y, 5)
    assert len(kept) == 1 and [len(b[1]) for b in kept] == [3], (
        "without drop_last it gives one short batch"
    )


def test_empty_dataset_and_bad_arguments(sol, ref) -> None:
    empty = sol.BatchLoader(np.zeros((0, 4)), np.zeros(0), 3, shuffle=True)
    assert len(empty) == 0 and list(empty) == [], "an empty dataset has no batches"
    for args in ((np.zeros((4, 2)), np.zeros(4), 0), (np.zeros((4, 2)), np.zeros(3), 2)):
        try:
            sol.BatchLoader(*args)
        except ValueError:
            continue
        raise AssertionError("batch_size < 1 or mismatched X/y lengths must raise ValueError")


def test_multidim_features_and_seeds(sol, ref) -> None:
    rng = np.random.default_rng(1102)
    X, y = rng.standard_normal((23, 3, 2)), rng.integers(0, 5, size=(23, 2))
    _same_pass(
        sol.BatchLoader(X, y, 4, shuffle=True, seed=9),
        ref.BatchLoader(X, y, 4, shuffle=True, seed=9),
        "3-D features",
    )
    a = _epoch_labels(sol.BatchLoader(np.arange(40), np.arange(40), 4, shuffle=True, seed=1))
    b = _epoch_labels(sol.BatchLoader(np.arange(40), np.arange(40), 4, shuffle=True, seed=2))
    assert not np.array_equal(a, b), "different seeds should give different orders"


def test_large_pass(sol, ref) -> None:
    rng = np.random.default_rng(1103)
    X, y = rng.random((4_000_000, 2)), np.arange(4_000_000)
    got = iter(sol.BatchLoader(X, y, 1000, drop_last=True))
    exp = iter(ref.BatchLoader(X, y, 1000, drop_last=True))
    for ex, ey in exp:  # compare batch by batch so neither pass is held in memory
        batch = next(got, None)
        assert batch is not None, "large dataset: too few batches"
        assert np.array_equal(batch[0], ex) and np.array_equal(batch[1], ey), (
            "large dataset: a batch differs"
        )
    assert next(got, None) is None, "large dataset: too many batches"
