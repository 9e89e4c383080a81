"""Arrow schemas of the published tables, from the committed release schemas (generated from the pydantic row
models, so the Parquet columns follow the one data model; ``build`` does not import pydantic)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..schema_files import release_schema

_SCALARS: dict[str, pa.DataType] = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
                                    "boolean": pa.bool_()}


def _resolve(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """(the schema of the value, whether null is allowed): ``X | None`` is an anyOf of X and null."""
    branches = prop.get("anyOf")
    if branches is None:
        return prop, False
    values = [b for b in branches if b.get("type") != "null"]
    if len(values) != 1:
        raise TypeError(f"no Arrow type for the union {branches}")
    return values[0], len(values) < len(branches)


def arrow_type(prop: dict[str, Any], defs: dict[str, Any]) -> pa.DataType:
    prop, _ = _resolve(prop)
    if "$ref" in prop:
        model = defs[prop["$ref"].rsplit("/", 1)[-1]]
        return pa.struct([arrow_field(name, p, defs) for name, p in model["properties"].items()])
    if prop.get("type") == "array":
        return pa.list_(arrow_type(prop["items"], defs))
    if prop.get("type") in _SCALARS:  # enums (Literal) are strings
        return _SCALARS[prop["type"]]
    raise TypeError(f"no Arrow type for {prop}")


def arrow_field(name: str, prop: dict[str, Any], defs: dict[str, Any]) -> pa.Field:
    _, nullable = _resolve(prop)
    description = prop.get("description")
    metadata = {b"description": description.encode()} if description else None
    return pa.field(name, arrow_type(prop, defs), nullable=nullable, metadata=metadata)


def arrow_schema(table: str) -> pa.Schema:
    schema = release_schema(table)
    defs = schema.get("$defs", {})
    return pa.schema([arrow_field(name, prop, defs) for name, prop in schema["properties"].items()])
