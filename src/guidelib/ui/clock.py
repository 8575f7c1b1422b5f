"""Where the apps' "later" comes from: a `Clock` calls a function after a delay.

The debounced save (`worksheet.Debouncer`), the charts that wait for the page
(`panels._Deferred`) and the dashboard's sections (`dashboard_app.Dashboard`, built after
its title has painted) ask a clock instead of calling asyncio or threading themselves, so a
test can hand them one it advances by hand (tests/conftest.py `ManualClock`) and check
what happens before and after the delay without sleeping. The real clocks below are the
defaults; the apps never pass another.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, Protocol


class Clock(Protocol):
    def call_later(self, delay: float, fn: Callable[[], None]) -> Any:
        """Call `fn` after `delay` seconds. Returns a handle with `cancel()`, or None when
        this clock cannot run anything later (the caller then does the work now)."""


class LoopOrThread:
    """The running event loop of this thread (a kernel's: the callback then runs between
    messages, never beside other widget code), else a daemon timer thread (a script)."""

    def call_later(self, delay: float, fn: Callable[[], None]) -> Any:
        try:
            return asyncio.get_running_loop().call_later(delay, fn)
        except RuntimeError:
            timer = threading.Timer(delay, fn)
            timer.daemon = True
            timer.start()
            return timer


class KernelLoop:
    """The kernel's event loop, also when asked from a worker thread (an app may build its
    widgets in one so that its title paints first); None when there is no loop at all."""

    def call_later(self, delay: float, fn: Callable[[], None]) -> Any:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a worker thread (or no kernel): the loop seen at import
            kernel = next((loop for loop in _LOOP if loop.is_running()), None)
            if kernel is None:
                return None
            # the loop's own thread sets the timer (so this handle cannot cancel it)
            return kernel.call_soon_threadsafe(kernel.call_later, delay, fn)
        return loop.call_later(delay, fn)


_LOOP: list[asyncio.AbstractEventLoop] = []  # the kernel's loop, seen at import


def remember_kernel_loop() -> None:
    """Keep the loop running now, if any: a notebook cell importing guidelib.ui runs on the
    kernel's loop, and worker threads cannot ask asyncio for it later."""
    with contextlib.suppress(RuntimeError):
        loop = asyncio.get_running_loop()
        if loop not in _LOOP:
            _LOOP.append(loop)
