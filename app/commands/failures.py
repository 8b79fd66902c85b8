"""How the CLI words a command that failed: one line on stderr that says what and how to fix
it, and the traceback only with --debug."""

from __future__ import annotations

import sys
import traceback

INTERNAL_EXIT = 70  # EX_SOFTWARE


def config_failure(exc: Exception, debug: bool) -> int:
    if debug:
        traceback.print_exception(exc)
    print(f"mockloop: configuration error: {exc}", file=sys.stderr)
    return 2


def store_failure(exc: Exception, debug: bool) -> int:
    """One line naming the database, the fault and the fix; the traceback only with --debug."""
    if debug:
        traceback.print_exception(exc)
    print(f"mockloop: {exc}", file=sys.stderr)
    return 2


def internal_failure(exc: Exception, debug: bool) -> int:
    """What went wrong, in one line with anything shaped like a key removed; what was stored
    stays stored, and an unfinished session resumes."""
    from app.llm.errors import scrub

    if debug:
        traceback.print_exception(exc)
    detail = scrub(str(exc).splitlines()[0][:200] if str(exc) else "")
    print(
        f"mockloop: internal error ({type(exc).__name__}{': ' + detail if detail else ''}). "
        "What was stored is kept; `mockloop resume` continues an unfinished session. "
        "--debug shows the traceback.",
        file=sys.stderr,
    )
    return INTERNAL_EXIT
