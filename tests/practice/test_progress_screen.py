"""The TUI progress screen: it renders the report as plain text and escape goes back."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Static

from app.domain.bank import Bank
from app.store.repository import Repository
from app.tui.progress_screen import ProgressScreen
from tests.practice.conftest import bank_of, days, question, store_answer


class _Host(App[None]):
    def __init__(self, repo: Repository, bank: Bank) -> None:
        super().__init__()
        self.repo, self.bank = repo, bank

    def on_mount(self) -> None:
        self.push_screen(ProgressScreen(self.repo, self.bank))


async def test_progress_screen_renders_and_escape_pops(repo: Repository) -> None:
    now = datetime.now().astimezone()
    bank = bank_of(
        question("a", ["[bold]markup[/bold]"]), question("b", ["plain"]), question("c", ["never"])
    )
    for s in range(3):
        store_answer(repo, f"s{s}", "a", 1, now - days(3 - s))
        store_answer(repo, f"s{s}", "b", 4, now - days(3 - s))
    app = _Host(repo, bank)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.report is not None
        table = screen.query_one("#progress-mastery", DataTable)
        assert table.row_count == 2
        first = table.get_row_at(0)
        assert isinstance(first[0], Text) and first[0].plain == "[bold]markup[/bold]"
        flags = screen.query_one("#progress-flags", Static)
        assert "[bold]markup[/bold]" in str(flags.render())
        trend = str(screen.query_one("#progress-trend", Static).render())
        assert "┤" in trend and "last 3 session(s)" in trend
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressScreen)


async def test_an_empty_history_says_so(repo: Repository) -> None:
    app = _Host(repo, bank_of(question("a", ["x"])))
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = str(app.screen.query_one("#progress-summary", Static).render())
        assert "No judged answers yet" in summary
