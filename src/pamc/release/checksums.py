"""SHA-256 manifests: a release's inputs (INPUTS.sha256) and its files (SHA256SUMS)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

INPUTS = "INPUTS.sha256"
SUMS = "SHA256SUMS"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def manifest(root: Path, files: list[Path], known: dict[str, str] | None = None) -> str:
    """``sha256  relative/path`` lines, the format ``sha256sum -c`` reads. ``known``: relative path → SHA-256 of
    files whose bytes were hashed as they were written (the others are read)."""
    known = known or {}
    lines = []
    for p in files:
        rel = p.relative_to(root).as_posix()
        lines.append(f"{known.get(rel) or sha256_file(p)}  {rel}\n")
    return "".join(lines)


def fsync(path: Path) -> None:
    """Flush one file (or folder) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
