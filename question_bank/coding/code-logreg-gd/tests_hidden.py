"""Hidden tests: extreme logits, L2 on weights only, separable and one-class data, bad input, scale."""

import numpy as np


def _data(seed, n, d, noise=0.5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = (X @ rng.standard_normal(d) + noise * rng.standard_normal(n) > 0).astype(float)
    return X, y


def _same_fit(got, exp, what):
    np.testing.assert_allclose(
        got[0], exp[0], rtol=1e-8, atol=1e-12, err_msg=f"{what}: weights differ"
    )
    np.testing.assert_allclose(
        got[1], exp[1], rtol=1e-8, atol=1e-12, err_msg=f"{what}: bias differs"
    )
    assert len(got[2]) == len(exp[2]), f"{what}: the loss history must have one entry per step"
    np.testing.assert_allclose(
        got[2], exp[2], rtol=1e-8, atol=1e-12, err_msg=f"{what}: loss history differs"
    )


def test_sigmoid_extremes(sol, ref) -> None:
    z = np.array([-1000.0, -745.0, -40.0, -1e-9, 0.0, 1e-9, 40.0, 1000.0])
    got = sol.sigmoid(z)
    assert np.all(np.isfinite(got)), "sigmoid returned NaN or inf"
    np.testing.assert_allclose(
        got, ref.sigmoid(z), rtol=1e-12, atol=1e-300, err_msg="sigmoid is inaccurate"
    )


def test_loss_with_extreme_logits(sol, ref) -> None:
    X = np.array([[1.0], [-1.0], [1.0], [-1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    w = np.array([800.0])  # logits of +-800: two examples badly wrong, two confidently right
    loss, gw, gb = sol.loss_and_grad(w, 0.0, X, y)
    eloss, egw, egb = ref.loss_and_grad(w, 0.0, X, y)
    assert np.isfinite(loss), "the loss must stay finite for confident wrong predictions"
    np.testing.assert_allclose(
        loss, eloss, rtol=1e-12, err_msg="log loss for extreme logits is wrong"
    )
    np.testing.assert_allclose(gw, egw, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(gb, egb, rtol=1e-12, atol=1e-15)


def test_random_loss_and_grad_with_l2(sol, ref) -> None:
    X, y = _data(801, 30, 4)
    w = np.random.default_rng(802).standard_normal(4)
    got = sol.loss_and_grad(w, -0.7, X, y, l2=0.3)
    exp = ref.loss_and_grad(w, -0.7, X, y, l2=0.3)
    np.testing.assert_allclose(got[0], exp[0], rtol=1e-10, err_msg="regularised loss differs")
    np.testing.assert_allclose(got[1], exp[1], rtol=1e-10, err_msg="regularised grad_w differs")
    np.testing.assert_allclose(
        got[2],
        exp[2],
        rtol=1e-10,
        atol=1e-14,
        err_msg="grad_b differs (is the bias being regularised?)",
    )


def test_fit_random_with_l2(sol, ref) -> None:
    X, y = _data(803, 80, 5)
    _same_fit(
        sol.fit(X, y, lr=0.3, n_iters=60, l2=0.05),
        ref.fit(X, y, lr=0.3, n_iters=60, l2=0.05),
        "l2 fit",
    )


def test_separable_data_stays_finite(sol, ref) -> None:
    X, y = _data(804, 50, 2, noise=0.0)
    got = sol.fit(X * 50, y, lr=5.0, n_iters=200)
    assert np.all(np.isfinite(got[0])) and np.isfinite(got[1]), "weights became NaN or inf"
    assert np.all(np.isfinite(got[2])), "the loss history contains NaN or inf"
    _same_fit(got, ref.fit(X * 50, y, lr=5.0, n_iters=200), "separable data")


def test_single_class_labels(sol, ref) -> None:
    X, _ = _data(805, 20, 3)
    y = np.ones(20)
    _same_fit(
        sol.fit(X, y, lr=0.5, n_iters=40), ref.fit(X, y, lr=0.5, n_iters=40), "all-positive labels"
    )


def test_bad_input_rejected(sol, ref) -> None:
    X, y = _data(806, 6, 2)
    for bad_X, bad_y in (
        (X, np.array([1, -1, 1, -1, 1, -1.0])),
        (X, y[:5]),
        (np.zeros((0, 2)), np.zeros(0)),
    ):
        try:
            sol.fit(bad_X, bad_y, n_iters=1)
        except ValueError:
            continue
        raise AssertionError(
            "labels outside {0, 1}, mismatched lengths or empty data must raise ValueError"
        )


def test_predict_proba(sol, ref) -> None:
    X, _ = _data(807, 9, 3)
    w = np.array([30.0, -50.0, 10.0])
    got = sol.predict_proba(X, w, 2.0)
    assert got.shape == (9,), "predict_proba must return one probability per row"
    np.testing.assert_allclose(got, ref.predict_proba(X, w, 2.0), rtol=1e-12, atol=1e-300)


def test_large_fit(sol, ref) -> None:
    X, y = _data(808, 15_000, 10)
    _same_fit(
        sol.fit(X, y, lr=0.5, n_iters=100, l2=0.01),
        ref.fit(X, y, lr=0.5, n_iters=100, l2=0.01),
        "large fit",
    )
