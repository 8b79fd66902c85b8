"""Shared pieces for the calibration tests: the real bank and the bundled labelled set."""

from __future__ import annotations

import pytest

from app.bank import load_bank
from app.calibration.dataset import CalibrationSet, default_set_path, load_set
from app.domain.bank import Bank
from tests.conftest import ROOT

BUNDLED = ROOT / "tests" / "data" / "calibration"


@pytest.fixture(scope="session")
def bundled() -> CalibrationSet:
    path = default_set_path()
    assert path == BUNDLED
    return load_set(path)


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The real bank, loaded once for the whole calibration suite (it is read-only)."""
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")
