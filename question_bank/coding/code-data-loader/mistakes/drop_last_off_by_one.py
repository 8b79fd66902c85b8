"""Planted mistake: with drop_last the loop stops at n - batch_size, losing a full final batch."""

from __future__ import annotations

import numpy as np


class BatchLoader:
    def __init__(self, X, y, batch_size, *, shuffle=False, seed=0, drop_last=False):
        if batch_size < 1 or len(X) != len(y):
            raise ValueError("bad arguments")
        self.X, self.y, self.bs, self.shuffle, self.seed, self.drop_last = (
            X,
            y,
            batch_size,
            shuffle,
            seed,
            drop_last,
        )
        self.epoch = 0

    def __len__(self):
        n = len(self.X)
        return n // self.bs if self.drop_last else (n + self.bs - 1) // self.bs

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __iter__(self):
        n = len(self.X)
        order = (
            np.random.default_rng([self.seed, self.epoch]).permutation(n)
            if self.shuffle
            else np.arange(n)
        )
        self.epoch += 1
        stop = n - self.bs if self.drop_last else n
        for s in range(0, stop, self.bs):
            idx = order[s : s + self.bs]
            yield self.X[idx], self.y[idx]
