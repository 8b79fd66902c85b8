"""Column shorthands for the frozen schema snapshots: what SQLModel emitted for each type
when the versions were released (`str` -> VARCHAR, `datetime` -> DateTime(timezone=True))."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Integer, String


def _ts(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _str(name: str, *, nullable: bool = False, index: bool = False) -> Column[object]:
    return Column(name, String(), nullable=nullable, index=index)


def _int(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, Integer(), nullable=nullable)


def _float(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, Float(), nullable=nullable)
