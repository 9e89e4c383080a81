"""Running the real CLI on a damaged checkout as a separate process, with a memory cap and a timeout, and judging
its answer: the documented exit code, no traceback, no crash signal, no hang, the file named in the message."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEMORY_CAP = 3 << 30  # address space: pyarrow maps far more than it uses; a runaway allocation still fails fast
TIMEOUT = 180


@dataclass
class Answer:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def assert_clean(self, code: int = 1, *, names: str | None = None) -> None:
        """Exited with ``code`` by itself (no signal, no timeout), no traceback; ``names`` is in the output."""
        assert self.returncode == code, f"exit {self.returncode}, expected {code}:\n{self.output[-3000:]}"
        assert "Traceback" not in self.output, self.output[-3000:]
        if names is not None:
            assert names in self.output, f"{names!r} not named in:\n{self.output[-3000:]}"


def pamc(*args: str, cwd: Path | None = None, timeout: int = TIMEOUT, env: dict[str, str] | None = None,
         memory: int = MEMORY_CAP) -> Answer:
    """``pamc ARGS`` as a user runs it (the console entry point), capped in memory and time."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    full_env = {**os.environ, **(env or {})}
    full_env.pop("PAMC_ROOT", None)
    proc = subprocess.run([sys.executable, str(REPO / "build_dataset.py"), *args], cwd=cwd, capture_output=True,
                          timeout=timeout, preexec_fn=limit, env=full_env, check=False)
    return Answer(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def add_changelog_entry(root: Path, version: str = "1.4.0") -> None:
    with (root / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n## {version}\n\nA test release.\n")


def dist_state(root: Path) -> dict[str, bytes]:
    """Every entry under dist/ (names and file bytes): a refused build must leave it exactly as it was."""
    dist = root / "dist"
    if not dist.exists():
        return {}
    return {p.relative_to(dist).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(dist.rglob("*"))}
