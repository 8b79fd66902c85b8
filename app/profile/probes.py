"""The deep-dive probe library (question_bank/deep_dive/probes.yaml), loaded and validated.

Problems are reported like the bank's: every one at once, each with file, line and field, so an
author can fix the library without guessing. Rules beyond the schema: every opener and probe
quotes the claim (contains “{claim}”), uses no placeholder but {claim} and {project}, and names
a criterion of the rubric it is for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from app.bank.errors import BankError, BankValidationError
from app.bank.yaml_lines import LineFinder, parse
from app.domain.bank import MAX_HINTS, Rubric
from app.domain.profile import ClaimKind

LIBRARY_DIR = "deep_dive"
LIBRARY_FILE = "probes.yaml"
QUOTED = "“{claim}”"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ALLOWED = {"claim", "project"}
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Probe(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    ask: Text
    criterion: Text
    hints: list[Text] = Field(default_factory=list, max_length=MAX_HINTS)


class LibraryKeyPoint(_Strict):
    criterion: Text
    point: Text
    signals: list[Text] = Field(min_length=1)


class ProbeLibrary(_Strict):
    version: int = Field(ge=1)
    rubric: Text
    openers: dict[ClaimKind, Text]
    probes: dict[ClaimKind, list[Probe]]
    key_points: list[LibraryKeyPoint] = Field(min_length=1)
    hints: list[Text] = Field(default_factory=list, max_length=MAX_HINTS)


def library_path(bank_dir: Path) -> Path:
    return bank_dir / LIBRARY_DIR / LIBRARY_FILE


def load_library(path: Path, rubric: Rubric | None) -> ProbeLibrary:
    """The validated library, or BankValidationError listing every problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise BankValidationError([BankError(path, 1, "file", "", f"cannot read: {exc}")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = f"invalid YAML: {getattr(exc, 'problem', None) or exc}"
        raise BankValidationError([BankError(path, line, "file", "", problem)]) from exc
    lines = LineFinder(text)
    owner = "probe library"
    try:
        library = ProbeLibrary.model_validate(data)
    except ValidationError as exc:
        raise BankValidationError(
            [
                BankError(path, lines.line(e["loc"]), owner, _field(e["loc"]), e["msg"])
                for e in exc.errors()
            ]
        ) from exc
    errors = _rules(library, rubric, path, lines)
    if errors:
        raise BankValidationError(errors)
    return library


def _field(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _rules(
    library: ProbeLibrary, rubric: Rubric | None, path: Path, lines: LineFinder
) -> list[BankError]:
    errors: list[BankError] = []

    def err(loc: list[str | int], problem: str) -> None:
        errors.append(BankError(path, lines.line(loc), "probe library", _field(loc), problem))

    def check_text(loc: list[str | int], text: str, *, quote: bool = True) -> None:
        if quote and QUOTED not in text:
            err(loc, f"must quote the candidate's claim as {QUOTED}")
        if "{claim}" in text.replace(QUOTED, ""):
            err(loc, f"quote the claim as {QUOTED}, inside the quotation marks")
        bad = sorted(set(_PLACEHOLDER.findall(text)) - _ALLOWED)
        if bad:
            err(loc, f"unknown placeholder(s) {', '.join('{' + b + '}' for b in bad)}")

    criteria = {c.id for c in rubric.criteria} if rubric else None
    for kind in ClaimKind:
        if kind not in library.openers:
            err(["openers"], f"no opener for {kind.value} claims")
        if not library.probes.get(kind):
            err(["probes"], f"no probes for {kind.value} claims")
    for kind, text in library.openers.items():
        check_text(["openers", kind.value], text)
    for kind, probes in library.probes.items():
        for i, probe in enumerate(probes):
            check_text(["probes", kind.value, i, "ask"], probe.ask)
            for h, hint in enumerate(probe.hints):
                check_text(["probes", kind.value, i, "hints", h], hint, quote=False)
            if criteria is not None and probe.criterion not in criteria:
                err(
                    ["probes", kind.value, i, "criterion"], f"unknown criterion {probe.criterion!r}"
                )
    for h, hint in enumerate(library.hints):
        check_text(["hints", h], hint, quote=False)
    for i, kp in enumerate(library.key_points):
        if criteria is not None and kp.criterion not in criteria:
            err(["key_points", i, "criterion"], f"unknown criterion {kp.criterion!r}")
    if rubric is not None and rubric.id != library.rubric:
        err(["rubric"], f"the library is for rubric {library.rubric!r}, not {rubric.id!r}")
    return errors
