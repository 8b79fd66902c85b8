"""Hidden checks for debug-matrix-factorisation: one per planted bug, each on one function."""

import numpy as np
from harness import only


def _model(ref, seed=0):
    rng = np.random.default_rng(seed)
    model = ref.init_model(rng, 3.5)
    model["bu"] = rng.normal(size=ref.N_USERS) * 0.1
    model["bi"] = rng.normal(size=ref.N_ITEMS) * 0.1
    return model


def check_repeated_ids_all_update(sol, ref):
    pairs = np.array([[1, 2], [1, 3], [1, 2], [4, 2], [1, 5]])
    ratings = np.array([4.0, 2.0, 5.0, 1.0, 3.0])
    got, want = _model(ref), _model(ref)
    with only(sol, ref, "sgd_step"):
        sol.sgd_step(got, pairs, ratings, 0.5)
    ref.sgd_step(want, pairs, ratings, 0.5)
    for key in ("U", "V", "bu", "bi"):
        assert np.allclose(got[key], want[key]), f"{key}: repeated ids do not get all their updates"


def check_gradient_is_mean(sol, ref):
    rng = np.random.default_rng(1)
    pairs = np.stack([rng.integers(0, ref.N_USERS, 64), rng.integers(0, ref.N_ITEMS, 64)], axis=1)
    ratings = rng.normal(3.5, 1.0, size=64)
    model = _model(ref)
    with only(sol, ref, "gradients"):
        got = sol.gradients(model, pairs, ratings)
    want = ref.gradients(model, pairs, ratings)
    for name, g, w in zip(("user", "item", "bias"), got, want):
        assert np.allclose(g, w), f"the {name} gradient has the wrong scale or value"


def check_mean_from_train(sol, ref):
    pairs, ratings = ref.make_data(2, n=500)
    ratings = ratings + np.where(np.arange(500) < 100, 2.0, 0.0)  # validation rows rate higher
    with only(sol, ref, "prepare"):
        _, tr_r, _, va_r, mu = sol.prepare(pairs, ratings)
    assert len(va_r) == 100, "the split sizes changed"
    assert np.isclose(mu, ratings[100:].mean()), "the global mean is not the training ratings' mean"


def check_val_rmse_on_val(sol, ref):
    pairs, ratings = ref.make_data(3, n=400)
    model = _model(ref)
    tr = (pairs[:300], ratings[:300])
    va = (pairs[300:], ratings[300:] + 1.0)
    with only(sol, ref, "epoch_metrics"):
        got = sol.epoch_metrics(model, *tr, *va)
    want = ref.epoch_metrics(model, *tr, *va)
    for key in want:
        assert np.isclose(got[key], want[key]), f"{key} is not measured on the right split"
