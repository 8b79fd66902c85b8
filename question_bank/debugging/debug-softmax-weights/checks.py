"""Hidden checks for debug-softmax-weights: one per planted bug, each on one function."""

import numpy as np
from harness import only


def check_rare_classes_weighted_up(sol, ref):
    y = np.array([0] * 50 + [1] * 30 + [2] * 12 + [3] * 5 + [4] * 3)
    with only(sol, ref, "class_weights"):
        cw = np.asarray(sol.class_weights(y), dtype=float)
    assert np.all(np.diff(cw) > 0), "rarer classes do not get larger weights"
    totals = cw * np.bincount(y)
    assert np.allclose(totals, totals[0]), "the classes do not carry the same total weight"
    assert np.isclose(cw[y].mean(), 1.0), "the average example weight is not one"


def check_loss_finite_when_confident(sol, ref):
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(40, 10)), rng.integers(0, 5, size=40)
    cw = ref.class_weights(y)
    for scale in (0.1, 200.0):
        w = rng.normal(size=(11, 5)) * scale
        with only(sol, ref, "loss"):
            got = sol.loss(w, x, y, cw)
        assert np.isfinite(got), "the loss is not finite for confident predictions"
        assert np.isclose(got, ref.loss(w, x, y, cw), rtol=1e-6), "the loss value is wrong"


def check_gradient_matches_loss(sol, ref):
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(30, 10)), rng.integers(0, 5, size=30)
    w, cw = rng.normal(size=(11, 5)) * 0.3, ref.class_weights(y)
    with only(sol, ref, "gradient"):
        got = np.asarray(sol.gradient(w, x, y, cw))
    eps, num = 1e-6, np.zeros_like(w)
    for idx in np.ndindex(*w.shape):
        step = np.zeros_like(w)
        step[idx] = eps
        num[idx] = (ref.loss(w + step, x, y, cw) - ref.loss(w - step, x, y, cw)) / (2 * eps)
    assert got.shape == w.shape, "the gradient has the wrong shape"
    assert np.allclose(got, num, atol=1e-6), "the gradient does not match the loss"


def _history(train, val):
    return [{"train_loss": t, "val_loss": v} for t, v in zip(train, val)]


def check_early_stop_on_val(sol, ref):
    train = [1.0 - 0.05 * i for i in range(16)]
    val = [1.0, 0.9, 0.8] + [0.8 + 0.01 * i for i in range(1, 14)]
    with only(sol, ref, "should_stop"):
        stops = [sol.should_stop(_history(train[:k], val[:k]), 10) for k in range(1, 17)]
        keeps = sol.should_stop(_history(val, train), 10)
    want = [ref.should_stop(_history(train[:k], val[:k]), 10) for k in range(1, 17)]
    assert stops == want, "early stopping does not follow the validation loss"
    assert not keeps, "early stopping stops while validation loss still improves"
