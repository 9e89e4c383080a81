"""Where things are in a checkout of the corpus."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pamc.model.findings import shown

# Folders the tools read, relative to the root: each must be a real folder inside the repository.
INPUT_FOLDERS = ("raw", "annotations", "annotations/documents", "annotations/vocabularies", "agreement",
                 "agreement/first-pass", "agreement/second-pass")
INPUT_TOP_FILES = ("CHANGELOG.md", "CITATION.cff")


def unsafe_name(name: str) -> bool:
    """A name that cannot be written safely in a manifest line: not UTF-8, or holding a control character."""
    return any(shown(ch) != ch for ch in name if ch != "\\")


def regular_file(path: Path) -> bool:
    """Whether ``path`` itself (not a link's target) is a regular file: opening a named pipe would block."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def link_message(path: Path, root: Path) -> str:
    """What is wrong with a symbolic link among the inputs (the same words wherever it is found)."""
    where = "outside" if not inside(path, root) else "inside"
    return (f"is a symbolic link to a path {where} the repository; inputs must be regular files and folders "
            "inside the repository, never links: replace the link by the file itself")


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, lies inside ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


@dataclass(frozen=True)
class Paths:
    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> "Paths":
        """The repository root: $PAMC_ROOT, else the nearest parent of ``start`` (or cwd) holding annotations/."""
        env = os.environ.get("PAMC_ROOT")
        if env:
            return cls(Path(env).resolve())
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "annotations").is_dir() and (candidate / "raw").is_dir():
                return cls(candidate)
        return cls(here)

    def input_files(self) -> Iterator[Path]:
        """Every entry a release is built from, links and odd files included (so that the checks can refuse
        them): everything under raw/, the YAML files under annotations/ and agreement/, the changelog and
        the citation. Folders are walked without following links; links to folders are listed as entries."""
        for folder, pattern in (("raw", None), ("annotations", ".yaml"), ("agreement", ".yaml")):
            top = self.root / folder
            if top.is_symlink() or not top.is_dir():
                continue
            for here, dirs, files in os.walk(top, followlinks=False):
                base = Path(here)
                for name in sorted(files) + sorted(d for d in dirs if (base / d).is_symlink()):
                    if pattern is None or name.endswith(pattern):
                        yield base / name
        for name in INPUT_TOP_FILES:
            path = self.root / name
            if path.exists() or path.is_symlink():
                yield path

    @property
    def annotations(self) -> Path:
        return self.root / "annotations"

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def agreement(self) -> Path:
        """The annotation passes compared for inter-annotator agreement (first-pass/, second-pass/)."""
        return self.root / "agreement"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def schema(self) -> Path:
        return self.root / "schema"

    @property
    def documents_file(self) -> Path:
        return self.annotations / "documents.yaml"

    @property
    def document_annotations(self) -> Path:
        return self.annotations / "documents"

    @property
    def vocabularies(self) -> Path:
        return self.annotations / "vocabularies"
