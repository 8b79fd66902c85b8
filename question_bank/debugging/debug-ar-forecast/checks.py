"""Hidden checks for debug-ar-forecast: one per planted bug, each on one function."""

import numpy as np
from harness import only


def check_scaler_fit_on_train(sol, ref):
    series, nxt = ref.make_data(3, n=100)
    series = series + np.linspace(0.0, 30.0, 100)[:, None]  # validation rows differ in level
    with only(sol, ref, "prepare"):
        tr, _, va, _, scale = sol.prepare(series, nxt)
    assert len(va) == 20 and len(tr) == 80, "the split sizes changed"
    want = ref.fit_scaler(series[20:])
    assert np.allclose(scale, want), "the scaler is not fit on the training series alone"


def _history(train, val):
    return [{"train_loss": t, "val_loss": v} for t, v in zip(train, val)]


def check_early_stop_on_val(sol, ref):
    train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
    val = [1.0, 0.9, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2]
    with only(sol, ref, "should_stop"):
        stops = [sol.should_stop(_history(train[:k], val[:k]), 4) for k in range(1, 9)]
        keeps = sol.should_stop(_history(val[:7], train[:7]), 4)
    want = [ref.should_stop(_history(train[:k], val[:k]), 4) for k in range(1, 9)]
    assert stops == want, "early stopping does not follow the validation loss"
    assert not keeps, "early stopping stops while validation loss still improves"


def check_gradient_is_mean(sol, ref):
    rng = np.random.default_rng(4)
    inputs, targets = rng.normal(size=(50, ref.P)), rng.normal(size=50)
    w, b = rng.normal(size=ref.P), 0.3
    with only(sol, ref, "gradient"):
        gw, gb = sol.gradient(w, b, inputs, targets)
    eps = 1e-6
    num = [(ref.mse(w + eps * e, b, inputs, targets) - ref.mse(w - eps * e, b, inputs, targets))
           / (2 * eps) for e in np.eye(ref.P)]  # fmt: skip
    num_b = (ref.mse(w, b + eps, inputs, targets) - ref.mse(w, b - eps, inputs, targets)) / (2 * eps)
    assert np.allclose(gw, num, atol=1e-5), "the weight gradient does not match the loss"
    assert np.isclose(gb, num_b, atol=1e-5), "the bias gradient does not match the loss"


def check_val_loss_on_val(sol, ref):
    rng = np.random.default_rng(5)
    tr_w = (rng.normal(size=(200, ref.P)), rng.normal(size=200))
    va_w = (rng.normal(size=(40, ref.P)) + 2.0, rng.normal(size=40))
    va, va_next = ref.make_data(6, n=30)
    model = {"w": rng.normal(size=ref.P) * 0.2, "b": 0.1, "scale": (50.0, 5.0)}
    with only(sol, ref, "epoch_metrics"):
        got = sol.epoch_metrics(model, tr_w, va_w, va, va_next)
    want = ref.epoch_metrics(model, tr_w, va_w, va, va_next)
    for key in want:
        assert np.isclose(got[key], want[key]), f"{key} is not measured on the right split"
