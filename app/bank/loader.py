"""Read every bank and rubric file, validate each alone and then against each other.

Every problem is collected before raising, so one run of `mockloop bank validate` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.bank.bars import check_bars
from app.bank.coding_questions import load_coding_questions
from app.bank.debugging_questions import load_debugging_questions
from app.bank.errors import BankError, BankValidationError, field_name, in_report_order
from app.bank.signal_shape import check_signal_shapes
from app.bank.yaml_lines import LineFinder, parse
from app.domain.bank import STRUCTURE_CUES, Bank, Question, Rubric
from app.domain.enums import SYSTEM_DESIGN_PHASES, RoundKind
from app.domain.text import first_control, shingles

HINT_SHINGLE = 8
"""A hint may not share a run of this many words with the model answer or a key point."""


@dataclass
class _Source:
    path: Path
    lines: LineFinder


CODING_DIR = "coding"  # a folder per problem, loaded by app.bank.coding, not as a bank file
DEBUGGING_DIR = "debugging"  # likewise, loaded by app.bank.debugging
DEEP_DIVE_DIR = "deep_dive"  # the deep-dive probe library, loaded by app.profile.probes


def _yaml_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix in {".yaml", ".yml"}
        and p.is_file()
        and p.relative_to(root).parts[0] not in (CODING_DIR, DEBUGGING_DIR, DEEP_DIVE_DIR)
    )


def _read(path: Path, errors: list[BankError]) -> tuple[Any, LineFinder] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(BankError(path, 1, "file", "", f"cannot read: {exc}"))
        return None
    try:
        return parse(text), LineFinder(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        errors.append(BankError(path, line, "file", "", f"invalid YAML: {problem}"))
        return None


def _control_chars(
    value: Any, path: list[str | int], found: list[tuple[list[str | int], str]]
) -> None:
    """Every string in parsed YAML that holds a control character (YAML allows them through
    escapes such as "\\e" or "\\x9b"): (path, problem) pairs."""
    if isinstance(value, dict):
        for k, v in value.items():
            _control_chars(v, [*path, str(k)], found)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _control_chars(v, [*path, i], found)
    elif isinstance(value, str):
        at = first_control(value)
        if at is not None:
            found.append(
                (
                    path,
                    f"control character U+{ord(value[at]):04X} at offset {at} "
                    "(terminal escapes are not allowed in bank text)",
                )
            )


def _check_text(data: Any, src: _Source, errors: list[BankError], *, bank_file: bool) -> None:
    found: list[tuple[list[str | int], str]] = []
    _control_chars(data, [], found)
    for path, problem in found:
        if bank_file and len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            raw = data["questions"][path[1]]
            owner = f"question {raw.get('id', '?') if isinstance(raw, dict) else '?'}"
            field = field_name(path[2:])
        elif not bank_file and isinstance(data, dict):
            owner, field = f"rubric {data.get('id', '?')}", field_name(path)
        else:
            owner, field = "file", field_name(path)
        errors.append(BankError(src.path, src.lines.line(path), owner, field, problem))


def _pydantic_errors(
    exc: ValidationError, src: _Source, prefix: Sequence[str | int], owner: str
) -> list[BankError]:
    found = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        found.append(
            BankError(
                src.path,
                src.lines.line([*prefix, *loc]),
                owner,
                field_name(loc),
                err["msg"],
            )
        )
    return found


def _load_rubrics(root: Path, errors: list[BankError]) -> dict[str, tuple[Rubric, _Source, int]]:
    rubrics: dict[str, tuple[Rubric, _Source, int]] = {}
    if not root.is_dir():
        errors.append(BankError(root, 1, "file", "", "rubrics directory not found"))
        return rubrics
    for path in _yaml_files(root):
        read = _read(path, errors)
        if read is None:
            continue
        data, lines = read
        src = _Source(path, lines)
        _check_text(data, src, errors, bank_file=False)
        if not isinstance(data, dict):
            errors.append(BankError(path, 1, "file", "", "a rubric file must be a mapping"))
            continue
        owner = f"rubric {data.get('id', '?')}"
        try:
            rubric = Rubric.model_validate(data)
        except ValidationError as exc:
            errors.extend(_pydantic_errors(exc, src, (), owner))
            continue
        if rubric.id in rubrics:
            first = rubrics[rubric.id][1].path
            errors.append(
                BankError(path, lines.line(["id"]), owner, "id", f"duplicate (first in {first})")
            )
            continue
        for ci, crit in enumerate(rubric.criteria):
            for si, cue in enumerate(crit.signals.structure):
                if cue not in STRUCTURE_CUES:
                    errors.append(
                        BankError(
                            path,
                            lines.line(["criteria", ci, "signals", "structure", si]),
                            owner,
                            f"criteria[{ci}].signals.structure[{si}]",
                            f"unknown cue {cue!r}; known: {', '.join(sorted(STRUCTURE_CUES))}",
                        )
                    )
        errors.extend(check_bars(rubric, path, lines, owner))
        rubrics[rubric.id] = (rubric, src, 0)
    return rubrics


def _question_dicts(
    data: Any, src: _Source, errors: list[BankError]
) -> Iterable[tuple[int, dict[str, Any]]]:
    if not isinstance(data, dict):
        errors.append(BankError(src.path, 1, "file", "", "a bank file must be a mapping"))
        return
    missing = [k for k in ("area", "round", "questions") if k not in data]
    if missing:
        errors.append(
            BankError(src.path, 1, "file", "", f"missing top-level key(s): {', '.join(missing)}")
        )
        return
    extra = sorted(set(data) - {"area", "round", "questions"})
    if extra:
        errors.append(
            BankError(src.path, src.lines.line([extra[0]]), "file", extra[0], "unknown key")
        )
    if data["round"] not in {k.value for k in RoundKind}:
        rounds = ", ".join(k.value for k in RoundKind)
        errors.append(
            BankError(
                src.path,
                src.lines.line(["round"]),
                "file",
                "round",
                f"{data['round']!r} is not a round (one of: {rounds})",
            )
        )
        return
    questions = data["questions"]
    if not isinstance(questions, list):
        errors.append(
            BankError(src.path, src.lines.line(["questions"]), "file", "questions", "not a list")
        )
        return
    for i, raw in enumerate(questions):
        if not isinstance(raw, dict):
            errors.append(
                BankError(
                    src.path,
                    src.lines.line(["questions", i]),
                    "file",
                    f"questions[{i}]",
                    "a question must be a mapping",
                )
            )
            continue
        if "round" in raw or "area" in raw:
            errors.append(
                BankError(
                    src.path,
                    src.lines.line(["questions", i]),
                    f"question {raw.get('id', '?')}",
                    "round" if "round" in raw else "area",
                    "set at the top of the file, not per question",
                )
            )
            continue
        yield i, {**raw, "round": data["round"], "area": data["area"]}


def _cross_check(
    q: Question, rubric: Rubric, src: _Source, idx: int, errors: list[BankError]
) -> None:
    owner = f"question {q.id}"

    def err(path: Sequence[str | int], problem: str) -> None:
        errors.append(
            BankError(
                src.path,
                src.lines.line(["questions", idx, *path]),
                owner,
                field_name(path),
                problem,
            )
        )

    if q.round != rubric.round:
        err(["rubric"], f"rubric {rubric.id!r} is for round {rubric.round}, not {q.round}")
    criteria = {c.id for c in rubric.criteria}
    fu_ids: set[str] = set()
    for i, fu in enumerate(q.follow_ups):
        if fu.id in fu_ids:
            err(["follow_ups", i, "id"], f"duplicate follow-up id {fu.id!r}")
        fu_ids.add(fu.id)
        if fu.criterion not in criteria:
            err(
                ["follow_ups", i, "criterion"],
                f"unknown criterion {fu.criterion!r} for rubric {rubric.id!r}",
            )
        if q.round is RoundKind.SYSTEM_DESIGN and not q.closing:
            if fu.phase is None:
                err(["follow_ups", i, "phase"], "system-design follow-ups need a phase")
            elif fu.phase not in SYSTEM_DESIGN_PHASES:
                err(["follow_ups", i, "phase"], f"{fu.phase} is not a system-design phase")
    for i, fu in enumerate(q.follow_ups):
        if fu.after is not None and (fu.after not in fu_ids or fu.after == fu.id):
            err(["follow_ups", i, "after"], f"no earlier follow-up {fu.after!r} to chain after")
    for i, kp in enumerate(q.key_points):
        if kp.criterion not in criteria:
            err(
                ["key_points", i, "criterion"],
                f"unknown criterion {kp.criterion!r} for rubric {rubric.id!r}",
            )
    fact_ids: set[str] = set()
    for i, fact in enumerate(q.scenario_facts):
        if fact.id in fact_ids:
            err(["scenario_facts", i, "id"], f"duplicate fact id {fact.id!r}")
        fact_ids.add(fact.id)
    _check_hints(q, err)
    check_signal_shapes(q, err)


def _check_hints(q: Question, err: Callable[[Sequence[str | int], str], None]) -> None:
    """Hints nudge; they must not quote the answer. Any 8-word run shared with the model answer
    or a key point is an error at that hint, and so is a hint repeated within its list."""
    answer = shingles(q.model_answer, HINT_SHINGLE)
    for kp in q.key_points:
        answer |= shingles(kp.point, HINT_SHINGLE)
    lists: list[tuple[list[str | int], list[str]]] = [(["hints"], q.hints)]
    lists += [(["follow_ups", i, "hints"], fu.hints) for i, fu in enumerate(q.follow_ups)]
    for path, hints in lists:
        seen: set[str] = set()
        for i, hint in enumerate(hints):
            if hint.lower() in seen:
                err([*path, i], "duplicate hint")
            seen.add(hint.lower())
            leaked = shingles(hint, HINT_SHINGLE) & answer
            if leaked:
                phrase = " ".join(sorted(leaked)[0])
                err([*path, i], f"hint gives the answer away: shares {phrase!r} with it")


def _load(bank_dir: Path, rubrics_dir: Path) -> tuple[Bank | None, list[BankError]]:
    errors: list[BankError] = []
    rubric_entries = _load_rubrics(rubrics_dir, errors)
    rubrics = {rid: entry[0] for rid, entry in rubric_entries.items()}
    questions: dict[str, Question] = {}
    where: dict[str, Path] = {}
    unknown: dict[str, list[BankError]] = {}  # rubric id -> the questions that name it
    if not bank_dir.is_dir():
        errors.append(BankError(bank_dir, 1, "file", "", "question bank directory not found"))
    else:
        for path in _yaml_files(bank_dir):
            read = _read(path, errors)
            if read is None:
                continue
            data, lines = read
            src = _Source(path, lines)
            _check_text(data, src, errors, bank_file=True)
            for idx, raw in _question_dicts(data, src, errors):
                owner = f"question {raw.get('id', '?')}"
                try:
                    q = Question.model_validate(raw)
                except ValidationError as exc:
                    errors.extend(_pydantic_errors(exc, src, ("questions", idx), owner))
                    continue
                if q.id in questions:
                    errors.append(
                        BankError(
                            path,
                            lines.line(["questions", idx, "id"]),
                            owner,
                            "id",
                            f"duplicate id (first in {where[q.id]})",
                        )
                    )
                    continue
                rubric = rubrics.get(q.rubric)
                if rubric is None:
                    if not any(e.owner == f"rubric {q.rubric}" for e in errors):
                        at = BankError(
                            path, lines.line(["questions", idx, "rubric"]), owner, "rubric", ""
                        )
                        unknown.setdefault(q.rubric, []).append(at)
                    continue
                _cross_check(q, rubric, src, idx, errors)
                questions[q.id] = q
                where[q.id] = path
    errors.extend(_unknown_rubrics(unknown))
    coding, specs = load_coding_questions(bank_dir / CODING_DIR, rubrics, errors)
    for qid in coding.keys() & questions.keys():
        errors.append(BankError(where[qid], 1, f"question {qid}", "id", "also a coding folder"))
    taken = questions.keys() | coding.keys()
    debugging, problems = load_debugging_questions(bank_dir / DEBUGGING_DIR, rubrics, errors, taken)
    if errors:
        return None, errors
    every = {**questions, **coding, **debugging}
    return Bank(questions=every, rubrics=rubrics, coding=specs, debugging=problems), errors


def _unknown_rubrics(unknown: dict[str, list[BankError]]) -> list[BankError]:
    """One error per unknown rubric id, at its first use: a rubric file that failed to load
    would otherwise bury its own error under one line per question that names it."""
    out = []
    for rid, uses in unknown.items():
        more = f" (and {len(uses) - 1} more question(s))" if len(uses) > 1 else ""
        out.append(replace(uses[0], problem=f"unknown rubric id {rid!r}{more}"))
    return out


def validate_bank(bank_dir: Path, rubrics_dir: Path) -> list[BankError]:
    """Every problem in the bank, whole-file ones first, then by file and line; empty when it
    is valid."""
    return in_report_order(_load(bank_dir, rubrics_dir)[1])


def load_bank(bank_dir: Path, rubrics_dir: Path) -> Bank:
    bank, errors = _load(bank_dir, rubrics_dir)
    if bank is None:
        raise BankValidationError(errors)
    return bank
