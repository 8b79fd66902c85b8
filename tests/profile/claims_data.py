"""The hand-labelled profile set and its scoring, shared by the claims bench and its test.

Each document in tests/data/profiles/ has a `.labels.yaml` beside it: per claim kind, a list of
keys, each a substring of exactly one claim as a person would quote it. A predicted claim of a
kind matches a label of that kind when its quote contains the key (ignoring case and spacing);
each label and each prediction is matched at most once. Documents 01-12 are the tune split (the
extraction rules were adjusted while looking at their misses); 13 onwards are the holdout,
written and labelled after the rules were frozen, and only measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.domain.profile import ClaimKind
from app.profile.claims import extract

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "tests" / "data" / "profiles"
SPLITS = {"tune": range(1, 13), "holdout": range(13, 100)}


def documents() -> list[Path]:
    return sorted(p for p in PROFILES.iterdir() if p.suffix in (".md", ".txt"))


def split_of(doc: Path) -> str:
    n = int(doc.name.split("-", 1)[0])
    return next(name for name, nums in SPLITS.items() if n in nums)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class KindScore:
    predicted: int = 0
    labelled: int = 0
    matched_predictions: int = 0
    matched_labels: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_labels / self.labelled if self.labelled else 1.0


def score_document(doc: Path, scores: dict[ClaimKind, KindScore]) -> None:
    labels = yaml.safe_load(doc.with_suffix(".labels.yaml").read_text(encoding="utf-8")) or {}
    claims = [c for p in extract(doc.read_text(encoding="utf-8")) for c in p.claims]
    for kind in ClaimKind:
        keys = [_norm(k) for k in labels.get(kind.value) or []]
        quotes = [_norm(c.quote) for c in claims if c.kind is kind]
        s = scores.setdefault(kind, KindScore())
        s.predicted += len(quotes)
        s.labelled += len(keys)
        used: set[int] = set()
        for key in keys:
            hit = next((i for i, q in enumerate(quotes) if i not in used and key in q), None)
            if hit is None:
                s.misses.append(f"{doc.name}: {kind.value}: missed {key!r}")
            else:
                used.add(hit)
                s.matched_labels += 1
        for i, q in enumerate(quotes):
            if i in used:
                s.matched_predictions += 1
            elif any(key in q for key in keys):
                s.matched_predictions += 1  # a second quote of a labelled claim is not wrong
            else:
                s.misses.append(f"{doc.name}: {kind.value}: extra {q!r}")


def score(split: str | None = None) -> dict[ClaimKind, KindScore]:
    scores: dict[ClaimKind, KindScore] = {}
    for doc in documents():
        if split is None or split_of(doc) == split:
            score_document(doc, scores)
    return scores
