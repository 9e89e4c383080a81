"""The columns of the published tables as plain values, read from the committed release schemas (generated from
the pydantic row models). Everything the build derives from those schemas starts here: the rows' column order
and defaults (``rows``), the Arrow schemas, the card's ``datasets`` features and field tables, and the
Croissant fields; so the card and Croissant metadata need no pyarrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pamc.model.schema_files import release_schema

SCALARS = ("string", "integer", "number", "boolean")  # JSON Schema types; enums (Literal) are strings
# A string of "format": "date" (the models' IsoDate) is published as a date: Parquet date32, Croissant sc:Date.


@dataclass(frozen=True)
class Column:
    """A column, a struct's field or a list's element (named ``item``)."""

    name: str
    kind: str  # one of SCALARS, "date", "list" or "struct"
    nullable: bool = False
    description: str | None = None
    item: Column | None = None  # a list's element
    fields: tuple[Column, ...] = ()  # a struct's fields
    required: bool = True  # a row must give it (otherwise ``default``)
    default: Any = None

    @property
    def struct(self) -> Column | None:
        """The struct this column holds, itself or as a list's elements (None: neither)."""
        inner = self.item if self.kind == "list" else self
        return inner if inner is not None and inner.kind == "struct" else None


def _resolve(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """(the schema of the value, whether null is allowed): ``X | None`` is an anyOf of X and null."""
    branches = prop.get("anyOf")
    if branches is None:
        return prop, False
    values = [b for b in branches if b.get("type") != "null"]
    if len(values) != 1:
        raise TypeError(f"no column type for the union {branches}")
    return values[0], len(values) < len(branches)


def column(name: str, prop: dict[str, Any], defs: dict[str, Any], nullable: bool | None = None,
           required: bool = True) -> Column:
    """``nullable`` None: as the schema says (a list's element is always nullable, as Arrow's lists have it)."""
    value, may_be_null = _resolve(prop)
    nullable = may_be_null if nullable is None else nullable
    description, default = prop.get("description"), prop.get("default")
    if "$ref" in value:
        model = defs[value["$ref"].rsplit("/", 1)[-1]]
        return Column(name, "struct", nullable, description, fields=_fields(model, defs), required=required,
                      default=default)
    if value.get("type") == "array":
        return Column(name, "list", nullable, description, item=column("item", value["items"], defs, True),
                      required=required, default=default)
    if value.get("type") == "string" and value.get("format") == "date":
        return Column(name, "date", nullable, description, required=required, default=default)
    if value.get("type") in SCALARS:
        return Column(name, value["type"], nullable, description, required=required, default=default)
    raise TypeError(f"no column type for {value}")


def _fields(model: dict[str, Any], defs: dict[str, Any]) -> tuple[Column, ...]:
    required = set(model.get("required", ()))
    return tuple(column(n, p, defs, required=n in required) for n, p in model["properties"].items())


@lru_cache(maxsize=None)
def columns(table: str) -> tuple[Column, ...]:
    schema = release_schema(table)
    return _fields(schema, schema.get("$defs", {}))


def has_number(table: str) -> bool:
    """Whether any column of ``table``, or any field or element nested in one, holds numbers (floats)."""
    def number(column: Column) -> bool:
        return (column.kind == "number" or (column.item is not None and number(column.item))
                or any(number(f) for f in column.fields))

    return any(number(c) for c in columns(table))
