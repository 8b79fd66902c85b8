"""Hidden tests: seeded random cases, broadcasting, masks, stability and a large input."""

import numpy as np


def _check(sol, ref, q, k, v, mask=None, rtol=1e-7, atol=1e-9):
    out, w = sol.scaled_dot_product_attention(q.copy(), k.copy(), v.copy(), mask)
    exp_out, exp_w = ref.scaled_dot_product_attention(q, k, v, mask)
    assert out.shape == exp_out.shape, "output shape is wrong"
    assert w.shape == exp_w.shape, "weights shape is wrong"
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(w)), "result contains NaN or inf"
    np.testing.assert_allclose(w, exp_w, rtol=rtol, atol=atol, err_msg="attention weights differ")
    np.testing.assert_allclose(
        out, exp_out, rtol=rtol, atol=atol, err_msg="attention output differs"
    )
    return out, w


def test_random_4d_heads(sol, ref) -> None:
    rng = np.random.default_rng(101)
    q = rng.standard_normal((2, 3, 6, 16))
    k = rng.standard_normal((2, 3, 9, 16))
    v = rng.standard_normal((2, 3, 9, 5))
    _check(sol, ref, q, k, v)


def test_padding_mask_broadcast(sol, ref) -> None:
    rng = np.random.default_rng(102)
    q = rng.standard_normal((3, 2, 5, 8))
    k = rng.standard_normal((3, 2, 7, 8))
    v = rng.standard_normal((3, 2, 7, 4))
    lengths = np.array([7, 4, 1])
    mask = (np.arange(7)[None, :] < lengths[:, None])[:, None, None, :]  # (3, 1, 1, 7)
    _, w = _check(sol, ref, q, k, v, mask)
    assert np.all(w[2, ..., 1:] == 0), "padded keys must get exactly zero weight"


def test_fully_masked_row_is_zero(sol, ref) -> None:
    rng = np.random.default_rng(103)
    q, k, v = rng.standard_normal((4, 8)), rng.standard_normal((6, 8)), rng.standard_normal((6, 3))
    mask = np.ones((4, 6), dtype=bool)
    mask[1] = False
    out, w = _check(sol, ref, q, k, v, mask)
    assert np.all(w[1] == 0) and np.all(out[1] == 0), (
        "a query with every key masked must give zeros"
    )


def test_all_masked(sol, ref) -> None:
    rng = np.random.default_rng(104)
    q, k, v = (
        rng.standard_normal((2, 3, 4)),
        rng.standard_normal((2, 5, 4)),
        rng.standard_normal((2, 5, 2)),
    )
    out, w = sol.scaled_dot_product_attention(q, k, v, np.zeros((3, 5), dtype=bool))
    assert not np.any(np.isnan(out)) and not np.any(np.isnan(w)), "all-masked input produced NaN"
    assert np.all(out == 0) and np.all(w == 0), (
        "all-masked input must give all-zero output and weights"
    )


def test_extreme_scores_stable(sol, ref) -> None:
    rng = np.random.default_rng(105)
    q = rng.standard_normal((5, 32)) * 60.0  # scores of order 1e3 to 1e4
    k = rng.standard_normal((7, 32)) * 60.0
    v = rng.standard_normal((7, 4))
    _check(sol, ref, q, k, v, rtol=1e-6, atol=1e-9)


def test_float32_dtype_and_stability(sol, ref) -> None:
    rng = np.random.default_rng(106)
    q = (rng.standard_normal((2, 6, 16)) * 40).astype(np.float32)
    k = (rng.standard_normal((2, 6, 16)) * 40).astype(np.float32)
    v = rng.standard_normal((2, 6, 8)).astype(np.float32)
    causal = np.tril(np.ones((6, 6), dtype=bool))
    out, w = _check(sol, ref, q, k, v, causal, rtol=2e-4, atol=1e-5)
    assert out.dtype == np.float32 and w.dtype == np.float32, (
        "float32 inputs must give float32 results"
    )


def test_single_key(sol, ref) -> None:
    rng = np.random.default_rng(107)
    q, k, v = rng.standard_normal((3, 4)), rng.standard_normal((1, 4)), rng.standard_normal((1, 2))
    out, w = _check(sol, ref, q, k, v)
    np.testing.assert_allclose(w, 1.0, err_msg="with one key every weight must be 1")


def test_large_batched_causal(sol, ref) -> None:
    rng = np.random.default_rng(108)
    q = rng.standard_normal((2, 4, 192, 32))
    k = rng.standard_normal((2, 4, 192, 32))
    v = rng.standard_normal((2, 4, 192, 32))
    causal = np.tril(np.ones((192, 192), dtype=bool))
    _check(sol, ref, q, k, v, causal)
