"""Hidden checks for debug-logreg-imbalanced: one per planted bug, each on one function.

`only(sol, ref, name)` runs the candidate's `name` with the reference's version of every other
function, so each check sees exactly one bug.
"""

import numpy as np
from harness import only


def _labelled_rows(n=200):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 4))
    x[:, 0] = np.arange(n)  # each row carries its own index
    y = (np.arange(n) % 3 == 0).astype(np.int64)
    return x, y


def check_split_keeps_pairs(sol, ref):
    x, y = _labelled_rows()
    with only(sol, ref, "split"):
        x_tr, y_tr, x_va, y_va = sol.split(x, y, np.random.default_rng(0))
    for xs, ys in ((x_tr, y_tr), (x_va, y_va)):
        rows = xs[:, 0].astype(int)
        assert np.array_equal(ys, y[rows]), "after the split, rows no longer sit with their labels"
    assert len(y_va) == 40, "the validation share changed"
    seen = np.sort(np.concatenate([x_tr[:, 0], x_va[:, 0]]))
    assert np.array_equal(seen, np.arange(200)), "the split lost or repeated rows"


def check_val_scaled_with_train_stats(sol, ref):
    rng = np.random.default_rng(1)
    a, b = rng.normal(5, 2, size=(300, 3)), rng.normal(-1, 7, size=(100, 3))
    with only(sol, ref, "standardise"):
        a2, b2, _ = sol.standardise(a, b)
    mean, std = a.mean(axis=0), a.std(axis=0) + 1e-8
    assert np.allclose(a2, (a - mean) / std), "the training split is not standardised"
    assert np.allclose(b2, (b - mean) / std), "validation is not scaled with the training statistics"


def check_rare_class_weighted_up(sol, ref):
    y = np.array([0] * 80 + [1] * 20)
    with only(sol, ref, "class_weights"):
        cw = np.asarray(sol.class_weights(y), dtype=float)
    assert cw[1] > cw[0], "the rare class does not get the larger weight"
    assert np.isclose(cw[0] * 80, cw[1] * 20), "the classes do not carry the same total weight"


def check_loss_finite_when_confident(sol, ref):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(50, 3))
    y = (rng.random(50) < 0.3).astype(np.int64)
    cw = ref.class_weights(y)
    for w in (np.array([0.3, -0.2, 0.1]), np.array([300.0, -200.0, 100.0])):
        with only(sol, ref, "loss"):
            got = sol.loss(w, 0.1, x, y, cw)
        assert np.isfinite(got), "the loss is not finite for confident predictions"
        assert np.isclose(got, ref.loss(w, 0.1, x, y, cw), rtol=1e-6), "the loss value is wrong"


def check_gradient_matches_loss(sol, ref):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(64, 5))
    y = (rng.random(64) < 0.3).astype(np.int64)
    w, b, cw = rng.normal(size=5) * 0.3, 0.1, ref.class_weights(y)
    with only(sol, ref, "gradient"):
        gw, gb = sol.gradient(w, b, x, y, cw)
    eps = 1e-6
    num = [(ref.loss(w + eps * e, b, x, y, cw) - ref.loss(w - eps * e, b, x, y, cw)) / (2 * eps)
           for e in np.eye(5)]  # fmt: skip
    num_b = (ref.loss(w, b + eps, x, y, cw) - ref.loss(w, b - eps, x, y, cw)) / (2 * eps)
    assert np.allclose(gw, num, atol=1e-6), "the weight gradient does not match the loss"
    assert np.isclose(gb, num_b, atol=1e-6), "the bias gradient does not match the loss"
