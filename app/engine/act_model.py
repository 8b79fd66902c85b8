"""A small learned second opinion for turns the rules cannot place.

The rules in reading.py decide every turn they have a cue for. A short turn with no cue at
all used to fall through to "answer"; there, and only there, a linear model over hashed words,
word pairs and character trigrams (trained on the tune split of tests/data/turns/ by
`python -m app.engine.act_training`) may name another act when it is confident. Weights ship in
`act_model.npz` beside this file; without them the reader behaves exactly as before.
"""

from __future__ import annotations

import itertools
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.domain.acts import DialogueAct

WEIGHTS = Path(__file__).with_name("act_model.npz")
DIMS = 1 << 13
"""Hashed feature space: big enough that the tune split's features rarely collide."""
OVERRIDE_AT = 0.6
"""Chosen before measuring (not tuned): the model replaces the fallback "answer" only when it
gives another act at least this probability."""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")


def features(text: str, *, closing: bool) -> list[int]:
    """Hashed indices of the turn's words, word pairs and character trigrams; CRC32 so the
    indices are the same in every process (Python's str hash is salted)."""
    low = text.lower().replace("’", "'")
    words = _WORD.findall(low)
    grams = [f"w:{w}" for w in words]
    grams += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    padded = f" {' '.join(words)} "
    grams += [f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
    grams.append(f"n:{min(len(words), 12)}")
    if closing:
        grams.append("closing")
    return sorted({zlib.crc32(g.encode()) % DIMS for g in grams})


@lru_cache(maxsize=1)
def _weights() -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], list[DialogueAct]] | None:
    if not WEIGHTS.exists():
        return None
    with np.load(WEIGHTS) as data:
        acts = [DialogueAct(str(a)) for a in data["acts"]]
        return data["w"].astype(np.float32), data["b"].astype(np.float32), acts


def second_opinion(text: str, *, closing: bool) -> tuple[DialogueAct, float] | None:
    """The model's act and its probability, or None when no weights are installed."""
    loaded = _weights()
    if loaded is None:
        return None
    w, b, acts = loaded
    idx = features(text, closing=closing)
    logits = w[:, idx].sum(axis=1) + b
    p = np.exp(logits - logits.max())
    p /= p.sum()
    best = int(p.argmax())
    return acts[best], float(p[best])
