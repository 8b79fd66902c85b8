"""Reference loader: one seeded permutation per epoch, index slicing per batch."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


class BatchLoader:
    """Shuffles indices, never the arrays, so X and y rows always stay paired."""

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        *,
        shuffle: bool = False,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
        self._X = X
        self._y = y
        self._batch_size = batch_size
        self._shuffle = shuffle
        self._seed = seed
        self._drop_last = drop_last
        self._epoch = 0

    def __len__(self) -> int:
        n, b = len(self._X), self._batch_size
        return n // b if self._drop_last else -(-n // b)

    def set_epoch(self, epoch: int) -> None:
        self._epoch = epoch

    def _order(self, epoch: int) -> np.ndarray:
        n = len(self._X)
        if not self._shuffle:
            return np.arange(n)
        # A generator keyed on (seed, epoch): reproducible per epoch, independent of call history.
        return np.random.default_rng([self._seed, epoch]).permutation(n)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        order = self._order(self._epoch)
        self._epoch += 1
        return self._batches(order)

    def _batches(self, order: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        b = self._batch_size
        stop = len(self) * b if self._drop_last else len(order)
        for start in range(0, stop, b):
            idx = order[start : start + b]
            # take(axis=0) gathers whole rows in one call; it is much faster than X[idx] for narrow
            # rows.
            yield self._X.take(idx, axis=0), self._y.take(idx, axis=0)
