"""A cache of parsed YAML, so that a command run after another (``build`` after ``validate``, or ``validate``
again) does not parse unchanged files again: parsing is most of what ``validate`` does, and reading the parsed
data back with ``marshal`` is about twenty times faster (``bench/parse_cache.py``).

An entry is what ``yamlload.load`` gives for a file's exact bytes (its data and its records' spans), keyed by
the SHA-256 of those bytes, under a folder named after a fingerprint of the parser (this module, ``yamlload``,
PyYAML and Python versions): a changed file, or a changed parser, is simply not found. Only successful loads
are kept; a file with a problem is parsed again each time, and reported as before.

The cache lives outside the repository (``$PAMC_CACHE_DIR``, else ``$XDG_CACHE_HOME/pamc``, else
``~/.cache/pamc``), so a contributor's change cannot bring entries with it. ``PAMC_CACHE=off`` turns it off.
It never fails a command: an entry that cannot be read, is too large, not a regular file or not what was
written is ignored (and the file parsed); one that cannot be written (a read-only or full disk) is skipped.
Entries are written to a temporary name and renamed, so a reader never sees half of one. ``prune`` keeps the
folder under MAX_BYTES, the oldest entries going first.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pamc.io import yamlload

MAX_BYTES = 1 << 30  # the folder's size, pruned to half when above
STALE_SECONDS = 7 * 24 * 3600  # a folder of another parser version untouched this long is removed
TMP_SECONDS = 3600  # a temporary entry this old was left by a process killed while writing it
_MAGIC = "pamc-parse-cache-1"


def _slack(size: int) -> int:
    """The largest entry read for a file of ``size`` bytes (the data of real files is smaller than their text)."""
    return 8 * size + (1 << 20)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the parsed data depends on besides the bytes: the parser's code and the versions it runs on."""
    h = hashlib.sha256()
    for module in (yamlload, sys.modules[__name__]):
        try:
            h.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source file (a zipped or frozen install): its compiled code stands for it
            h.update(marshal.dumps(getattr(module, "__loader__").get_code(module.__name__)))
    h.update(f"{yaml.__version__} {yaml.__with_libyaml__} {sys.version} {marshal.version}".encode())
    return h.hexdigest()[:16]


def base() -> Path | None:
    """The cache's folder (all parser versions), or None when the cache is off."""
    if os.environ.get("PAMC_CACHE", "").strip().lower() in {"0", "off", "no", "false"}:
        return None
    if os.environ.get("PAMC_CACHE_DIR"):
        return Path(os.environ["PAMC_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "pamc"
    try:
        return Path.home() / ".cache" / "pamc"
    except (RuntimeError, KeyError):  # no home folder can be found: no cache
        return None


def folder() -> Path | None:
    root = base()
    return None if root is None else root / f"yaml-{fingerprint()}"


def load(raw: bytes, text: str, spans: yamlload.Spans) -> Any:
    """``yamlload.load(text, spans)``, from the cache when it holds this text (``raw``: its UTF-8 bytes)."""
    where = folder()
    if where is None:
        return yamlload.load(text, spans)
    key = hashlib.sha256(raw).hexdigest()
    entry = where / key
    hit = _read(entry, key, len(raw))
    if hit is not None:
        data, cached = hit
        spans.update(cached)
        return data
    data = yamlload.load(text, spans)
    _write(where, entry, (_MAGIC, key, data, dict(spans)))
    return data


def _read(entry: Path, key: str, size: int) -> tuple[Any, dict] | None:
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _slack(size):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            blob = fh.read()
        value = marshal.loads(blob)
    except (OSError, ValueError, EOFError, TypeError, MemoryError):
        return None
    finally:
        os.close(fd)
    if (type(value) is not tuple or len(value) != 4 or value[0] != _MAGIC or value[1] != key
            or type(value[3]) is not dict):
        return None
    return value[2], value[3]


def _write(where: Path, entry: Path, value: tuple) -> None:
    try:
        blob = marshal.dumps(value)
    except ValueError:  # a value marshal cannot hold (the loader gives none: dates stay text): not cached
        return
    temporary = where / f".{entry.name}.{os.getpid()}.tmp"
    try:
        where.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as fh:
            fh.write(blob)
        os.replace(temporary, entry)
    except OSError:  # a read-only or full disk: the cache is only an optimisation
        try:
            temporary.unlink()
        except OSError:
            pass


def prune(limit: int = MAX_BYTES) -> None:
    """Keep the current folder under ``limit`` bytes (the oldest entries removed down to half of it) and remove
    other parser versions' folders that were not used for STALE_SECONDS. Never raises."""
    root, current = base(), folder()
    if root is None or current is None:
        return
    try:
        others = [p for p in root.iterdir() if p.name.startswith("yaml-") and p != current and p.is_dir()
                  and not p.is_symlink() and time.time() - p.stat().st_mtime > STALE_SECONDS]
        for other in others:
            for entry in other.iterdir():
                entry.unlink()
            other.rmdir()
        entries = [(e.stat().st_mtime, e.stat().st_size, e) for e in current.iterdir() if e.is_file()]
        for mtime, _, entry in entries:  # left by a process killed while writing it
            if entry.name.endswith(".tmp") and time.time() - mtime > TMP_SECONDS:
                entry.unlink()
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, entry in sorted(entries, key=lambda e: e[0]):
        try:
            entry.unlink()
        except OSError:
            continue
        total -= size
        if total <= limit // 2:
            break
