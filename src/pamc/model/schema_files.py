"""The schemas as ``validate`` and ``build`` use them, without importing pydantic.

schema/ holds the schemas generated from the models and, in GENERATED-FROM.sha256, the SHA-256 of every
source file that generates them. While those sources are unchanged the committed files are exactly what the
models would generate (a test checks the files against the models), so ``validate`` reads them: generating
them means importing pydantic and building every model, most of a small run. When a model has changed and
``pamc schema`` has not been run yet, or the package runs without its source tree (a wheel), the schemas are
generated from the models as before.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pamc.model.schema_fingerprint import COMMITTED, FINGERPRINT, fingerprint


@lru_cache(maxsize=1)
def _committed_is_current() -> bool:
    try:
        return (COMMITTED / FINGERPRINT).read_text(encoding="utf-8") == fingerprint()
    except OSError:
        return False


def _committed(rel: str) -> dict[str, Any] | None:
    if _committed_is_current():
        try:
            return json.loads((COMMITTED / rel).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # a damaged checkout: the models still know
    return None


@lru_cache(maxsize=None)
def annotation_schema(name: str) -> dict[str, Any]:
    """The schema of one kind of hand-edited file (callers must not mutate it)."""
    committed = _committed(f"{name}.schema.json")
    if committed is not None:
        return committed
    from pamc.model.schema import generate_annotation_schema as generate

    return generate(name)


@lru_cache(maxsize=None)
def release_schema(table: str) -> dict[str, Any]:
    """The schema of one published table's rows (callers must not mutate it)."""
    committed = _committed(f"release/{table}.schema.json")
    if committed is not None:
        return committed
    from pamc.model.schema import generated

    return generated()[f"release/{table}.schema.json"]
