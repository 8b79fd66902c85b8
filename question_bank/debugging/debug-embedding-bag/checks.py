"""Hidden checks for debug-embedding-bag: one per planted bug, each on one function."""

import numpy as np
from harness import only


def _params(ref, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "emb": rng.normal(0.0, 0.1, size=(ref.VOCAB, ref.DIM)),
        "w": rng.normal(0.0, 0.1, size=(ref.DIM, ref.N_TOPICS)),
        "b": np.zeros(ref.N_TOPICS),
    }


def check_compact_keeps_ids(sol, ref):
    ids = np.array([[0, 5, 255, 256, 300, ref.VOCAB - 1]])
    with only(sol, ref, "compact"):
        got = sol.compact(ids)
    assert np.array_equal(got.astype(np.int64), ids), "compact changes some token ids"


def check_pool_is_mean_of_real_tokens(sol, ref):
    emb = np.arange(40, dtype=float).reshape(10, 4)
    ids = np.array([[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 6, 7]])
    with only(sol, ref, "pool"):
        pooled, _ = sol.pool(emb, ids)
    want = np.stack([emb[[1, 2]].mean(0), emb[3], emb[[4, 5, 6, 7]].mean(0)])
    assert np.allclose(pooled, want), "pool is not the mean over each row's real tokens"


def check_accumulation_resets(sol, ref):
    ids, y = ref.make_data(5, n=256)
    start = _params(ref)
    got, want = {k: v.copy() for k, v in start.items()}, {k: v.copy() for k, v in start.items()}
    with only(sol, ref, "run_epoch"):
        sol.run_epoch(got, ids, y, np.random.default_rng(3), 0, 100)
    ref.run_epoch(want, ids, y, np.random.default_rng(3), 0, 100)
    for key in want:
        assert np.allclose(got[key], want[key]), f"after one epoch, {key} differs from a correct update"


def check_warmup_schedule(sol, ref):
    total = 200
    with only(sol, ref, "lr_at"):
        got = np.array([sol.lr_at(s, total) for s in range(total)])
    want = np.array([ref.lr_at(s, total) for s in range(total)])
    assert got[0] > 0, "the first update has a learning rate of zero"
    assert np.allclose(got, want), "the learning-rate schedule is off"
