"""Example tests: shapes, the split/merge round trip, and one small attention call."""

import numpy as np


def test_split_shape_and_round_trip(sol, ref) -> None:
    x = np.random.default_rng(21).standard_normal((2, 5, 12))
    h = sol.split_heads(x, 3)
    assert h.shape == (2, 3, 5, 4), "split_heads returned the wrong shape"
    np.testing.assert_array_equal(sol.merge_heads(h), x, err_msg="merge_heads(split_heads(x)) != x")


def test_split_rejects_indivisible_width(sol, ref) -> None:
    x = np.zeros((1, 2, 10))
    try:
        sol.split_heads(x, 3)
    except ValueError:
        return
    raise AssertionError("split_heads must raise ValueError when D % num_heads != 0")


def test_small_attention_matches_reference(sol, ref) -> None:
    rng = np.random.default_rng(22)
    x = rng.standard_normal((1, 4, 8))
    ws = [rng.standard_normal((8, 8)) * 0.3 for _ in range(4)]
    got = sol.multi_head_attention(x, *ws, 2)
    np.testing.assert_allclose(got, ref.multi_head_attention(x, *ws, 2), rtol=1e-7, atol=1e-9)
