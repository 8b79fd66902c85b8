"""The config's [keymap] is checked against the binding ids the screens define: a typo is
reported in the app, naming the id, instead of being ignored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.engine.clock import FakeClock
from app.tui.keymap import binding_ids, unknown_ids, unknown_ids_message
from tests.tui.conftest import app_with_config, settle, wait_until

TUI = Path(__file__).resolve().parents[2] / "app" / "tui"
BINDING_ID = re.compile(r'\bid="([a-z_]+\.[a-z_]+)"')


def test_every_binding_id_in_the_source_is_known() -> None:
    in_source = {m for path in TUI.glob("*.py") for m in BINDING_ID.findall(path.read_text())}
    assert {"home.start", "interview.send", "coding.run", "app.quit"} <= in_source
    assert binding_ids() == in_source


def test_unknown_ids_are_listed_with_what_exists() -> None:
    assert unknown_ids({"home.strat": "x", "home.start": "n"}) == ["home.strat"]
    assert unknown_ids({"home.progress": "p"}) == []
    message = unknown_ids_message(["home.zzz", "nowhere"])
    assert "home.zzz (ids there: " in message and "home.start" in message
    assert "nowhere (ids start with " in message and "interview." in message


async def test_a_mistyped_keymap_id_is_reported_in_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    keymap = '[keymap]\n"home.strat" = "n"\n"home.progress" = "p"\n'
    app = app_with_config(tmp_path, monkeypatch, clock, keymap)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_services()
        await settle(pilot)
        await wait_until(pilot, lambda: any(n.title == "Key map" for n in app._notifications))
        (note,) = [n for n in app._notifications if n.title == "Key map"]
        assert "home.strat (did you mean home.start?)" in note.message
        assert "home.progress:" not in note.message  # the valid one is not reported
