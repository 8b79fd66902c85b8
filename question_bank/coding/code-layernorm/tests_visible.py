"""Example tests: forward and backward on a small 2-D input, and the normalised statistics."""

import numpy as np


def test_forward_small(sol, ref) -> None:
    rng = np.random.default_rng(1601)
    x, g, b = rng.standard_normal((4, 6)), rng.standard_normal(6), rng.standard_normal(6)
    y, _ = sol.layer_norm_forward(x, g, b)
    np.testing.assert_allclose(y, ref.layer_norm_forward(x, g, b)[0], rtol=1e-10, atol=1e-12)


def test_backward_small(sol, ref) -> None:
    rng = np.random.default_rng(1602)
    x, g, b = rng.standard_normal((5, 4)), rng.standard_normal(4), rng.standard_normal(4)
    dy = rng.standard_normal((5, 4))
    _, cache = sol.layer_norm_forward(x, g, b)
    got = sol.layer_norm_backward(dy, cache)
    _, rcache = ref.layer_norm_forward(x, g, b)
    for name, a, e in zip(("dx", "dgamma", "dbeta"), got, ref.layer_norm_backward(dy, rcache)):
        np.testing.assert_allclose(a, e, rtol=1e-9, atol=1e-12, err_msg=f"{name} differs")


def test_output_is_normalised(sol, ref) -> None:
    x = np.random.default_rng(1603).standard_normal((3, 50)) * 7 + 2
    y, _ = sol.layer_norm_forward(x, np.ones(50), np.zeros(50), eps=0.0)
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12, err_msg="rows must have mean 0")
    np.testing.assert_allclose(
        y.std(axis=-1), 1.0, rtol=1e-10, err_msg="rows must have (biased) std 1"
    )
