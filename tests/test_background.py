"""Work handed to a forked child gives the caller exactly what calling it would: its value, or its exception;
and when no child can do it (other threads, one CPU, a child that dies) the caller computes it itself.

A child is forked only from a process with a single thread, and pytest's process has several once pyarrow is
imported: each case runs in a fresh interpreter, as the build does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from pamc import background

from .conftest import REPO

PRELUDE = f"""
import json, os, signal, sys, time
sys.path.insert(0, {str(REPO / "src")!r})
from pamc.background import Background, Standby, can_fork

def pid_and(value):
    return os.getpid(), value

def exit_with(message):
    raise SystemExit(message)

def die_unless_in(pid):
    if os.getpid() != pid:
        os.kill(os.getpid(), signal.SIGKILL)
    return "computed by the caller"

class Unpicklable(Exception):
    def __init__(self, a, b):  # pickle calls Unpicklable(*args) with one argument: loading fails
        super().__init__(f"{{a}} {{b}}")

def raise_unpicklable():
    raise Unpicklable(1, 2)

def import_something():
    import xml.dom.minidom  # something the parent has not imported

def reaped(pid):
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        return True  # no zombie left
    return False

def modules_and_pid(name):
    return name in sys.modules, os.getpid()
"""


def fresh(code: str) -> dict:
    """Run ``code`` after PRELUDE in a new interpreter; it prints one JSON value, returned here."""
    done = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or background.cpus() < 2, reason="needs fork and 2 CPUs")


@needs_fork
def test_the_value_comes_from_another_process():
    out = fresh("""
        assert can_fork()
        pid, value = Background(pid_and, {"big": "x" * 1_000_000}).result()  # more than a pipe's buffer
        print(json.dumps({"other": pid != os.getpid(), "same": value == {"big": "x" * 1_000_000}}))
    """)
    assert out == {"other": True, "same": True}


@needs_fork
def test_an_exception_reaches_the_caller_with_its_message():
    out = fresh("""
        try:
            Background(exit_with, "agreement/second-pass/x.yaml: bad").result()
        except SystemExit as exc:
            print(json.dumps(str(exc)))
    """)
    assert out == "agreement/second-pass/x.yaml: bad"


@needs_fork
def test_a_child_that_dies_is_replaced_by_a_call_in_the_caller():
    assert fresh("print(json.dumps(Background(die_unless_in, os.getpid()).result()))") == "computed by the caller"


@needs_fork
def test_an_exception_that_does_not_unpickle_is_raised_by_a_call_in_the_caller():
    out = fresh("""
        try:
            Background(raise_unpicklable).result()
        except Unpicklable as exc:
            print(json.dumps(str(exc)))
    """)
    assert out == "1 2"


@needs_fork
def test_cancel_stops_the_child_and_reaps_it(tmp_path):
    marker = tmp_path / "marker"
    out = fresh(f"""
        def sleep_then(path):
            time.sleep(30)
            open(path, "w").write("the child was not stopped")
        task = Background(sleep_then, {str(marker)!r})
        pid = task._pid
        task.cancel()
        task.cancel()  # twice is harmless
        print(json.dumps(reaped(pid)))
    """)
    assert out is True and not marker.exists()


@needs_fork
def test_a_standby_child_prepares_then_runs_the_call_it_is_sent():
    out = fresh("""
        worker = Standby(import_something)
        time.sleep(0.5)  # the child has prepared meanwhile
        worker.submit(modules_and_pid, "xml.dom.minidom")
        imported, pid = worker.result()
        print(json.dumps({"imported in the child": imported, "other": pid != os.getpid(),
                          "not in the caller": "xml.dom.minidom" not in sys.modules}))
    """)
    assert out == {"imported in the child": True, "other": True, "not in the caller": True}


@needs_fork
def test_a_standby_child_that_is_not_needed_is_stopped_and_reaped():
    out = fresh("""
        worker = Standby(import_something)
        pid = worker._pid
        worker.cancel()
        print(json.dumps(reaped(pid)))
    """)
    assert out is True


def test_with_other_threads_nothing_is_forked_and_the_caller_computes_it():
    out = fresh("""
        import threading
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        task, worker = Background(pid_and, 7), Standby(import_something)
        worker.submit(pid_and, 8)
        out = {"forked": task._pid is not None or worker._pid is not None,
               "results": [task.result(), worker.result()], "pid": os.getpid()}
        stop.set()
        print(json.dumps(out))
    """)
    assert out["forked"] is False and out["results"] == [[out["pid"], 7], [out["pid"], 8]]


def test_with_one_cpu_the_caller_computes_it(monkeypatch):
    monkeypatch.setattr(background, "cpus", lambda: 1)
    task = background.Background(os.getpid)
    assert task._pid is None and task.result() == os.getpid()
    task.cancel()
