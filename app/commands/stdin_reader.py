"""Reading the terminal without holding the process hostage.

`asyncio.to_thread` reads on the default executor, whose threads `asyncio.run` joins on the way
out: a Ctrl+C while `input()` waits then hangs until the user presses Enter (and a second one
prints "Interrupted" and still hangs). A daemon thread is never joined, so an interrupt ends
the session at once; what was typed so far is in the caller's hands (`read_answer(typed=...)`).
"""

from __future__ import annotations

import asyncio
import contextlib
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
