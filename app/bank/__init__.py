"""Load and validate question_bank/ and rubrics/ into domain models."""

from app.bank.errors import BankError, BankValidationError
from app.bank.loader import load_bank, validate_bank

__all__ = ["BankError", "BankValidationError", "load_bank", "validate_bank"]
