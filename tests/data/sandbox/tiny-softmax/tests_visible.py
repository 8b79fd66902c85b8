import numpy as np


def test_small_vector(sol, ref) -> None:
    out = sol.softmax(np.array([1.0, 2.0, 3.0]))
    assert np.allclose(out, [0.09003057, 0.24472847, 0.66524096]), "wrong values for [1, 2, 3]"


def test_rows_sum_to_one(sol, ref) -> None:
    out = sol.softmax(np.array([[0.0, 1.0], [5.0, -5.0]]))
    assert out.shape == (2, 2), "shape must match the input"
    assert np.allclose(out.sum(axis=-1), 1.0), "each row must sum to 1"
