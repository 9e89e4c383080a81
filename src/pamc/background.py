"""Work done by a forked child process while the caller goes on, its result read back through a pipe.

The build uses it for the data card's agreement and fidelity sections and for the Parquet files: on a machine
with two cores they cost little wall time. ``Background`` runs a function at once; ``Standby`` runs a
preparation at once (imports) and then the one call it is sent later.

A child is forked only from a process with a single thread (Linux tells, in /proc/self/task): a lock that
another thread held at the fork would stay locked forever in the child. Otherwise (other threads, no ``fork``
as on Windows, no /proc as on macOS, one CPU), or when the child dies without an answer, the function simply
runs in the caller when its result is asked for: the result is the same, only later.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")


def cpus() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def can_fork() -> bool:
    """Whether a child would run at the same time as the caller, safely."""
    return hasattr(os, "fork") and cpus() >= 2 and _single_threaded()


def _serve(reply: int, call: Callable[[], tuple[Callable[..., Any], tuple[Any, ...]] | None]) -> None:
    """In the child: run the call ``call()`` gives (None: nothing to do), send the outcome, leave without running
    the parent's exit handlers or flushing its buffers."""
    try:
        request = call()
        if request is not None:
            fn, args = request
            try:
                outcome: tuple[bool, Any] = (True, fn(*args))
            except BaseException as exc:  # noqa: BLE001 - the parent re-raises it
                outcome = (False, exc)
            try:
                data = pickle.dumps(outcome)
            except Exception:  # noqa: BLE001 - an unpicklable answer: the parent computes it itself
                data = b""
            with os.fdopen(reply, "wb") as pipe:
                pipe.write(data)
    finally:
        os._exit(0)


class _Child(Generic[R]):
    """A forked child's reply pipe, and what the caller runs itself when there is no answer."""

    _pid: int | None = None
    _reply: int | None = None
    _call: tuple[Callable[..., R], tuple[Any, ...]] | None = None

    def _fork(self, call: Callable[[], tuple[Callable[..., Any], tuple[Any, ...]] | None]) -> bool:
        """Fork a child that serves ``call``; False (nothing forked) where a child cannot run."""
        if not can_fork():
            return False
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _serve(write, call)
        os.close(write)
        self._pid, self._reply = pid, read
        return True

    def result(self) -> R:
        outcome = self._receive()
        if outcome is None:  # no child, or it died without an answer
            assert self._call is not None, "result() of a Standby before submit()"
            fn, args = self._call
            return fn(*args)
        ok, value = outcome
        if not ok:
            raise value
        return value

    def _receive(self) -> tuple[bool, Any] | None:
        if self._reply is None:
            return None
        chunks = []
        with os.fdopen(self._reply, "rb") as pipe:
            self._reply = None
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
        if self._reply is not None:
            os.close(self._reply)
            self._reply = None
        self._reap()

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


class Background(_Child[R]):
    """``fn(*args)`` started now in a child process; ``result()`` returns its value or raises its exception."""

    def __init__(self, fn: Callable[..., R], *args: Any) -> None:
        self._call = (fn, args)
        self._fork(lambda: (fn, args))


class Standby(_Child[Any]):
    """A child that runs ``prepare()`` now (e.g. imports a heavy library), then the one call ``submit`` sends
    it (a function importable by name, and picklable arguments); ``result()`` as for ``Background``."""

    def __init__(self, prepare: Callable[[], None]) -> None:
        self._inbox: int | None = None
        read, write = os.pipe()
        if self._fork(lambda: self._wait(prepare, read, write)):
            os.close(read)
            self._inbox = write
        else:
            os.close(read)
            os.close(write)

    @staticmethod
    def _wait(prepare: Callable[[], None], read: int, write: int) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        """In the child: prepare, then the call sent (None when the caller closes the pipe without one). The
        message says its length: a child forked later holds a copy of the pipe's writing end, so the end of
        the message cannot wait for the pipe to be closed."""
        os.close(write)
        prepare()
        with os.fdopen(read, "rb") as inbox:
            head = inbox.read(8)
            data = inbox.read(int.from_bytes(head, "big")) if len(head) == 8 else b""
        return pickle.loads(data) if data else None

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        self._call = (fn, args)
        if self._inbox is not None:
            data = pickle.dumps((fn, args))
            with os.fdopen(self._inbox, "wb") as inbox:
                self._inbox = None
                inbox.write(len(data).to_bytes(8, "big") + data)

    def cancel(self) -> None:
        if self._inbox is not None:
            os.close(self._inbox)
            self._inbox = None
        super().cancel()
