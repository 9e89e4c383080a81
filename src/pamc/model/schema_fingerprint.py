"""Which source files generate the committed schemas, and their fingerprint (``schema/GENERATED-FROM.sha256``).

Apart from both the generator (``schema``, which imports pydantic) and the reader (``schema_files``, which must
not), so that neither imports the other at load time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

MODEL = Path(__file__).resolve().parent
PACKAGE = MODEL.parent
CHECKOUT = PACKAGE.parents[1]  # the repository root when the package runs from its source tree
COMMITTED = CHECKOUT / "schema"
FINGERPRINT = "GENERATED-FROM.sha256"


def generator_sources() -> list[Path]:
    """The files whose content decides the generated schemas."""
    return [MODEL / "kinds.py", MODEL / "schema.py", *sorted((MODEL / "tables").glob("*.py"))]


def fingerprint() -> str:
    """``sha256sum`` lines of the generating sources, paths relative to the repository root."""
    lines = []
    for path in generator_sources():
        rel = path.relative_to(CHECKOUT).as_posix() if path.is_relative_to(CHECKOUT) else path.name
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}\n")
    return "".join(lines)
