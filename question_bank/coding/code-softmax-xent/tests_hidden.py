"""Hidden tests: extreme logits, float32, ignore_index, smoothing, bad labels, a large batch."""

import numpy as np


def _close_fast(got, exp, rtol, atol, what):
    """assert_allclose is slow on millions of entries; this is the same elementwise test, cheaper."""
    got = np.asarray(got)
    assert got.shape == exp.shape, f"{what}: wrong shape"
    assert np.all(np.abs(got - exp) <= atol + rtol * np.abs(exp)), (
        f"{what}: values differ beyond rtol={rtol}, atol={atol}"
    )


def _same(got, exp, what, rtol=1e-10, atol=1e-12):
    loss, grad = got
    eloss, egrad = exp
    assert np.isfinite(loss) and np.all(np.isfinite(grad)), (
        f"{what}: NaN or inf in loss or gradient"
    )
    np.testing.assert_allclose(loss, eloss, rtol=rtol, atol=atol, err_msg=f"{what}: loss differs")
    assert grad.shape == egrad.shape, f"{what}: gradient has the wrong shape"
    np.testing.assert_allclose(
        grad, egrad, rtol=rtol, atol=atol, err_msg=f"{what}: gradient differs"
    )


def test_random_batch(sol, ref) -> None:
    rng = np.random.default_rng(1501)
    z, y = rng.standard_normal((16, 10)) * 3, rng.integers(0, 10, size=16)
    _same(sol.softmax_cross_entropy(z, y), ref.softmax_cross_entropy(z, y), "random batch")


def test_extreme_logits(sol, ref) -> None:
    z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0], [800.0, 800.0, 799.0]])
    y = np.array([2, 2, 0])
    _same(sol.softmax_cross_entropy(z, y), ref.softmax_cross_entropy(z, y), "extreme logits")
    lp = sol.log_softmax(z)
    assert np.all(np.isfinite(lp)), "log_softmax must be finite for finite logits"
    np.testing.assert_allclose(lp, ref.log_softmax(z), rtol=1e-12, atol=1e-9)


def test_float32_logits(sol, ref) -> None:
    rng = np.random.default_rng(1502)
    z = (rng.standard_normal((8, 6)) * 40).astype(np.float32)  # exp overflows float32 above ~88
    y = rng.integers(0, 6, size=8)
    loss, grad = sol.softmax_cross_entropy(z, y)
    assert grad.dtype == np.float32, "float32 logits must give a float32 gradient"
    _same((loss, grad), ref.softmax_cross_entropy(z, y), "float32 logits", rtol=1e-5, atol=1e-6)


def test_ignore_index(sol, ref) -> None:
    rng = np.random.default_rng(1503)
    z, y = rng.standard_normal((6, 4)), np.array([1, -100, 3, -100, 0, 2])
    loss, grad = sol.softmax_cross_entropy(z, y)
    assert np.all(grad[[1, 3]] == 0), "ignored rows must get a zero gradient"
    keep = y != -100
    _same((loss, grad), ref.softmax_cross_entropy(z, y), "ignore_index")
    np.testing.assert_allclose(
        loss,
        ref.softmax_cross_entropy(z[keep], y[keep])[0],
        rtol=1e-12,
        err_msg="the mean must be over the rows that are not ignored",
    )
    _same(
        sol.softmax_cross_entropy(z, np.where(y == -100, 7, y), ignore_index=7),
        ref.softmax_cross_entropy(z, y),
        "custom ignore_index",
    )


def test_all_rows_ignored(sol, ref) -> None:
    z = np.random.default_rng(1504).standard_normal((3, 5))
    loss, grad = sol.softmax_cross_entropy(z, np.full(3, -100))
    assert loss == 0.0, "with every row ignored the loss is defined as 0.0"
    assert np.all(grad == 0) and grad.shape == (3, 5), (
        "with every row ignored the gradient is all zeros"
    )


def test_label_smoothing(sol, ref) -> None:
    rng = np.random.default_rng(1505)
    z, y = rng.standard_normal((5, 7)) * 2, rng.integers(0, 7, size=5)
    _same(
        sol.softmax_cross_entropy(z, y, label_smoothing=0.1),
        ref.softmax_cross_entropy(z, y, label_smoothing=0.1),
        "label smoothing 0.1",
    )
    _same(
        sol.softmax_cross_entropy(z, y, label_smoothing=1.0),
        ref.softmax_cross_entropy(z, y, label_smoothing=1.0),
        "label smoothing 1.0 (uniform target)",
    )


def test_bad_labels_and_single_class(sol, ref) -> None:
    z = np.zeros((3, 4))
    for y in (np.array([0, 4, 1]), np.array([0, -1, 1])):
        try:
            sol.softmax_cross_entropy(z, y)
        except ValueError:
            continue
        raise AssertionError(
            "a label outside [0, C) that is not ignore_index must raise ValueError"
        )
    loss, grad = sol.softmax_cross_entropy(np.array([[5.0]]), np.array([0]))
    assert abs(loss) < 1e-12 and np.all(np.abs(grad) < 1e-12), (
        "a single class has zero loss and gradient"
    )


def test_large_batch(sol, ref) -> None:
    rng = np.random.default_rng(1506)
    z = rng.random((32_000, 100)) * 16 - 8
    y = rng.integers(0, 100, size=32_000)
    y[::7] = -100
    loss, grad = sol.softmax_cross_entropy(z, y, label_smoothing=0.05)
    eloss, egrad = ref.softmax_cross_entropy(z, y, label_smoothing=0.05)
    np.testing.assert_allclose(loss, eloss, rtol=1e-9, err_msg="large batch: loss differs")
    _close_fast(grad, egrad, 1e-9, 1e-13, "large batch: gradient")
