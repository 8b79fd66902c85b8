"""Example tests: the gradient, and one accumulated step equal to the full-batch step."""

import numpy as np


def _data(seed, n, d):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal(n), rng.standard_normal(d)


def test_gradient_matches_finite_differences(sol, ref) -> None:
    X, y, w = _data(31, 7, 3)
    loss, gw, gb = sol.mse_and_grad(w, 0.3, X, y)
    np.testing.assert_allclose(loss, ref.mse_and_grad(w, 0.3, X, y)[0], rtol=1e-10)
    eps = 1e-6
    for j in range(3):
        e = np.zeros(3)
        e[j] = eps
        num = (ref.mse_and_grad(w + e, 0.3, X, y)[0] - ref.mse_and_grad(w - e, 0.3, X, y)[0]) / (
            2 * eps
        )
        np.testing.assert_allclose(gw[j], num, rtol=1e-5, atol=1e-8, err_msg="grad_w is wrong")
    num_b = (ref.mse_and_grad(w, 0.3 + eps, X, y)[0] - ref.mse_and_grad(w, 0.3 - eps, X, y)[0]) / (
        2 * eps
    )
    np.testing.assert_allclose(gb, num_b, rtol=1e-5, atol=1e-8, err_msg="grad_b is wrong")


def test_one_accumulated_step_equals_full_batch(sol, ref) -> None:
    X, y, w = _data(32, 8, 3)
    new_w, new_b, losses = sol.train(
        w, 0.0, X, y, lr=0.1, micro_batch_size=2, accum_steps=4, epochs=1
    )
    _, gw, gb = ref.mse_and_grad(w, 0.0, X, y)
    np.testing.assert_allclose(
        new_w, w - 0.1 * gw, rtol=1e-10, err_msg="step differs from the full-batch step"
    )
    np.testing.assert_allclose(new_b, -0.1 * gb, rtol=1e-10, atol=1e-12)
    assert len(losses) == 1, "one group should give exactly one optimizer step"


def test_one_group_per_epoch_two_epochs(sol, ref) -> None:
    X, y, w = _data(33, 6, 2)
    got = sol.train(w, 0.5, X, y, lr=0.05, micro_batch_size=3, accum_steps=2, epochs=2)
    exp = ref.train(w, 0.5, X, y, lr=0.05, micro_batch_size=3, accum_steps=2, epochs=2)
    np.testing.assert_allclose(got[0], exp[0], rtol=1e-10)
    np.testing.assert_allclose(got[1], exp[1], rtol=1e-10)
    np.testing.assert_allclose(got[2], exp[2], rtol=1e-10)
