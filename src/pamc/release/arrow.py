"""Arrow schemas derived from the pydantic row models, so the Parquet columns follow the one data model."""

from __future__ import annotations

import typing
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel

from ..models.introspect import unwrap

_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def arrow_type(tp: Any) -> pa.DataType:
    tp, _ = unwrap(tp)
    origin = typing.get_origin(tp)
    if origin is Literal:
        return pa.string()
    if origin is list:
        return pa.list_(arrow_type(typing.get_args(tp)[0]))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return pa.struct([arrow_field(name, f.annotation, f.description) for name, f in tp.model_fields.items()])
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"no Arrow type for {tp!r}")


def arrow_field(name: str, annotation: Any, description: str | None) -> pa.Field:
    _, nullable = unwrap(annotation)
    metadata = {b"description": description.encode()} if description else None
    return pa.field(name, arrow_type(annotation), nullable=nullable, metadata=metadata)


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    return pa.schema([arrow_field(name, f.annotation, f.description) for name, f in model.model_fields.items()])
