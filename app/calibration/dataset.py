"""Labelled calibration sets: load, validate and split them.

A set is a YAML file (a mapping with `items:` or a bare list), a JSONL file (one item per line),
or a directory holding such files. The format is documented in tests/data/calibration/README.md
and in `mockloop calibrate --help`. Problems are collected and reported together, each with its
file and item, so a user fixing their own set sees everything at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

Split = Literal["tune", "holdout"]
SPLITS: tuple[str, ...] = ("tune", "holdout")
SUFFIXES = (".yaml", ".yml", ".jsonl")

# Tags with a meaning the report checks; any other tag is free text for the author.
SPECIAL_TAGS: tuple[str, ...] = (
    "injection",
    "padded",
    "idk",
    "off-topic",
    "long-shallow",
    "short-expert",
    "injection-topic",
)


class CalibrationError(Exception):
    """A set that cannot be used. `problems` lists every issue found, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["candidate", "interviewer"]
    text: str = Field(min_length=1)


class Submission(BaseModel):
    """A coding attempt's submitted code and what the hidden tests said of it, as recorded from
    a real sandbox run (tests/calibration/test_coding_items.py re-runs every one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1)
    hidden: dict[str, str] = Field(
        min_length=1, description="test name -> `passed`, or the verdict and error type"
    )


class CalibrationItem(BaseModel):
    """One labelled answer. `answer` is the candidate's text, or a short exchange as turns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    question_id: str = Field(min_length=1)
    label: int = Field(ge=1, le=4, description="1 no hire, 2 lean no hire, 3 lean hire, 4 strong")
    reason: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    split: Split | None = None
    answer: str | list[Turn]
    submission: Submission | None = Field(
        default=None, description="coding: Submitted after the first candidate turn"
    )

    @property
    def turns(self) -> list[Turn]:
        if isinstance(self.answer, str):
            return [Turn(role="candidate", text=self.answer)]
        return list(self.answer)

    @property
    def candidate_text(self) -> str:
        """Everything the candidate wrote: their turns and, for a coding attempt, the code."""
        said = [t.text for t in self.turns if t.role == "candidate"]
        return "\n\n".join(said + ([self.submission.code] if self.submission else []))


class CalibrationSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    items: list[CalibrationItem]

    def split(self, name: str) -> list[CalibrationItem]:
        """`all`, `tune` or `holdout`."""
        if name == "all":
            return list(self.items)
        return [i for i in self.items if i.split == name]


def default_set_path() -> Path | None:
    """The bundled set, which lives in the checkout (tests/data/calibration); None elsewhere.

    It is not packaged into the wheel: an installed mockloop calibrates with `--set PATH`.
    """
    path = Path(__file__).resolve().parents[2] / "tests" / "data" / "calibration"
    return path if path.is_dir() else None


def primary_tag(item: CalibrationItem) -> str:
    """The special tag that defines an item's stratum, or "plain"."""
    return next((t for t in SPECIAL_TAGS if t in item.tags), "plain")


def _stable_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def assign_splits(items: Sequence[CalibrationItem]) -> dict[str, Split]:
    """The deterministic, stratified split rule: a third of every label goes to holdout.

    Within each label, items are ordered by (primary tag, sha256 of id) and every third one,
    starting with the second, is held out. Sorting by tag spreads padded, injection and other
    special items over both splits; hashing the id keeps the order free of authoring order.
    """
    out: dict[str, Split] = {}
    for label in sorted({i.label for i in items}):
        group = sorted(
            (i for i in items if i.label == label),
            key=lambda i: (primary_tag(i), _stable_hash(i.id)),
        )
        for n, item in enumerate(group):
            out[item.id] = "holdout" if n % 3 == 1 else "tune"
    return out


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
    return [path]


def _raw_items(path: Path, problems: list[str]) -> Iterable[tuple[str, Any]]:
    """(where, raw item) pairs from one file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror or exc}")
        return []
    except UnicodeDecodeError as exc:
        at = path.read_bytes()[: exc.start].count(b"\n") + 1
        problems.append(f"{path}: line {at}: cannot read: not UTF-8 text (byte {exc.start})")
        return []
    if path.suffix == ".jsonl":
        out: list[tuple[str, Any]] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append((f"{path}:{n}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{n}: invalid JSON: {exc.msg}")
        return out
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problems.append(f"{path}: invalid YAML: {exc}")
        return []
    if isinstance(doc, dict):
        doc = doc.get("items")
    if not isinstance(doc, list):
        problems.append(f"{path}: expected a list of items or a mapping with `items:`")
        return []
    return [(f"{path} item {n}", raw) for n, raw in enumerate(doc, start=1)]


def load_set(path: Path) -> CalibrationSet:
    """Load and validate a set. Items without `split:` get one from `assign_splits`."""
    if not path.exists():
        raise CalibrationError([f"{path}: no such file or directory"])
    files = _files(path)
    if not files:
        raise CalibrationError([f"{path}: no {', '.join(SUFFIXES)} files in this directory"])
    problems: list[str] = []
    items: list[CalibrationItem] = []
    seen: dict[str, str] = {}
    for file in files:
        for where, raw in _raw_items(file, problems):
            ident = raw.get("id", "?") if isinstance(raw, dict) else "?"
            try:
                item = CalibrationItem.model_validate(raw)
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"]) or "item"
                    problems.append(f"{where} ({ident}): {loc}: {err['msg']}")
                continue
            if item.id in seen:
                problems.append(f"{where} ({item.id}): id: duplicate of {seen[item.id]}")
                continue
            seen[item.id] = where
            items.append(item)
    if problems:
        raise CalibrationError(problems)
    if not items:
        raise CalibrationError([f"{path}: the set has no items"])
    if any(i.split is None for i in items):
        rule = assign_splits(items)
        items = [i if i.split else i.model_copy(update={"split": rule[i.id]}) for i in items]
    return CalibrationSet(source=str(path), items=items)


def check_questions(cal: CalibrationSet, question_ids: Iterable[str]) -> list[str]:
    """Items whose question is not in the bank being used."""
    known = set(question_ids)
    return [
        f"{i.id}: question_id: {i.question_id!r} is not in the question bank"
        for i in cal.items
        if i.question_id not in known
    ]
