"""The columns of the published tables as plain values, read from the committed release schemas (generated from
the pydantic row models): the Arrow schemas, the card's ``datasets`` features and the Croissant fields are all
written from these, so the card and Croissant metadata need no pyarrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..schema_files import release_schema

SCALARS = ("string", "integer", "number", "boolean")  # JSON Schema types; enums (Literal) are strings


@dataclass(frozen=True)
class Column:
    """A column, a struct's field or a list's element (named ``item``)."""

    name: str
    kind: str  # one of SCALARS, "list" or "struct"
    nullable: bool = False
    description: str | None = None
    item: Column | None = None  # a list's element
    fields: tuple[Column, ...] = ()  # a struct's fields


def _resolve(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """(the schema of the value, whether null is allowed): ``X | None`` is an anyOf of X and null."""
    branches = prop.get("anyOf")
    if branches is None:
        return prop, False
    values = [b for b in branches if b.get("type") != "null"]
    if len(values) != 1:
        raise TypeError(f"no column type for the union {branches}")
    return values[0], len(values) < len(branches)


def column(name: str, prop: dict[str, Any], defs: dict[str, Any], nullable: bool | None = None) -> Column:
    """``nullable`` None: as the schema says (a list's element is always nullable, as Arrow's lists have it)."""
    value, may_be_null = _resolve(prop)
    nullable = may_be_null if nullable is None else nullable
    description = prop.get("description")
    if "$ref" in value:
        model = defs[value["$ref"].rsplit("/", 1)[-1]]
        fields = tuple(column(n, p, defs) for n, p in model["properties"].items())
        return Column(name, "struct", nullable, description, fields=fields)
    if value.get("type") == "array":
        return Column(name, "list", nullable, description, item=column("item", value["items"], defs, True))
    if value.get("type") in SCALARS:
        return Column(name, value["type"], nullable, description)
    raise TypeError(f"no column type for {value}")


@lru_cache(maxsize=None)
def columns(table: str) -> tuple[Column, ...]:
    schema = release_schema(table)
    defs = schema.get("$defs", {})
    return tuple(column(name, prop, defs) for name, prop in schema["properties"].items())
