"""Arrow schemas of the published tables, from their columns (``columns``: the committed release schemas, generated
from the pydantic row models, so the Parquet columns follow the one data model; ``build`` does not import
pydantic)."""

from __future__ import annotations

import pyarrow as pa

from pamc.release.columns import Column, columns

_SCALARS: dict[str, pa.DataType] = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
                                    "boolean": pa.bool_(), "date": pa.date32()}


def arrow_type(c: Column) -> pa.DataType:
    if c.kind == "struct":
        return pa.struct([arrow_field(f) for f in c.fields])
    if c.kind == "list":
        assert c.item is not None
        return pa.list_(arrow_type(c.item))  # Arrow's element field: "item", nullable, no metadata
    return _SCALARS[c.kind]


def arrow_field(c: Column) -> pa.Field:
    metadata = {b"description": c.description.encode()} if c.description else None
    return pa.field(c.name, arrow_type(c), nullable=c.nullable, metadata=metadata)


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([arrow_field(c) for c in columns(table)])
