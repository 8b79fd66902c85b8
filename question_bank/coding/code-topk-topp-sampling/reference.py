"""Reference sampler: stable softmax, exact-k top-k with index tie-break, nucleus filtering, inverse
CDF.
"""

from __future__ import annotations

import numpy as np


def _softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)  # every row has a finite max
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _top_k_indices(z: np.ndarray, k: int) -> np.ndarray:
    """(B, k) kept token ids in increasing order; among equal logits at the cut the lower index
    wins.

    O(V) per row: np.partition finds the cut, and the tie count is only computed on rows
    that need it.
    """
    v = z.shape[1]
    kth = np.partition(z, v - k, axis=1)[:, v - k : v - k + 1]
    keep = z > kth
    need = k - keep.sum(axis=1)
    tied = z == kth
    rows = np.nonzero(tied.sum(axis=1) > need)[0]
    if rows.size:
        sub = tied[rows]
        tied[rows] = sub & (np.cumsum(sub, axis=1) <= need[rows, None])
    keep |= tied
    return np.nonzero(keep)[1].reshape(z.shape[0], k)


def _top_p_keep(p: np.ndarray, top_p: float) -> np.ndarray:
    """Mask of the shortest most-probable prefix whose mass reaches top_p (columns in index order)."""
    order = np.argsort(-p, axis=1, kind="stable")  # stable: ties keep the lower index first
    sorted_p = np.take_along_axis(p, order, axis=1)
    mass_before = np.cumsum(sorted_p, axis=1) - sorted_p
    keep = np.zeros(p.shape, dtype=bool)
    np.put_along_axis(keep, order, mass_before < top_p, axis=1)
    return keep


def filter_probs(
    logits: np.ndarray,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> np.ndarray:
    """Temperature, then top-k on the logits, then top-p on the renormalised survivors."""
    z = np.asarray(logits, dtype=np.float64)
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if top_p is not None and top_p <= 0:
        raise ValueError("top_p must be > 0")
    if top_k is not None and top_k < 0:
        raise ValueError("top_k must be >= 0")
    b, v = z.shape
    out = np.zeros((b, v))
    if temperature == 0:
        out[np.arange(b), np.argmax(z, axis=1)] = 1.0
        return out
    z = z / temperature
    # Work on the surviving columns only: after top-k that is (B, k) instead of (B, V).
    if top_k and top_k < v:
        cand = _top_k_indices(z, top_k)
    else:
        cand = np.broadcast_to(np.arange(v), (b, v))
    p = _softmax(np.take_along_axis(z, cand, axis=1))
    if top_p is not None and top_p < 1:
        p = np.where(_top_p_keep(p, top_p), p, 0.0)
        p = p / p.sum(axis=1, keepdims=True)
    np.put_along_axis(out, cand, p, axis=1)
    return out


def sample(
    logits: np.ndarray,
    rng: np.random.Generator,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> np.ndarray:
    """Inverse-CDF sampling in vocabulary order with one uniform draw per row."""
    p = filter_probs(logits, temperature=temperature, top_k=top_k, top_p=top_p)
    b, v = p.shape
    u = rng.random(b)
    cdf = np.cumsum(p, axis=1)
    idx = (cdf <= u[:, None]).sum(axis=1)
    last_nonzero = v - 1 - np.argmax(p[:, ::-1] > 0, axis=1)  # guards a CDF that rounds below u
    return np.minimum(idx, last_nonzero).astype(np.int64)
