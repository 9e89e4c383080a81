"""Release rows as plain dicts, in the column order of the committed release schemas (schema/release/).

The hand-edited records are already schema-valid; a row adds the columns its table derives (the document,
word counts, fidelity measures...). The schemas are generated from the pydantic row models, so a row here is
what ``Model(**values).model_dump(mode="json")`` gives, without importing pydantic: the same columns in the
same order, defaults filled, integers given to a number column made floats (the published 1.3.0 tables,
made with the models, are rebuilt byte for byte).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from pamc.release.columns import columns

_MISSING = object()


@lru_cache(maxsize=None)
def layout(table: str) -> tuple[tuple[str, Any, bool], ...]:
    """(column, its default or _MISSING when required, whether it holds a number) for each column in order."""
    return tuple((c.name, _MISSING if c.required else c.default, c.kind == "number") for c in columns(table))


def row(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """One row of ``table`` from its column values (a missing required column or an unknown one is a bug in
    the caller, not bad data: the records were validated)."""
    out: dict[str, Any] = {}
    used = 0
    for name, default, number in layout(table):
        value = values.get(name, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise KeyError(f"a {table} row needs a value for {name!r}")
            value = copy.deepcopy(default)
        else:
            used += 1
            if number and type(value) is int:
                value = float(value)
        out[name] = value
    if used != len(values):
        raise KeyError(f"{table} has no column {sorted(set(values) - set(out))}")
    return out
