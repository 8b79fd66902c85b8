"""Example tests: a hand-checked loss, the gradient by finite differences, and log_softmax."""

import numpy as np


def test_hand_loss(sol, ref) -> None:
    logits = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])
    loss, grad = sol.softmax_cross_entropy(logits, np.array([0, 0]))
    np.testing.assert_allclose(loss, (np.log(2.0) + np.log(4 / 3)) / 2, rtol=1e-12)
    np.testing.assert_allclose(grad, [[-0.25, 0.25], [-0.125, 0.125]], rtol=1e-12)


def test_gradient_finite_differences(sol, ref) -> None:
    rng = np.random.default_rng(1401)
    z, y = rng.standard_normal((4, 5)), rng.integers(0, 5, size=4)
    _, grad = sol.softmax_cross_entropy(z, y)
    eps = 1e-6
    num = np.zeros_like(z)
    for i in range(4):
        for j in range(5):
            zp, zm = z.copy(), z.copy()
            zp[i, j] += eps
            zm[i, j] -= eps
            num[i, j] = (
                ref.softmax_cross_entropy(zp, y)[0] - ref.softmax_cross_entropy(zm, y)[0]
            ) / (2 * eps)
    np.testing.assert_allclose(
        grad, num, rtol=1e-5, atol=1e-9, err_msg="gradient does not match finite differences"
    )


def test_log_softmax_small(sol, ref) -> None:
    z = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(sol.log_softmax(z), z - np.log(np.exp(z).sum()), rtol=1e-12)
