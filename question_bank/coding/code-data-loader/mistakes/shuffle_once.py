"""Planted mistake: the permutation is drawn once in __init__, so every epoch repeats the same order."""

from __future__ import annotations

import numpy as np


class BatchLoader:
    def __init__(self, X, y, batch_size, *, shuffle=False, seed=0, drop_last=False):
        if batch_size < 1 or len(X) != len(y):
            raise ValueError("bad arguments")
        self.X, self.y, self.bs, self.drop_last = X, y, batch_size, drop_last
        n = len(X)
        self.order = np.random.default_rng([seed, 0]).permutation(n) if shuffle else np.arange(n)

    def __len__(self):
        n = len(self.X)
        return n // self.bs if self.drop_last else (n + self.bs - 1) // self.bs

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __iter__(self):
        for i in range(len(self)):
            idx = self.order[i * self.bs : (i + 1) * self.bs]
            yield self.X[idx], self.y[idx]
