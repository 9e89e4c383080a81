"""Where things are in a checkout of the corpus."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
