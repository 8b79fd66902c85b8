"""Reflect a live database into plain data, so two schemas (or two databases' rows) compare
with `==` and a failing test prints exactly what differs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine


def describe(engine: Engine) -> dict[str, dict[str, Any]]:
    """Tables -> columns (type, nullability), primary key, foreign keys, indexes, uniques."""
    insp = inspect(engine)
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(insp.get_table_names()):
        out[name] = {
            "columns": {
                c["name"]: (str(c["type"].compile(dialect=engine.dialect)), c["nullable"])
                for c in insp.get_columns(name)
            },
            "primary_key": insp.get_pk_constraint(name)["constrained_columns"],
            "foreign_keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in insp.get_foreign_keys(name)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(name)
            ),
            "unique_constraints": sorted(
                tuple(u["column_names"]) for u in insp.get_unique_constraints(name)
            ),
        }
    return out


def rows(engine: Engine, skip: tuple[str, ...] = ("schema_migrations",)) -> dict[str, list[Any]]:
    """Every row of every table, ordered by the table's columns (a stable dump)."""
    insp = inspect(engine)
    out: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for name in sorted(insp.get_table_names()):
            if name in skip:
                continue
            cols = sorted(c["name"] for c in insp.get_columns(name))
            quoted = ", ".join(f'"{c}"' for c in cols)
            result = conn.execute(text(f'SELECT {quoted} FROM "{name}" ORDER BY {quoted}'))
            out[name] = [dict(zip(cols, r, strict=True)) for r in result]
    return out
