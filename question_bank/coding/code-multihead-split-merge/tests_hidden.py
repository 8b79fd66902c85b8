"""Hidden tests: head layout, causal masking, grouped KV heads, stability, a large batch."""

import numpy as np


def _weights(rng, d, d_kv, scale=0.2):
    return (
        rng.standard_normal((d, d)) * scale,
        rng.standard_normal((d, d_kv)) * scale,
        rng.standard_normal((d, d_kv)) * scale,
        rng.standard_normal((d, d)) * scale,
    )


def test_split_layout_matches_feature_slices(sol, ref) -> None:
    x = np.random.default_rng(201).standard_normal((3, 7, 24))
    got = sol.split_heads(x, 4)
    np.testing.assert_array_equal(
        got,
        ref.split_heads(x, 4),
        err_msg="head h must hold feature slice h*dh:(h+1)*dh of every position",
    )


def test_merge_matches_reference(sol, ref) -> None:
    x = np.random.default_rng(202).standard_normal((2, 4, 6, 5))
    np.testing.assert_array_equal(
        sol.merge_heads(x), ref.merge_heads(x), err_msg="merge_heads layout is wrong"
    )


def test_random_mha(sol, ref) -> None:
    rng = np.random.default_rng(203)
    x = rng.standard_normal((3, 9, 16))
    w = _weights(rng, 16, 16)
    np.testing.assert_allclose(
        sol.multi_head_attention(x, *w, 4),
        ref.multi_head_attention(x, *w, 4),
        rtol=1e-7,
        atol=1e-9,
        err_msg="multi-head attention output differs",
    )


def test_causal(sol, ref) -> None:
    rng = np.random.default_rng(204)
    x = rng.standard_normal((2, 6, 12))
    w = _weights(rng, 12, 12)
    got = sol.multi_head_attention(x, *w, 3, causal=True)
    np.testing.assert_allclose(
        got,
        ref.multi_head_attention(x, *w, 3, causal=True),
        rtol=1e-7,
        atol=1e-9,
        err_msg="causal attention output differs",
    )
    x2 = x.copy()
    x2[:, -1] += 5.0
    got2 = sol.multi_head_attention(x2, *w, 3, causal=True)
    np.testing.assert_allclose(
        got2[:, :-1],
        got[:, :-1],
        rtol=1e-9,
        atol=1e-12,
        err_msg="changing the last position changed earlier outputs under causal=True",
    )


def test_grouped_query_heads(sol, ref) -> None:
    rng = np.random.default_rng(205)
    x = rng.standard_normal((2, 5, 32))
    w = _weights(rng, 32, 2 * 4)  # 8 query heads of width 4, 2 KV heads
    got = sol.multi_head_attention(x, *w, 8, num_kv_heads=2)
    np.testing.assert_allclose(
        got,
        ref.multi_head_attention(x, *w, 8, num_kv_heads=2),
        rtol=1e-7,
        atol=1e-9,
        err_msg="grouped-query attention output differs (which KV head serves which query head?)",
    )


def test_single_head_and_length_one(sol, ref) -> None:
    rng = np.random.default_rng(206)
    x = rng.standard_normal((4, 1, 6))
    w = _weights(rng, 6, 6)
    got = sol.multi_head_attention(x, *w, 1, causal=True)
    np.testing.assert_allclose(
        got, ref.multi_head_attention(x, *w, 1, causal=True), rtol=1e-7, atol=1e-9
    )


def test_extreme_activations_stable(sol, ref) -> None:
    rng = np.random.default_rng(207)
    x = rng.standard_normal((2, 8, 16)) * 30.0
    w = _weights(rng, 16, 16, scale=1.0)
    got = sol.multi_head_attention(x, *w, 2, causal=True)
    assert np.all(np.isfinite(got)), "large activations produced NaN or inf"
    np.testing.assert_allclose(
        got, ref.multi_head_attention(x, *w, 2, causal=True), rtol=1e-6, atol=1e-6
    )


def test_large_batch(sol, ref) -> None:
    rng = np.random.default_rng(208)
    x = rng.standard_normal((4, 192, 128))
    w = _weights(rng, 128, 128, scale=0.1)
    got = sol.multi_head_attention(x, *w, 8, causal=True)
    np.testing.assert_allclose(
        got, ref.multi_head_attention(x, *w, 8, causal=True), rtol=1e-6, atol=1e-9
    )
