"""A function run in a forked process while this one goes on: its answer (or its exception) comes back through
a pipe; a process that dies gives None. The process dies with its parent (Linux), so a crash of the command
never leaves one writing on."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any


class Background:
    """``fn(*args)`` in a forked process; ``result`` waits for its value (None if the process died) and raises
    what it raised. The process dies with this one (Linux): it never writes on after a crash."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_background, args=(sender, os.getpid(), fn, args), daemon=True)
        self._process.start()
        sender.close()

    def result(self) -> Any:
        try:
            ok, value = self._answer.recv()
        except (EOFError, OSError):
            value, ok = None, True
        self._process.join()
        if not ok:
            raise value
        return value

    def stop(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the process to end by itself, then kill it."""
        self._process.join(timeout)
        self.kill()

    def kill(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._answer.close()


def _background(sender: Any, parent: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _die_with_parent(parent)
    try:
        answer = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        answer = (False, exc)
    try:
        sender.send(answer)
    except Exception:  # noqa: BLE001 - an answer that cannot be pickled: the parent does the work again
        pass
    sender.close()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request: die now
        os._exit(1)
