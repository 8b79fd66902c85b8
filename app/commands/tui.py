"""`mockloop` with no command: the Textual TUI.

The app is imported here, not at CLI start, so `mockloop run` and friends never import Textual.
MOCKLOOP_TUI_READY_FILE (used by tests/bench/tui_startup.py) makes the app append to that file the
times its home screen painted, became usable and had its store open, then exit.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.config import Settings
    from app.settings_quick import QuickSettings

READY_FILE_ENV = "MOCKLOOP_TUI_READY_FILE"


def run_tui(args: argparse.Namespace, settings: Settings | QuickSettings) -> int:
    from app.tui.app import MockloopApp

    ready = os.environ.get(READY_FILE_ENV)
    app = MockloopApp(settings, ready_file=Path(ready) if ready else None)
    result = app.run()
    return result if isinstance(result, int) else 0
