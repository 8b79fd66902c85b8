"""The mockloop Textual app: screens, shared services, and the one place worker failures land.

Everything a test needs to control is injectable: settings, the clock (a FakeClock moves time
without sleeping), the repository, session ids, question selection, cursor blink, and the
session's parts (interviewer and judge) through the same factory the session builder takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from app.tui.home_screen import HomeScreen

if TYPE_CHECKING:
    from app.config import Settings
    from app.domain.events import EventSink
    from app.domain.records import StoredSession
    from app.domain.transcript import SessionPlan
    from app.engine.clock import Clock
    from app.engine.interview import InterviewEngine
    from app.session import PartsFactory, Session
    from app.settings_quick import QuickSettings
    from app.store.repository import Repository
    from app.tui.services import Services

DRAIN_ON_QUIT_S = 10.0

ServicesLoader = Callable[["Settings", "Repository | None"], "Services"]
"""Opens the store and loads the bank (`services.load_services`); tests wrap it to hold the
loading phase open while they press keys."""


TERMINATED_EXIT = 128 + signal.SIGTERM  # 143: what a shell reports for a program ended by `kill`


class MockloopApp(App[int]):
    """Home -> interview -> review. The engine does the interviewing; this only drives it."""

    CSS_PATH = "mockloop.tcss"
    TITLE = "mockloop"
    SUB_TITLE = "mock interviews for ML Engineer loops"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Quit mockloop; sessions are saved as you go",
        ),
    ]

    def __init__(
        self,
        settings: Settings | QuickSettings | None = None,
        *,
        clock: Clock | None = None,
        repo: Repository | None = None,
        new_session_id: Callable[[], str] | None = None,
        seed: int | None = None,
        question_ids: Sequence[str] = (),
        cursor_blink: bool = True,
        ready_file: Path | None = None,
        parts: PartsFactory | None = None,
        services_loader: ServicesLoader | None = None,
    ) -> None:
        super().__init__()
        if settings is None:
            from app.config import load_settings

            settings = load_settings()
        self.startup_settings: Settings | QuickSettings = settings
        """What the home screen reads before its first paint: quick settings (no pydantic)
        when the CLI could resolve them; the full ones load with the services, after it."""
        self._settings: Settings | None = None
        self._clock = clock
        self._repo = repo
        self._new_session_id = new_session_id
        self.seed = seed
        self.question_ids = tuple(question_ids)
        self.cursor_blink = cursor_blink
        self.ready_file = ready_file
        self._parts = parts
        self._services_loader = services_loader
        self.quick_list_allowed = repo is None
        """The home screen may read the sessions list through the thin sqlite3 path; not when
        a repository is injected (it, not the settings' URL, is the store then)."""
        self.services: Services | None = None
        self._services_error: BaseException | None = None
        self._services_ready = asyncio.Event()
        self._loading_started = False
        self._milestones: set[str] = set()
        self.engines: list[InterviewEngine] = []
        self.sessions: list[Session] = []
        self._exit_status = 0  # TERMINATED_EXIT after a SIGTERM, as a killed program reports

    # ----------------------------------------------------------------- start-up
    def on_mount(self) -> None:
        keymap = self.startup_settings.keymap  # binding id -> keys, the config's [keymap]
        if keymap:
            self.set_keymap(keymap)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not main thread
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self._terminated)
        self.push_screen(HomeScreen())

    def _terminated(self) -> None:
        """`kill` (SIGTERM) quits as Ctrl+Q does: what is typed is kept and the terminal is
        given back as it was found. Python's default for it ends the process on the spot,
        leaving the alternate screen, mouse reporting and a hidden cursor behind."""
        self._exit_status = TERMINATED_EXIT
        self.run_worker(self.action_quit(), exclusive=True, group="quit")

    def first_screen_ready(self) -> None:
        """Called once the home screen has painted. Only now start the slow part (database,
        bank), so the first screen never waits for it."""
        self.milestone("paint")
        self.start_loading()

    def milestone(self, name: str) -> None:
        """With a ready file (the start-up benchmark), record when the home screen painted
        ("paint"), when it was usable ("usable": the sessions list filled) and when the store
        and bank were open ("services"), then exit once all three happened."""
        if self.ready_file is None or name in self._milestones:
            return
        self._milestones.add(name)
        with self.ready_file.open("a", encoding="utf-8") as out:
            out.write(f"{name} {time.time():.6f}\n")
        if self._milestones >= {"paint", "usable", "services"}:
            self.exit(0)

    def start_loading(self) -> None:
        if not self._loading_started:
            self._loading_started = True
            self.run_worker(
                self._load_services(),
                name="opening your sessions and the bank",
                group="services",
                exit_on_error=False,
            )
            if self.startup_settings.keymap:
                self.run_worker(
                    self._check_keymap,
                    name="checking the key map",
                    group="keymap",
                    thread=True,
                    exit_on_error=False,
                )

    def _check_keymap(self) -> None:
        from app.tui.keymap import unknown_ids, unknown_ids_message

        unknown = unknown_ids(self.startup_settings.keymap)
        if unknown:
            self.call_from_thread(
                self.notify,
                unknown_ids_message(unknown),
                title="Key map",
                severity="warning",
                timeout=15,
                markup=False,
            )

    async def _load_services(self) -> None:
        from app.tui.services import load_services

        load = self._services_loader or load_services
        try:
            self.services = await asyncio.to_thread(lambda: load(self.settings, self._repo))
        except BaseException as exc:
            self._services_error = exc
            raise
        finally:
            self._services_ready.set()
        from app.commands.heap import freeze_startup_heap

        freeze_startup_heap()  # the program's long-lived heap exists now (app/commands/heap.py)
        self.milestone("services")

    async def get_services(self) -> Services:
        """The repository and bank; waits for the start-up worker (starting it if needed)."""
        self.start_loading()
        await self._services_ready.wait()
        if self.services is None:
            raise RuntimeError(f"mockloop could not open its data: {self._services_error}")
        return self.services

    @property
    def settings(self) -> Settings:
        """The full settings (loaded on first use, in the services worker at start-up)."""
        if self._settings is None:
            from app.wiring import full_settings

            self._settings = full_settings(self.startup_settings)
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = self.startup_settings = value

    @property
    def clock(self) -> Clock:
        if self._clock is None:
            from app.engine.clock import SystemClock

            self._clock = SystemClock()
        return self._clock

    def new_session_id(self) -> str:
        if self._new_session_id is not None:
            return self._new_session_id()
        import uuid

        return uuid.uuid4().hex

    # ----------------------------------------------------------------- sessions
    async def open_interview(
        self,
        services: Services,
        *,
        offline: bool,
        plan: SessionPlan | None = None,
        stored: StoredSession | None = None,
    ) -> None:
        from app.domain.enums import RoundKind
        from app.tui.interview_screen import InterviewScreen

        chosen = plan or (stored.plan if stored else None)
        kinds = {r.kind for r in chosen.rounds} if chosen is not None else set()
        if RoundKind.DEBUGGING in kinds:
            from app.tui.debugging_screen import DebuggingInterviewScreen

            screen_type: type[InterviewScreen] = DebuggingInterviewScreen
        elif RoundKind.CODING in kinds:
            from app.tui.coding_screen import CodingInterviewScreen

            screen_type = CodingInterviewScreen
        else:
            screen_type = InterviewScreen
        screen = screen_type(
            services,
            clock=self.clock,
            offline=offline,
            plan=plan,
            stored=stored,
            session_id=None if stored else self.new_session_id(),
        )
        screen.attach_engine(
            lambda sink: self.build_engine(
                services,
                session_id=screen.session_id,
                plan=screen.plan,
                sink=sink,
                offline=offline,
                stored=stored,
            )
        )
        await self.push_screen(screen)

    def build_engine(
        self,
        services: Services,
        *,
        session_id: str,
        plan: SessionPlan,
        sink: EventSink,
        offline: bool,
        stored: StoredSession | None,
    ) -> InterviewEngine:
        """Build the session as `mockloop run` does and keep its engine, so quitting can wait
        for the judge to finish scoring in the background."""
        from app.tui.services import new_session

        session = new_session(
            services,
            session_id=session_id,
            plan=plan,
            sink=sink,
            clock=self.clock,
            offline=offline,
            stored=stored,
            parts=self._parts,
        )
        self.engines.append(session.engine)
        self.sessions.append(session)
        return session.engine

    # ----------------------------------------------------------------- failures
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_state_changed(event.worker)

    def worker_state_changed(self, worker: Worker[object]) -> None:
        """The one place worker failures land. Every worker runs with exit_on_error=False; the
        app's own workers report here directly and screens forward theirs (see base.py). A
        failure becomes a notification and the app keeps running."""
        if worker.state is not WorkerState.ERROR:
            return
        error = worker.error
        what = worker.name or "background task"
        text = _failure_text(error)
        self.log.error(f"worker {what!r} failed: {error!r}")
        self.notify(text, title=f"Problem: {what}", severity="error", timeout=10, markup=False)

    # ----------------------------------------------------------------- palette
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers every key the current screen shows in its footer, by name, once:
        a key whose command Textual already lists (Quit) is not listed again."""
        seen: set[str] = set()
        titles: set[str] = set()
        for command in super().get_system_commands(screen):
            titles.add(command.title.casefold())
            yield command
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.system:
                continue
            if binding.action in seen or not active.enabled:
                continue
            if binding.description.casefold() in titles:
                continue
            seen.add(binding.action)
            node, action = active.node, binding.action

            async def run(node: DOMNode = node, action: str = action) -> None:
                await self.run_action(action, node)

            yield SystemCommand(binding.description, binding.tooltip or binding.description, run)

    # ----------------------------------------------------------------- quit
    async def action_quit(self) -> None:
        """Keep what is typed and not sent, and let background scoring finish (bounded) so no
        answer is left unscored by a quit."""
        from app.tui.engine_screen import EngineScreen

        for screen in self.screen_stack:
            if isinstance(screen, EngineScreen):
                screen.keep_unsent()
        if self.engines:
            drain = asyncio.ensure_future(asyncio.gather(*(e.drain() for e in self.engines)))
            done, _ = await asyncio.wait({drain}, timeout=0.3)
            if not done:
                self.notify(
                    f"Finishing the scoring of your last answers (up to {DRAIN_ON_QUIT_S:.0f} s)…",
                    timeout=DRAIN_ON_QUIT_S,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(drain, DRAIN_ON_QUIT_S)
        for engine in self.engines:
            await engine.aclose()  # warm sandbox children, judging that outlived the wait
        self.exit(self._exit_status)

    def on_unmount(self) -> None:
        """The one place sessions give their leases back, on quit and on any other way out (a
        crash screen, a test's pilot), so no heartbeat thread outlives the app and `mockloop
        resume` needs no take-over."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
        for session in self.sessions:
            session.close()
        self.sessions.clear()


def _failure_text(error: BaseException | None) -> str:
    """A worker's failure in words: a file system refusal names the file and the reason
    ("Cannot write /home/me/.local/share/mockloop/exports: File exists"), not "[Errno 17] ..."."""
    if isinstance(error, FileExistsError | NotADirectoryError) and error.filename:
        return f"Cannot write {error.filename}: a file is where a folder should be"
    if isinstance(error, OSError) and error.strerror:
        where = error.filename
        return f"Cannot write {where}: {error.strerror}" if where else error.strerror
    return str(error) or type(error).__name__
