"""Hidden checks for debug-accum-regression: one per planted bug, each on one function."""

import numpy as np
from harness import only


def _params(ref, seed=0):
    rng = np.random.default_rng(seed)
    return {"w1": rng.normal(size=(ref.N_IN, ref.N_HIDDEN)) * 0.5, "b1": rng.normal(size=ref.N_HIDDEN) * 0.1,
            "w2": rng.normal(size=(ref.N_HIDDEN, 1)) * 0.3, "b2": np.zeros(1)}  # fmt: skip


def check_accumulator_reset(sol, ref):
    x, y = ref.make_data(4, n=ref.MICRO_BATCH * ref.ACCUM * 3)
    t = ref.prepare_targets(y)
    got, want = _params(ref), _params(ref)
    with only(sol, ref, "run_epoch"):
        sol.run_epoch(got, x, t, np.random.default_rng(1), 0, 50)
    ref.run_epoch(want, x, t, np.random.default_rng(1), 0, 50)
    for key in want:
        assert np.allclose(got[key], want[key]), f"after three updates, {key} differs from a correct run"


def check_accumulate_is_mean(sol, ref):
    rng = np.random.default_rng(2)
    grads = [{"w": rng.normal(size=(3, 2)), "b": rng.normal(size=2)} for _ in range(ref.ACCUM)]
    acc = {"w": np.zeros((3, 2)), "b": np.zeros(2)}
    with only(sol, ref, "accumulate"):
        for g in grads:
            sol.accumulate(acc, g)
    for key in acc:
        want = np.mean([g[key] for g in grads], axis=0)
        assert np.allclose(acc[key], want), "the accumulated update is not the mean of the micro-batches"


def check_decay_ends_at_zero(sol, ref):
    total = 200
    with only(sol, ref, "lr_at"):
        got = np.array([sol.lr_at(s, total) for s in range(total)])
    want = np.array([ref.lr_at(s, total) for s in range(total)])
    assert np.isclose(got[-1], 0.0), "the learning rate is not zero at the last update"
    assert np.allclose(got, want), "the schedule is off"


def check_targets_keep_values(sol, ref):
    y = np.array([0.25, -1.75, 2.5, 0.999])
    with only(sol, ref, "prepare_targets"):
        t = np.asarray(sol.prepare_targets(y))
    assert t.shape == (4, 1), "targets are not a column"
    assert np.allclose(t[:, 0], y), "preparing the targets changes their values"
