"""Load and validate question_bank/ and rubrics/ into domain models.

The loader (YAML parsing, every validator) is imported when a bank is actually parsed: a start
that finds the bank in its cache (app/bank/cache.py) never needs it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.bank.errors import BankError, BankValidationError

if TYPE_CHECKING:
    from app.domain.bank import Bank

__all__ = ["BankError", "BankValidationError", "load_bank", "validate_bank"]


def load_bank(bank_dir: Path, rubrics_dir: Path) -> Bank:
    """The validated bank; `BankValidationError` listing every problem otherwise."""
    from app.bank.loader import load_bank as load

    return load(bank_dir, rubrics_dir)


def validate_bank(bank_dir: Path, rubrics_dir: Path) -> list[BankError]:
    """Every problem in the bank, sorted by file and line; empty when it is valid."""
    from app.bank.loader import validate_bank as validate

    return validate(bank_dir, rubrics_dir)
