from __future__ import annotations

import pytest

from app.bank.coding import load_coding_problem
from app.domain.coding import CodingSpec
from app.sandbox.runner import SandboxRunner
from tests.sandbox.helpers import FIXTURE, small_limits


@pytest.fixture(scope="session")
def fixture_spec() -> CodingSpec:
    return load_coding_problem(FIXTURE)


@pytest.fixture
def spec(fixture_spec: CodingSpec) -> CodingSpec:
    """The fixture problem with short limits, so containment tests finish quickly."""
    return small_limits(fixture_spec)


@pytest.fixture
def runner() -> SandboxRunner:
    return SandboxRunner()
