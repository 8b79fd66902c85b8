"""Hidden checks for debug-mlp-softmax: one per planted bug, each on one function."""

import numpy as np
from harness import only


def _params(seed=5):
    rng = np.random.default_rng(seed)
    return {
        "w1": rng.normal(size=(8, 32)) * 0.5,
        "b1": rng.normal(size=32) * 0.1,
        "w2": rng.normal(size=(32, 4)) * 0.5,
        "b2": rng.normal(size=4) * 0.1,
    }


def check_softmax_rows_sum_to_one(sol, ref):
    z = np.random.default_rng(0).normal(size=(6, 4))
    with only(sol, ref, "softmax"):
        p = sol.softmax(z)
    assert p.shape == z.shape, "softmax changed the shape"
    assert np.allclose(p.sum(axis=1), 1.0), "softmax rows do not sum to one"
    assert np.allclose(p, ref.softmax(z)), "softmax values are wrong"


def check_softmax_large_logits(sol, ref):
    z = np.array([[1000.0, 999.0, 0.0, -5.0], [-800.0, 50.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0]])
    with only(sol, ref, "softmax"):
        p = sol.softmax(z)
    assert np.all(np.isfinite(p)), "softmax is not finite for large logits"
    assert np.allclose(p.sum(axis=-1), 1.0) or np.allclose(p.sum(axis=0), 1.0)


def check_predict_without_dropout(sol, ref):
    params = _params()
    x = np.random.default_rng(1).normal(size=(500, 8))
    with only(sol, ref, "predict"):
        first, second = sol.predict(params, x), sol.predict(params, x)
    logits, _ = ref.forward(params, x, train=False)
    assert np.array_equal(first, second), "predict gives different answers for the same input"
    assert np.array_equal(first, np.argmax(logits, axis=1)), "predict differs from the eval forward"


def check_bias_gradients(sol, ref):
    params = _params()
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(16, 8)), rng.integers(0, 4, size=16)
    logits, cache = ref.forward(params, x, train=False)
    probs = ref.softmax(logits)
    with only(sol, ref, "backward"):
        got = sol.backward(params, cache, probs, y)
    want = ref.backward(params, cache, probs, y)
    for key in ("w1", "b1", "w2", "b2"):
        assert np.shape(got[key]) == want[key].shape, f"gradient {key} has the wrong shape"
        assert np.allclose(got[key], want[key]), f"gradient {key} is wrong"


def check_val_accuracy_on_val(sol, ref):
    params = _params()
    rng = np.random.default_rng(3)
    x_tr, x_va = rng.normal(size=(300, 8)), rng.normal(size=(100, 8))
    y_tr, y_va = rng.integers(0, 4, size=300), rng.integers(0, 4, size=100)
    with only(sol, ref, "epoch_metrics"):
        got = sol.epoch_metrics(params, x_tr, y_tr, x_va, y_va)
    want = ref.epoch_metrics(params, x_tr, y_tr, x_va, y_va)
    assert np.isclose(got["val_acc"], want["val_acc"]), "val_acc is not measured on validation"
    assert np.isclose(got["val_loss"], want["val_loss"]), "val_loss is wrong"
