"""Planted mistake: X and y are permuted with two different draws, so features and labels come apart."""

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
        X, y = self.X, self.y
        if self.shuffle:
            rng = np.random.default_rng([self.seed, self.epoch])
            X = X[rng.permutation(n)]
            y = y[rng.permutation(n)]
        self.epoch += 1
        for i in range(len(self)):
            yield X[i * self.bs : (i + 1) * self.bs], y[i * self.bs : (i + 1) * self.bs]
