"""Reading the terminal without holding the process hostage.

`asyncio.to_thread` reads on the default executor, whose threads `asyncio.run` joins on the way
out: a Ctrl+C while `input()` waits then hangs until the user presses Enter (and a second one
prints "Interrupted" and still hangs). A daemon thread is never joined, so an interrupt ends
the session at once; what was typed so far is in the caller's hands (`read_answer(typed=...)`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def in_daemon(read: Callable[[], T]) -> T:
    """`read()` on a daemon thread, awaited on the running loop."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if done.done():  # cancelled by an interrupt meanwhile
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result, error = read(), None
        except BaseException as exc:  # EOFError, KeyboardInterrupt: the awaiting task decides
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=work, name="mockloop-stdin", daemon=True).start()
    return await done


class StdinLines:
    """Lines of standard input read from its file descriptor, not through `sys.stdin`: a daemon
    thread blocked in `input()` holds the buffered reader's lock, and the interpreter, shutting
    down after Ctrl+C, dies on it ("could not acquire lock for <stdin> at interpreter
    shutdown"). Invalid UTF-8 arrives as lone surrogates, as `input()` gave it."""

    def __init__(self, fd: int = 0) -> None:
        self._fd = fd
        self._pending = b""

    def __call__(self) -> str:
        while b"\n" not in self._pending:
            chunk = os.read(self._fd, 65536)
            if not chunk:  # end of input: the last line without its newline, then EOF
                if not self._pending:
                    raise EOFError
                line, self._pending = self._pending, b""
                return line.decode("utf-8", "surrogateescape")
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line.decode("utf-8", "surrogateescape").removesuffix("\r")
