"""The debugging loader names file, line and field for every problem, and plants bugs exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.bank.debugging import (
    load_debugging_bank,
    load_debugging_problem,
    validate_debugging_problem,
)
from app.bank.errors import BankValidationError
from app.domain.debugging import BugKind, PlantedBug, SpanError, plant, spans
from tests.conftest import ROOT

SOURCE = ROOT / "question_bank" / "debugging" / "debug-logreg-imbalanced"
NAME = SOURCE.name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / NAME
    shutil.copytree(SOURCE, target)
    return target


def _errors(folder: Path) -> list[str]:
    return [str(e) for e in validate_debugging_problem(folder)]


def _line_of(path: Path, text: str, after: int = 0) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if i > after and text in ln)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_folder_loads_with_bug_lines_in_the_broken_script() -> None:
    problem = load_debugging_problem(SOURCE)
    broken = problem.broken.splitlines()
    for bug in problem.bugs:
        first = next(ln.strip() for ln in bug.replace.splitlines() if ln.strip())
        assert first in broken[bug.line - 1], (bug.id, bug.line)
    assert problem.with_bugs([b.id for b in problem.bugs]) == problem.broken
    assert problem.question.round.value == "debugging" and problem.question.hints


def test_missing_files_are_each_named(folder: Path) -> None:
    (folder / "checks.py").unlink()
    (folder / "broken.py").unlink()
    errors = _errors(folder)
    assert f"{folder / 'checks.py'}:1: question {NAME}: missing file" in errors
    assert f"{folder / 'broken.py'}:1: question {NAME}: missing file" in errors


def test_a_find_text_that_is_not_in_the_reference_points_at_its_yaml_line(folder: Path) -> None:
    yaml_path = folder / "problem.yaml"
    _edit(yaml_path, "return len(y) / (2.0 * counts)", "return len(y) / (3.0 * counts)")
    line = _line_of(yaml_path, "return len(y) / (3.0 * counts)") - 1  # the `find: |` key
    assert _errors(folder) == [
        f"{yaml_path}:{line}: question {NAME}: bugs[2].find: "
        "the find text occurs 0 times in reference.py"
    ]


def test_a_broken_script_that_drifted_from_the_planted_bugs_is_caught(folder: Path) -> None:
    broken = folder / "broken.py"
    _edit(broken, "    return 2.0 * counts / len(y)\n", "    return 2.0 * counts / len(y) + 0\n")
    line = _line_of(broken, "return 2.0 * counts / len(y) + 0")
    assert _errors(folder) == [
        f"{broken}:{line}: question {NAME}: is not reference.py with every bug planted "
        "(differs here)"
    ]


def test_yaml_field_errors_carry_file_line_and_field(folder: Path) -> None:
    yaml_path = folder / "problem.yaml"
    _edit(yaml_path, "kind: gradient_sum", "kind: gradient_mean")
    _edit(yaml_path, "epochs: 20", "epochs: 0")
    kind_line = _line_of(yaml_path, "kind: gradient_mean")
    epochs_line = _line_of(yaml_path, "epochs: 0")
    errors = _errors(folder)
    assert any(
        e.startswith(f"{yaml_path}:{kind_line}: question {NAME}: bugs[4].kind: ") for e in errors
    )
    assert any(
        e.startswith(f"{yaml_path}:{epochs_line}: question {NAME}: epochs: ") for e in errors
    )


def test_checks_must_exist_be_unique_and_not_reserved(folder: Path) -> None:
    yaml_path = folder / "problem.yaml"
    _edit(yaml_path, "check: check_gradient_matches_loss", "check: check_split_keeps_pairs")
    _edit(yaml_path, "check: check_rare_class_weighted_up", "check: check_nowhere")
    checks = folder / "checks.py"
    checks.write_text(checks.read_text() + "\n\ndef check_target(sol, ref):\n    pass\n")
    errors = _errors(folder)
    dup = _line_of(
        yaml_path, "check: check_split_keeps_pairs", _line_of(yaml_path, "gradient-summed")
    )
    assert (
        f"{yaml_path}:{dup}: question {NAME}: bugs[4].check: check 'check_split_keeps_pairs' "
        "is used twice; each bug needs its own" in errors
    )
    nowhere = _line_of(yaml_path, "check: check_nowhere")
    assert (
        f"{yaml_path}:{nowhere}: question {NAME}: bugs[2].check: checks.py does not define "
        "check_nowhere" in errors
    )
    reserved = _line_of(checks, "def check_target")
    assert (
        f"{checks}:{reserved}: question {NAME}: check_target: reserved: the script runner "
        "adds it" in errors
    )


def test_a_hint_may_not_quote_the_bugs_code(folder: Path) -> None:
    yaml_path = folder / "problem.yaml"
    _edit(yaml_path, "- Count how many random permutations the split draws.",
          "- Look at x, y = x[order], y[order] closely.")  # fmt: skip
    line = _line_of(yaml_path, "Look at x, y = x[order]")
    assert _errors(folder) == [
        f"{yaml_path}:{line}: question {NAME}: bugs[0].hints[1]: hint quotes the bug's code "
        "'x, y = x[order], y[order]'"
    ]


def test_scripts_must_define_the_api_the_target_check_calls(folder: Path) -> None:
    for name in ("reference.py", "broken.py"):
        _edit(folder / name, "def score(pred, y):", "def metric(pred, y):")
    errors = _errors(folder)
    assert (
        f"{folder / 'reference.py'}:1: question {NAME}: does not define score "
        "(the target check calls them)" in errors
    )


def test_too_few_bugs(folder: Path) -> None:
    yaml_path = folder / "problem.yaml"
    text = yaml_path.read_text()
    start, end = text.index("bugs:\n") + len("bugs:\n"), text.index("  - id: log-of-zero")
    yaml_path.write_text(text[:start] + text[end:])
    bugs_line = _line_of(yaml_path, "bugs:") + 1  # the list itself, where the items start
    errors = _errors(folder)
    assert len(errors) == 1
    assert errors[0].startswith(f"{yaml_path}:{bugs_line}: question {NAME}: bugs: List should")


def test_the_id_must_match_the_folder(folder: Path) -> None:
    yaml_path = folder / "problem.yaml"
    _edit(yaml_path, f"id: {NAME}", "id: other-name")
    assert _errors(folder) == [
        f"{yaml_path}:1: question other-name: id: must match the folder name {NAME!r}"
    ]


def test_the_bank_loader_reports_every_folder_at_once(tmp_path: Path) -> None:
    for name in ("a-one", "b-two"):
        shutil.copytree(SOURCE, tmp_path / name)
    with pytest.raises(BankValidationError) as caught:
        load_debugging_bank(tmp_path)
    text = str(caught.value)
    assert "a-one" in text and "b-two" in text and "must match the folder name" in text


def test_the_question_bank_loader_takes_debugging_folders_as_questions(tmp_path: Path) -> None:
    from app.bank import load_bank
    from app.bank.errors import BankValidationError
    from tests.conftest import MINI

    bank_dir, rubrics = tmp_path / "bank", tmp_path / "rubrics"
    shutil.copytree(MINI / "bank", bank_dir)
    shutil.copytree(MINI / "rubrics", rubrics)
    shutil.copytree(SOURCE, bank_dir / "debugging" / NAME)
    with pytest.raises(BankValidationError, match="unknown rubric id 'debugging'"):
        load_bank(bank_dir, rubrics)  # checked against its rubric like any question
    shutil.copy(ROOT / "rubrics" / "debugging.yaml", rubrics / "debugging.yaml")
    bank = load_bank(bank_dir, rubrics)
    plain = load_bank(MINI / "bank", MINI / "rubrics").questions
    assert set(bank.questions) - set(plain) == {NAME} == set(bank.debugging)
    assert "The symptom:" in bank.questions[NAME].prompt


def _bug(find: str, replace: str) -> PlantedBug:
    return PlantedBug(id="b", kind=BugKind.SOFTMAX_AXIS, summary="s", check="check_b",
                      find=find, replace=replace, hints=["h"], line=1)  # fmt: skip


def test_block_bugs_keep_the_indentation_they_were_found_at() -> None:
    ref = "def f(x):\n    a = 1\n    return a\n\nb = 2\n"
    out = plant(
        ref, [_bug("a = 1\nreturn a\n", "a = 2\nif a:\n    return a\n"), _bug("b = 2", "b = 3")]
    )
    assert out == "def f(x):\n    a = 2\n    if a:\n        return a\n\nb = 3\n"


def test_spans_must_be_unique_and_disjoint() -> None:
    ref = "x = 1\ny = x + 1\nx = 1\n"
    with pytest.raises(SpanError, match="occurs 2 times") as caught:
        spans(ref, ["y = x", "x = 1\n"])
    assert caught.value.index == 1
    with pytest.raises(SpanError, match="overlaps") as caught:
        spans(ref, ["y = x + 1", "x + 1\nx"])
    assert caught.value.index == 1
    assert spans(ref, ["y = x + 1\n"]) == [(6, 16, "")]
