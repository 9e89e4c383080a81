"""Crash-test hooks: where a test may kill the build to prove that a half-written release never appears."""

from __future__ import annotations

import os
import signal

_FAULT_ENV = "PAMC_FAULT_KILL_AT"  # crash tests only: SIGKILL this process at the Nth fault point
_fault_count = 0


def fault_point() -> None:
    """Where a crash test may kill the build (after each file, before and after the final rename)."""
    global _fault_count
    target = os.environ.get(_FAULT_ENV)
    if target:
        _fault_count += 1
        if _fault_count == int(target):
            os.kill(os.getpid(), signal.SIGKILL)
