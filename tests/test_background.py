"""Work handed to a forked child gives the caller exactly what calling it would: its value, or its exception;
and when no child can do it (no fork, one CPU, a child that dies) the caller computes it itself."""

from __future__ import annotations

import os
import signal
import time

import pytest

from pamc import background
from pamc.background import Background


def _pid_and(value):
    return os.getpid(), value


def _exit_with(message):
    raise SystemExit(message)


def _die_unless_in(pid):
    if os.getpid() != pid:
        os.kill(os.getpid(), signal.SIGKILL)
    return "computed by the caller"


def _sleep_then(path):
    time.sleep(30)
    path.write_text("the child was not stopped")


class Unpicklable(Exception):
    def __init__(self, a, b):  # pickle calls Unpicklable(*args) with one argument: loading fails
        super().__init__(f"{a} {b}")


def _raise_unpicklable():
    raise Unpicklable(1, 2)


needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or background._cpus() < 2, reason="needs fork and 2 CPUs")


@needs_fork
def test_the_value_comes_from_another_process():
    pid, value = Background(_pid_and, {"big": "x" * 1_000_000}).result()  # more than a pipe's buffer
    assert pid != os.getpid() and value == {"big": "x" * 1_000_000}


@needs_fork
def test_an_exception_reaches_the_caller_with_its_message():
    with pytest.raises(SystemExit, match="agreement/second-pass/x.yaml: bad"):
        Background(_exit_with, "agreement/second-pass/x.yaml: bad").result()


@needs_fork
def test_a_child_that_dies_is_replaced_by_a_call_in_the_caller():
    assert Background(_die_unless_in, os.getpid()).result() == "computed by the caller"


@needs_fork
def test_an_exception_that_does_not_unpickle_is_raised_by_a_call_in_the_caller():
    with pytest.raises(Unpicklable, match="1 2"):
        Background(_raise_unpicklable).result()


@needs_fork
def test_cancel_stops_the_child_and_reaps_it(tmp_path):
    marker = tmp_path / "marker"
    task = Background(_sleep_then, marker)
    pid = task._pid
    task.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # already reaped: no zombie left
    assert not marker.exists()
    task.cancel()  # twice is harmless


def test_without_fork_the_caller_computes_it(monkeypatch):
    monkeypatch.setattr(background, "_cpus", lambda: 1)
    task = Background(_pid_and, 7)
    assert task._pid is None
    assert task.result() == (os.getpid(), 7)
    task.cancel()
