"""Every coding problem folder validates, its reference passes, its starter and mistakes fail.

The loader's own error reporting is checked on broken copies of the sandbox fixture problem.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.bank.coding import coding_problem_dirs, load_coding_problem, validate_coding_problem
from app.bank.errors import BankValidationError
from app.domain.coding import RunStatus, Suite
from app.sandbox.runner import SandboxRunner
from tests.conftest import ROOT
from tests.sandbox.helpers import FIXTURE

PROBLEMS = coding_problem_dirs(ROOT / "question_bank" / "coding")


async def _check_problem(folder: Path) -> None:
    assert validate_coding_problem(folder) == []
    spec = load_coding_problem(folder)
    runner = SandboxRunner()
    for suite in Suite:
        ref = await runner.run(spec, spec.reference, suite)
        failing = [(t.name, t.error_type, t.message) for t in ref.failing()]
        assert ref.all_passed, f"reference on {suite}: {ref.status} {ref.message} {failing}"
        starter = await runner.run(spec, spec.starter, suite)
        assert not starter.all_passed, f"the starter passes the {suite} tests"
    assert spec.mistakes
    for slug, code in spec.mistakes.items():
        report = await runner.run(spec, code, Suite.HIDDEN)
        assert report.status is not RunStatus.SETUP_ERROR, f"mistake {slug}: {report.message}"
        assert report.failing(), f"mistake {slug} passes every hidden test"


@pytest.mark.slow
@pytest.mark.parametrize("folder", PROBLEMS, ids=[p.name for p in PROBLEMS])
async def test_problem_folder_is_sound(folder: Path) -> None:
    await _check_problem(folder)


@pytest.mark.slow
async def test_the_bank_check_passes_the_fixture_problem() -> None:
    await _check_problem(FIXTURE)


@pytest.mark.slow
async def test_the_bank_check_catches_a_mistake_that_passes(broken: Path) -> None:
    shutil.copy(broken / "reference.py", broken / "mistakes" / "unstable.py")
    with pytest.raises(AssertionError, match="mistake unstable passes every hidden test"):
        await _check_problem(broken)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-softmax"
    shutil.copytree(FIXTURE, folder)
    return folder


def _errors(folder: Path) -> list[str]:
    return [str(e) for e in validate_coding_problem(folder)]


def test_fixture_problem_loads_with_its_tests_in_file_order() -> None:
    spec = load_coding_problem(FIXTURE)
    assert spec.entry == ["softmax"]
    assert spec.test_names[Suite.VISIBLE] == ["test_small_vector", "test_rows_sum_to_one"]
    assert spec.test_names[Suite.HIDDEN] == [
        "test_large_logits",
        "test_random_batch",
        "test_single_element",
    ]
    assert (spec.limits.time_limit_s, spec.limits.test_timeout_s) == (10, 2)
    assert set(spec.mistakes) == {"unstable"}
    assert spec.question["id"] == "tiny-softmax" and spec.question["hints"]
    assert "entry" not in spec.question


def test_missing_files_are_each_named(broken: Path) -> None:
    (broken / "tests_hidden.py").unlink()
    shutil.rmtree(broken / "mistakes")
    errors = _errors(broken)
    assert f"{broken / 'tests_hidden.py'}:1: question tiny-softmax: missing file" in errors
    assert any(e.startswith(f"{broken / 'mistakes'}:1:") and "found 0" in e for e in errors)
    with pytest.raises(BankValidationError, match="missing file"):
        load_coding_problem(broken)


def test_starter_without_the_entry_name(broken: Path) -> None:
    (broken / "starter.py").write_text("def soft_max(x):\n    raise NotImplementedError\n")
    assert _errors(broken) == [
        f"{broken / 'starter.py'}:1: question tiny-softmax: entry: does not define softmax"
    ]


def test_syntax_errors_point_at_file_and_line(broken: Path) -> None:
    (broken / "reference.py").write_text("import numpy as np\n\ndef softmax(x)\n    return x\n")
    (broken / "mistakes" / "unstable.py").write_text("def softmax(x):\n  return (x\n")
    errors = _errors(broken)
    assert len(errors) == 2
    assert errors[0].startswith(f"{broken / 'mistakes' / 'unstable.py'}:2: question tiny-softmax:")
    assert errors[1].startswith(f"{broken / 'reference.py'}:3: question tiny-softmax: syntax error")


def test_yaml_field_errors_carry_their_line(broken: Path) -> None:
    text = (broken / "problem.yaml").read_text()
    text = text.replace("test_timeout_s: 2", "test_timeout_s: -1")
    text = text.replace("entry: [softmax]", "entry: []")
    (broken / "problem.yaml").write_text(text)
    lines = text.splitlines()
    entry_line = lines.index("entry: []") + 1
    timeout_line = lines.index("test_timeout_s: -1") + 1
    errors = _errors(broken)
    path = broken / "problem.yaml"
    assert any(e.startswith(f"{path}:{entry_line}: question tiny-softmax: entry: ") for e in errors)
    assert any(
        e.startswith(f"{path}:{timeout_line}: question tiny-softmax: test_timeout_s: ")
        for e in errors
    )


def test_id_must_match_the_folder_and_tests_take_sol_and_ref(broken: Path) -> None:
    yaml_path = broken / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("id: tiny-softmax", "id: other"))
    (broken / "tests_visible.py").write_text("def test_one(sol):\n    assert sol\n")
    errors = _errors(broken)
    assert f"{yaml_path}:1: question other: id: must match the folder name 'tiny-softmax'" in errors
    tests_file = broken / "tests_visible.py"
    assert f"{tests_file}:1: question other: test_one: a test takes exactly (sol, ref)" in errors


def test_unknown_problem_field_is_an_error(broken: Path) -> None:
    yaml_path = broken / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text() + "time_limit: 5\n")
    errors = _errors(broken)
    last = len(yaml_path.read_text().splitlines())
    assert errors == [
        f"{yaml_path}:{last}: question tiny-softmax: time_limit: Extra inputs are not permitted"
    ]


def test_coding_folders_join_the_bank_as_questions_with_their_specs(tmp_path: Path) -> None:
    from app.bank import load_bank
    from tests.conftest import MINI

    bank_dir, rubrics = tmp_path / "bank", tmp_path / "rubrics"
    shutil.copytree(MINI / "bank", bank_dir)
    shutil.copytree(MINI / "rubrics", rubrics)
    shutil.copy(ROOT / "rubrics" / "coding.yaml", rubrics / "coding.yaml")
    shutil.copytree(FIXTURE, bank_dir / "coding" / "tiny-softmax")
    bank = load_bank(bank_dir, rubrics)
    before = load_bank(MINI / "bank", MINI / "rubrics")
    assert set(bank.questions) == set(before.questions) | {"tiny-softmax"}
    assert bank.questions["tiny-softmax"].round.value == "coding"
    assert bank.coding["tiny-softmax"] == load_coding_problem(FIXTURE)


def test_a_coding_folder_without_its_rubric_is_an_error_naming_the_file(tmp_path: Path) -> None:
    from app.bank import validate_bank
    from tests.conftest import MINI

    bank_dir = tmp_path / "bank"
    shutil.copytree(MINI / "bank", bank_dir)
    shutil.copytree(FIXTURE, bank_dir / "coding" / "tiny-softmax")
    errors = [str(e) for e in validate_bank(bank_dir, MINI / "rubrics")]
    yaml_path = bank_dir / "coding" / "tiny-softmax" / "problem.yaml"
    assert errors == [f"{yaml_path}:1: question tiny-softmax: rubric: unknown rubric id 'coding'"]
