"""Hidden checks for debug-dropout-binary: one per planted bug, each on one function."""

import numpy as np
from harness import only


def _indexed(n=100):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 6)) * 10.0 + 4.0
    x[:, 0] = np.arange(n)  # each row carries its own index
    y = (np.arange(n) % 4 == 0).astype(np.int64)
    return x, y


def _params(seed=1):
    rng = np.random.default_rng(seed)
    return {"w1": rng.normal(size=(6, 24)), "b1": rng.normal(size=24) * 0.1,
            "w2": rng.normal(size=24), "b2": 0.2}  # fmt: skip


def check_rows_keep_labels(sol, ref):
    x, y = _indexed()
    with only(sol, ref, "split_and_scale"):
        x_tr, y_tr, x_va, y_va, (mean, std) = sol.split_and_scale(x, y, np.random.default_rng(0))
    for xs, ys in ((x_tr, y_tr), (x_va, y_va)):
        rows = np.rint(xs[:, 0] * std[0] + mean[0]).astype(int)
        assert np.array_equal(ys, y[rows]), "after shuffling, rows no longer sit with their labels"


def check_scaled_with_train_stats(sol, ref):
    x, y = _indexed()
    with only(sol, ref, "split_and_scale"):
        x_tr, _, x_va, _, (mean, std) = sol.split_and_scale(x, y, np.random.default_rng(0))
    rows = np.rint(x_tr[:, 0] * std[0] + mean[0]).astype(int)
    assert len(rows) == 80, "the split sizes changed"
    raw = x[rows]
    assert np.allclose(mean, raw.mean(axis=0)), "the mean is not the training split's"
    assert np.allclose(std, raw.std(axis=0)), "the standard deviation is not the training split's"


def check_step_decay(sol, ref):
    with only(sol, ref, "lr_at"):
        got = [sol.lr_at(e) for e in range(35)]
    want = [ref.lr_at(e) for e in range(35)]
    assert np.isclose(got[ref.DECAY_EVERY - 1], ref.LR), "the rate decays before its first period ends"
    assert np.allclose(got, want), "the decay schedule is off"


def check_predict_without_dropout(sol, ref):
    params = _params()
    x = np.random.default_rng(2).normal(size=(400, 6))
    model = {"params": params, "scale": (np.zeros(6), np.ones(6))}
    with only(sol, ref, "predict"):
        first, second = sol.predict(model, x), sol.predict(model, x)
    p, _ = ref.forward(params, x)
    assert np.array_equal(first, second), "predict gives different answers for the same input"
    assert np.array_equal(first, (p > 0.5).astype(np.int64)), "predict differs from the eval forward"
