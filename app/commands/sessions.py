"""`mockloop sessions`, `show` and `export`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from app.domain.enums import Mode, SessionStatus
from app.domain.labels import MODE_LABELS, STATUS_LABELS, level_label
from app.domain.text import display_safe

if TYPE_CHECKING:
    from app.config import Settings
    from app.domain.records import StoredSession
    from app.report.render import ReportBank
    from app.settings_quick import QuickSettings

# Imports are inside the commands: `mockloop sessions` reads through the stdlib sqlite3 path
# and never loads SQLAlchemy, the bank or the report renderer; `show` and `export` read their
# one session through it too (app/store/quick_session.py). All three take the CLI's quick
# settings when they can answer (no pydantic-settings).


def _bank_or_none(settings: Settings | QuickSettings) -> ReportBank | None:
    from app.report.saved import report_bank

    return report_bank(settings.bank_dir, settings.rubrics_dir, settings.data_dir / "cache")


_COLUMNS = ("id", "date (UTC)", "status", "mode", "rounds", "overall")


def _table(rows: list[list[str]]) -> list[str]:
    """Columns as wide as their widest cell plus two spaces, so no two ever run together."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _rows(settings: Settings | QuickSettings, limit: int) -> tuple[list[list[str]], int]:
    """(id, date, status, mode, rounds, overall) cells, the thin path where it can answer, and
    how many damaged rows were left out (each named on stderr)."""
    from app.store.quick import recent_sessions

    found = recent_sessions(settings.resolved_database_url, limit)
    if found is not None:
        try:
            return [
                _cells(
                    r.id,
                    r.created_at,
                    SessionStatus(r.status),
                    Mode(r.mode),
                    r.judge_model,
                    list(r.rounds),
                    r.overall_score,
                )
                for r in found.rows
            ], 0
        except ValueError:  # a value this release does not know: the repository decides
            pass
    from app.wiring import full_settings, open_repository

    repo = open_repository(full_settings(settings), reading=True)
    listed = repo.list_sessions(limit=limit)
    for damaged in repo.damaged:  # named once each; the readable sessions are still listed
        print(f"mockloop: left out of the list: {damaged}", file=sys.stderr)
    return [
        _cells(
            s.id,
            s.created_at,
            s.status,
            s.mode,
            s.judge_model,
            [k.value for k in s.rounds],
            s.overall_score,
        )
        for s in listed
    ], len(repo.damaged)


def _cells(
    sid: str,
    created_at: datetime,
    status: SessionStatus,
    mode: Mode,
    judge_model: str | None,
    rounds: list[str],
    score: float | None,
) -> list[str]:
    return [
        sid[:8],
        f"{created_at:%Y-%m-%d %H:%M}",
        STATUS_LABELS[status],
        MODE_LABELS[mode] if mode is Mode.OFFLINE else f"llm:{judge_model}",
        ",".join(rounds),
        level_label(score),
    ]


def list_sessions(args: argparse.Namespace, settings: Settings | QuickSettings) -> int:
    rows, left_out = _rows(settings, args.limit)
    if not rows:
        print(
            "No readable sessions: the damaged rows above need repair."
            if left_out
            else "No sessions yet. Start one with `mockloop` or `mockloop run`."
        )
        return 0
    table = [list(_COLUMNS), *rows]
    # Model names come from configuration and the database: print them sanitised.
    print(display_safe("\n".join(_table(table))))
    return 0


def _stored(settings: Settings | QuickSettings, prefix: str) -> StoredSession | None:
    """The session `prefix` names, through the thin sqlite3 path where it can answer; None
    (after saying why on stderr) when no single session matches."""
    from app.store.quick_session import load_session

    found = load_session(settings.resolved_database_url, prefix)
    if isinstance(found, str):
        print(f"mockloop: {found}", file=sys.stderr)
        return None
    if found is not None:
        return found
    from app.store.repository import SessionNotFound
    from app.wiring import full_settings, open_repository

    repo = open_repository(full_settings(settings), reading=True)
    try:
        return repo.load(repo.resolve_id(prefix))
    except SessionNotFound as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return None


def show(args: argparse.Namespace, settings: Settings | QuickSettings) -> int:
    text = _markdown(settings, args.session_id)
    if text is None:
        return 2
    print(text)
    return 0


def _markdown(settings: Settings | QuickSettings, prefix: str) -> str | None:
    """The session's printed transcript: the saved rendering when the session has not changed
    since it was made (app/report/saved.py), else rendered now and saved. None (after saying
    why on stderr) when no single session matches."""
    from app.report.saved import lookup, save

    saved = lookup(
        settings.resolved_database_url,
        prefix,
        settings.bank_dir,
        settings.rubrics_dir,
        settings.data_dir / "cache",
    )
    if isinstance(saved, str):
        print(f"mockloop: {saved}", file=sys.stderr)
        return None
    if saved is not None and saved.text is not None:
        return saved.text
    from app.report.render import to_markdown

    stored = _stored(settings, prefix)
    if stored is None:
        return None
    text = to_markdown(stored, _bank_or_none(settings))
    if saved is not None:
        save(saved, text)
    return text


def export(args: argparse.Namespace, settings: Settings | QuickSettings) -> int:
    if args.format == "json":
        from app.report.render import to_json

        stored = _stored(settings, args.session_id)
        text = None if stored is None else to_json(stored)
    else:
        text = _markdown(settings, args.session_id)
    if text is None:
        return 2
    if args.output:
        from app.commands.output_file import write_output

        return 0 if write_output(args.output, text, settings.resolved_database_url) else 2
    sys.stdout.write(text)
    return 0
