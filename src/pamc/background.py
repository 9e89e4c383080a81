"""A function run in a forked child process while the caller goes on, its result read back through a pipe.

The build uses it for work that needs none of the validation (the card's agreement section reads and compares
the annotation passes): on a machine with two cores it costs no wall time. Where ``fork`` is missing (Windows)
or only one CPU is available, or the child dies without an answer, the function simply runs in the caller
when its result is asked for: the result is the same, only later.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Background(Generic[R]):
    """``fn(*args)`` started now in a child process; ``result()`` returns its value or raises its exception."""

    def __init__(self, fn: Callable[..., R], *args: Any) -> None:
        self._call = (fn, args)
        self._pid: int | None = None
        self._fd: int | None = None
        if not hasattr(os, "fork") or _cpus() < 2:
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            os.close(read)
            try:
                outcome: tuple[bool, Any] = (True, fn(*args))
            except BaseException as exc:  # noqa: BLE001 - the parent re-raises it
                outcome = (False, exc)
            try:
                data = pickle.dumps(outcome)
            except Exception:  # noqa: BLE001 - an unpicklable answer: the parent computes it itself
                data = b""
            try:
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> R:
        outcome = self._receive()
        if outcome is None:  # no child, or it died without an answer
            fn, args = self._call
            return fn(*args)
        ok, value = outcome
        if not ok:
            raise value
        return value

    def _receive(self) -> tuple[bool, Any] | None:
        if self._fd is None:
            return None
        chunks = []
        with os.fdopen(self._fd, "rb") as pipe:
            self._fd = None
            while chunk := pipe.read(1 << 16):
                chunks.append(chunk)
        self._reap()
        try:
            return pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # noqa: BLE001 - e.g. an exception that does not unpickle: compute it here instead
            return None

    def cancel(self) -> None:
        """Stop the child if it still runs (the caller no longer needs its result)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._reap()

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None
