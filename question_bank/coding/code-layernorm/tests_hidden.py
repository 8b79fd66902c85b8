"""Hidden tests: 3-D inputs, gradient check, large offsets, constant rows, D=1, float32, a large
batch.
"""

import numpy as np


def _close_fast(got, exp, rtol, atol, what):
    """assert_allclose is slow on millions of entries; this is the same elementwise test, cheaper."""
    got = np.asarray(got)
    assert got.shape == exp.shape, f"{what}: wrong shape"
    assert np.all(np.abs(got - exp) <= atol + rtol * np.abs(exp)), (
        f"{what}: values differ beyond rtol={rtol}, atol={atol}"
    )


def _both(sol, ref, x, g, b, dy, eps=1e-5, rtol=1e-9, atol=1e-10, what=""):
    y, cache = sol.layer_norm_forward(x.copy(), g.copy(), b.copy(), eps)
    ey, rcache = ref.layer_norm_forward(x, g, b, eps)
    assert np.all(np.isfinite(y)), f"{what}: forward produced NaN or inf"
    np.testing.assert_allclose(
        y, ey, rtol=rtol, atol=atol, err_msg=f"{what}: forward output differs"
    )
    got = sol.layer_norm_backward(dy.copy(), cache)
    exp = ref.layer_norm_backward(dy, rcache)
    assert len(got) == 3, "backward must return (dx, dgamma, dbeta)"
    for name, a, e in zip(("dx", "dgamma", "dbeta"), got, exp):
        a = np.asarray(a)
        assert a.shape == e.shape, f"{what}: {name} has the wrong shape"
        assert np.all(np.isfinite(a)), f"{what}: {name} contains NaN or inf"
        np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, err_msg=f"{what}: {name} differs")
    return y, got


def test_three_dim_input(sol, ref) -> None:
    rng = np.random.default_rng(1701)
    x = rng.standard_normal((2, 5, 8)) * 3
    _both(
        sol,
        ref,
        x,
        rng.standard_normal(8),
        rng.standard_normal(8),
        rng.standard_normal((2, 5, 8)),
        what="(batch, time, features) input",
    )


def test_gradient_finite_differences(sol, ref) -> None:
    rng = np.random.default_rng(1702)
    x, g, b, w = (
        rng.standard_normal((3, 5)),
        rng.standard_normal(5),
        rng.standard_normal(5),
        rng.standard_normal((3, 5)),
    )
    loss = lambda x_, g_, b_: float((ref.layer_norm_forward(x_, g_, b_)[0] * w).sum())
    _, cache = sol.layer_norm_forward(x, g, b)
    dx, dg, db = sol.layer_norm_backward(w, cache)
    eps = 1e-6
    for arr, grad, name in ((x, dx, "dx"), (g, dg, "dgamma"), (b, db, "dbeta")):
        num = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            p, m = arr.copy(), arr.copy()
            p[idx] += eps
            m[idx] -= eps
            args_p = [p if a is arr else a for a in (x, g, b)]
            args_m = [m if a is arr else a for a in (x, g, b)]
            num[idx] = (loss(*args_p) - loss(*args_m)) / (2 * eps)
        np.testing.assert_allclose(
            grad, num, rtol=1e-5, atol=1e-8, err_msg=f"{name} fails the gradient check"
        )


def test_offset_rows_stable(sol, ref) -> None:
    rng = np.random.default_rng(1703)
    x = 1e6 + rng.standard_normal((6, 32))
    _both(
        sol,
        ref,
        x,
        rng.standard_normal(32),
        rng.standard_normal(32),
        rng.standard_normal((6, 32)),
        rtol=1e-6,
        atol=1e-6,
        what="rows with a large common offset",
    )


def test_constant_rows(sol, ref) -> None:
    rng = np.random.default_rng(1704)
    x = np.repeat(rng.standard_normal((4, 1)) * 5, 10, axis=1)
    g, b = rng.standard_normal(10), rng.standard_normal(10)
    y, _ = _both(sol, ref, x, g, b, rng.standard_normal((4, 10)), what="constant rows")
    np.testing.assert_allclose(
        y, np.tile(b, (4, 1)), atol=1e-12, err_msg="a constant row normalises to beta"
    )


def test_single_feature(sol, ref) -> None:
    rng = np.random.default_rng(1705)
    y, (dx, _, _) = _both(
        sol,
        ref,
        rng.standard_normal((7, 1)),
        np.array([2.0]),
        np.array([0.5]),
        rng.standard_normal((7, 1)),
        what="D = 1",
    )
    np.testing.assert_allclose(
        dx, 0.0, atol=1e-12, err_msg="with one feature the output does not depend on x"
    )


def test_float32_dtype(sol, ref) -> None:
    rng = np.random.default_rng(1706)
    x = (rng.standard_normal((4, 16)) * 3 + 10).astype(np.float32)
    g, b = rng.standard_normal(16).astype(np.float32), rng.standard_normal(16).astype(np.float32)
    dy = rng.standard_normal((4, 16)).astype(np.float32)
    y, cache = sol.layer_norm_forward(x, g, b)
    assert y.dtype == np.float32, "float32 input must give float32 output"
    dx, dg, db = sol.layer_norm_backward(dy, cache)
    assert dx.dtype == np.float32, "float32 input must give a float32 dx"
    _both(sol, ref, x, g, b, dy, rtol=1e-4, atol=1e-4, what="float32")


def test_eps_matters_for_tiny_variance(sol, ref) -> None:
    rng = np.random.default_rng(1707)
    x = rng.standard_normal((3, 12)) * 1e-3
    _both(
        sol,
        ref,
        x,
        np.ones(12),
        np.zeros(12),
        rng.standard_normal((3, 12)),
        eps=1e-3,
        what="eps=1e-3",
    )


def test_large_batch(sol, ref) -> None:
    rng = np.random.default_rng(1708)
    x = rng.standard_normal((1536, 1024)) * 2 + 1
    g, b, dy = (
        rng.standard_normal(1024),
        rng.standard_normal(1024),
        rng.standard_normal((1536, 1024)),
    )
    y, cache = sol.layer_norm_forward(x, g, b)
    ey, rcache = ref.layer_norm_forward(x, g, b)
    _close_fast(y, ey, 1e-9, 1e-10, "large batch: forward")
    for name, a, e in zip(
        ("dx", "dgamma", "dbeta"),
        sol.layer_norm_backward(dy, cache),
        ref.layer_norm_backward(dy, rcache),
    ):
        _close_fast(a, e, 1e-8, 1e-9, f"large batch: {name}")
