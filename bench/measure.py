"""Run a command as its own process and measure it: wall time, the peak RSS of its largest process (wait4),
and the peak memory of its whole process tree (worker processes included), sampled from /proc.

The tree figure sums PSS (proportional set size: a page shared by forked workers is split between them, so
it is counted once in the sum), sampled every 0.1 s; a peak shorter than that can be missed. Without
/proc (not Linux) it is reported as nan.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            out.setdefault(ppid, []).append(int(entry.name))
    return out


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mib(root: int) -> float:
    children = _children()
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo += children.get(pid, [])
    return total / 1024


def measure(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
            ok: tuple[int, ...] = (0,), sample: bool = True) -> tuple[float, float, float]:
    """(seconds, peak RSS of the largest process in MiB, peak PSS of the process tree in MiB).

    ``sample=False``: no PSS sampling (nan), for sub-second commands whose time the sampling thread, reading
    /proc ten times a second on a core the command could use, would distort."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [float("nan") if not sample or not Path("/proc/self/smaps_rollup").exists() else 0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], tree_pss_mib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if peak[0] == peak[0]:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    if sampler.is_alive():
        sampler.join()
    if os.waitstatus_to_exitcode(status) not in ok:
        raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024, max(peak[0], 0.0) if peak[0] == peak[0] else peak[0]
