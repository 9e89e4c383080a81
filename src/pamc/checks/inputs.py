"""Every input path is a regular file or folder inside the repository, with a name that can be printed and
written in a manifest. Checked before anything is read, so that no tool follows a link out of the repository
(a raw/evil.txt -> /etc/shadow would otherwise be hashed into a release) or blocks on a named pipe."""

from __future__ import annotations

import os
import stat

from ..findings import Finding, make
from ..paths import INPUT_FOLDERS, Paths, link_message, unsafe_name


def _kind(mode: int) -> str:
    return ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "not a regular file")


def check(paths: Paths) -> tuple[list[Finding], bool]:
    """The findings, and whether reading may go on (False: an input folder is a link, whose files are not
    to be read at all)."""
    root = paths.root
    findings: list[Finding] = []
    usable = True
    for rel in INPUT_FOLDERS:
        folder = root / rel
        if folder.is_symlink():
            findings.append(make("file-symlink", rel, link_message(folder, root)))
            usable = False
    if not usable:
        return findings, False
    for path in paths.input_files():
        rel = path.relative_to(root).as_posix()  # make() escapes it for printing
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
    return findings, True
