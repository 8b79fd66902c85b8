"""Hidden tests: uneven micro-batches, several steps per epoch, edge cases, a large dataset."""

import numpy as np


def _data(seed, n, d):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal(n), rng.standard_normal(d)


def _same(got, exp, what):
    assert len(got) == 3, "train must return (w, b, step_losses)"
    np.testing.assert_allclose(
        got[0], exp[0], rtol=1e-9, atol=1e-12, err_msg=f"{what}: weights differ"
    )
    np.testing.assert_allclose(
        got[1], exp[1], rtol=1e-9, atol=1e-12, err_msg=f"{what}: bias differs"
    )
    assert len(got[2]) == len(exp[2]), f"{what}: wrong number of optimizer steps"
    np.testing.assert_allclose(
        got[2], exp[2], rtol=1e-9, atol=1e-12, err_msg=f"{what}: step losses differ"
    )


def test_random_uneven_groups(sol, ref) -> None:
    X, y, w = _data(301, 53, 4)
    kw = dict(lr=0.05, micro_batch_size=5, accum_steps=3, epochs=2)
    _same(sol.train(w, 0.1, X, y, **kw), ref.train(w, 0.1, X, y, **kw), "uneven groups")


def test_smaller_last_micro_batch_equals_full_step(sol, ref) -> None:
    X, y, w = _data(302, 10, 3)
    new_w, new_b, _ = sol.train(w, 0.0, X, y, lr=0.2, micro_batch_size=4, accum_steps=3, epochs=1)
    _, gw, gb = ref.mse_and_grad(w, 0.0, X, y)
    np.testing.assert_allclose(
        new_w,
        w - 0.2 * gw,
        rtol=1e-10,
        err_msg="with micro-batches of unequal size the step must still equal the full-batch step",
    )
    np.testing.assert_allclose(new_b, -0.2 * gb, rtol=1e-10, atol=1e-12)


def test_several_steps_per_epoch(sol, ref) -> None:
    X, y, w = _data(303, 24, 3)
    kw = dict(lr=0.1, micro_batch_size=4, accum_steps=2, epochs=1)
    _same(sol.train(w, 0.0, X, y, **kw), ref.train(w, 0.0, X, y, **kw), "three steps in one epoch")


def test_accum_one_is_plain_minibatch_sgd(sol, ref) -> None:
    X, y, w = _data(304, 12, 2)
    got_w, got_b, _ = sol.train(w, 0.0, X, y, lr=0.1, micro_batch_size=5, accum_steps=1, epochs=1)
    w_exp, b_exp = w.copy(), 0.0
    for s in range(0, 12, 5):
        _, gw, gb = ref.mse_and_grad(w_exp, b_exp, X[s : s + 5], y[s : s + 5])
        w_exp, b_exp = w_exp - 0.1 * gw, b_exp - 0.1 * gb
    np.testing.assert_allclose(
        got_w, w_exp, rtol=1e-10, err_msg="accum_steps=1 must be plain mini-batch SGD"
    )
    np.testing.assert_allclose(got_b, b_exp, rtol=1e-10, atol=1e-12)


def test_micro_batch_larger_than_data(sol, ref) -> None:
    X, y, w = _data(305, 3, 2)
    kw = dict(lr=0.1, micro_batch_size=10, accum_steps=4, epochs=3)
    _same(
        sol.train(w, 1.0, X, y, **kw),
        ref.train(w, 1.0, X, y, **kw),
        "micro-batch larger than the data",
    )


def test_empty_data_and_zero_epochs(sol, ref) -> None:
    w = np.array([1.0, -2.0])
    new_w, new_b, losses = sol.train(
        w, 0.5, np.zeros((0, 2)), np.zeros(0), lr=0.1, micro_batch_size=2, accum_steps=2, epochs=3
    )
    np.testing.assert_array_equal(new_w, w, err_msg="no rows means no update")
    assert new_b == 0.5 and list(losses) == [], "no rows means no steps and no losses"
    X, y, _ = _data(306, 4, 2)
    new_w, new_b, losses = sol.train(
        w, 0.5, X, y, lr=0.1, micro_batch_size=2, accum_steps=2, epochs=0
    )
    np.testing.assert_array_equal(new_w, w, err_msg="zero epochs means no update")
    assert list(losses) == [], "zero epochs means no losses"


def test_inputs_not_modified_and_bad_args(sol, ref) -> None:
    X, y, w = _data(307, 9, 3)
    w0 = w.copy()
    sol.train(w, 0.0, X, y, lr=0.1, micro_batch_size=2, accum_steps=2, epochs=1)
    np.testing.assert_array_equal(w, w0, err_msg="train modified the caller's weights in place")
    for kw in (dict(micro_batch_size=0, accum_steps=1), dict(micro_batch_size=2, accum_steps=0)):
        try:
            sol.train(w, 0.0, X, y, lr=0.1, epochs=1, **kw)
        except ValueError:
            continue
        raise AssertionError("a micro_batch_size or accum_steps below 1 must raise ValueError")


def test_large_dataset(sol, ref) -> None:
    X, y, w = _data(308, 100_000, 24)
    kw = dict(lr=0.01, micro_batch_size=500, accum_steps=4, epochs=10)
    _same(sol.train(w, 0.0, X, y, **kw), ref.train(w, 0.0, X, y, **kw), "large dataset")
