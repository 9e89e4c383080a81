"""Every input path is a regular file or folder inside the repository, with a name that can be printed and
written in a manifest. Checked before anything is read, so that no tool follows a link out of the repository
(a raw/evil.txt -> /etc/shadow would otherwise be hashed into a release) or blocks on a named pipe."""

from __future__ import annotations

import os
import stat

from pamc.model.findings import Finding, make
from pamc.io.paths import INPUT_FOLDERS, Paths, link_message, unsafe_name


def _kind(mode: int) -> str:
    return ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "not a regular file")


def folders(paths: Paths) -> list[Finding]:
    """Input folders that are links: nothing in them may be read at all."""
    return [make("file-symlink", rel, link_message(paths.root / rel, paths.root))
            for rel in INPUT_FOLDERS if (paths.root / rel).is_symlink()]


def check(paths: Paths, listed_raw: set[str]) -> list[Finding]:
    """Every input file (its folders checked by ``folders`` first). The raw files that documents.yaml lists are
    judged by the raw checks (``raw-path``), against their record."""
    root = paths.root
    findings: list[Finding] = []
    for path in paths.input_files():
        rel = path.relative_to(root).as_posix()  # make() escapes it for printing
        if rel in listed_raw:
            continue
        if unsafe_name(path.name):
            findings.append(make("file-name", rel, "has a name with a control character or bytes that are not "
                                 "UTF-8; it cannot be written in a release manifest: rename it"))
            continue
        if path.is_symlink():
            findings.append(make("file-symlink", rel, link_message(path, root)))
            continue
        try:
            mode = os.lstat(path).st_mode
        except OSError as exc:
            findings.append(make("file-unreadable", rel, f"cannot be read: {exc.strerror}"))
            continue
        if not stat.S_ISREG(mode):
            findings.append(make("file-unreadable", rel, f"is {_kind(mode)}, not a regular file; inputs must be "
                                 "regular files: remove or replace it"))
    return findings
