"""Example tests: sigmoid values, the gradient, and a short fit."""

import numpy as np


def test_sigmoid_small_values(sol, ref) -> None:
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(sol.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)


def test_gradient_matches_finite_differences(sol, ref) -> None:
    rng = np.random.default_rng(81)
    X, y, w = (
        rng.standard_normal((12, 3)),
        (rng.random(12) < 0.5).astype(float),
        rng.standard_normal(3),
    )
    loss, gw, gb = sol.loss_and_grad(w, 0.2, X, y)
    np.testing.assert_allclose(loss, ref.loss_and_grad(w, 0.2, X, y)[0], rtol=1e-10)
    eps = 1e-6
    for j in range(3):
        e = np.zeros(3)
        e[j] = eps
        num = (ref.loss_and_grad(w + e, 0.2, X, y)[0] - ref.loss_and_grad(w - e, 0.2, X, y)[0]) / (
            2 * eps
        )
        np.testing.assert_allclose(gw[j], num, rtol=1e-5, atol=1e-9, err_msg="grad_w is wrong")
    num_b = (
        ref.loss_and_grad(w, 0.2 + eps, X, y)[0] - ref.loss_and_grad(w, 0.2 - eps, X, y)[0]
    ) / (2 * eps)
    np.testing.assert_allclose(gb, num_b, rtol=1e-5, atol=1e-9, err_msg="grad_b is wrong")


def test_short_fit_matches_reference(sol, ref) -> None:
    rng = np.random.default_rng(82)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] + 0.5 * X[:, 1] + 0.3 * rng.standard_normal(40) > 0).astype(float)
    w, b, losses = sol.fit(X, y, lr=0.5, n_iters=30)
    ew, eb, elosses = ref.fit(X, y, lr=0.5, n_iters=30)
    np.testing.assert_allclose(w, ew, rtol=1e-9)
    np.testing.assert_allclose(b, eb, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(losses, elosses, rtol=1e-9)
