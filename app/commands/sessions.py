"""`mockloop sessions`, `show` and `export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.bank import BankValidationError
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import Mode
from app.domain.labels import MODE_LABELS, STATUS_LABELS, level_label
from app.domain.text import display_safe
from app.report.render import to_json, to_markdown
from app.store.repository import SessionNotFound
from app.wiring import bank_for, open_repository


def _bank_or_none(settings: Settings) -> Bank | None:
    try:
        return bank_for(settings)
    except BankValidationError:
        return None


_COLUMNS = ("id", "date (UTC)", "status", "mode", "rounds", "overall")


def _table(rows: list[list[str]]) -> list[str]:
    """Columns as wide as their widest cell plus two spaces, so no two ever run together."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def list_sessions(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    rows = repo.list_sessions(limit=args.limit)
    if not rows:
        print("No sessions yet. Start one with `mockloop` or `mockloop run`.")
        return 0
    table = [list(_COLUMNS)]
    for s in rows:
        mode = MODE_LABELS[s.mode] if s.mode is Mode.OFFLINE else f"llm:{s.judge_model}"
        table.append(
            [
                s.id[:8],
                f"{s.created_at:%Y-%m-%d %H:%M}",
                STATUS_LABELS[s.status],
                mode,
                ",".join(s.rounds),
                level_label(s.overall_score),
            ]
        )
    # Model names come from configuration and the database: print them sanitised.
    print(display_safe("\n".join(_table(table))))
    return 0


def show(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        stored = repo.load(repo.resolve_id(args.session_id))
    except SessionNotFound as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    print(to_markdown(stored, _bank_or_none(settings)))
    return 0


def export(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        stored = repo.load(repo.resolve_id(args.session_id))
    except SessionNotFound as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    text = (
        to_json(stored) if args.format == "json" else to_markdown(stored, _bank_or_none(settings))
    )
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0
