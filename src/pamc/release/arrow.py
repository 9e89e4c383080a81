"""Arrow schemas derived from the pydantic row models, so the Parquet columns follow the one data model."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel

_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(inner type, nullable) for ``X | None`` and Annotated types."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            inner, _ = _unwrap(args[0])
            return inner, True
        raise TypeError(f"unsupported union {tp}")
    return tp, False


def arrow_type(tp: Any) -> pa.DataType:
    tp, _ = _unwrap(tp)
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
    _, nullable = _unwrap(annotation)
    metadata = {b"description": description.encode()} if description else None
    return pa.field(name, arrow_type(annotation), nullable=nullable, metadata=metadata)


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    return pa.schema([arrow_field(name, f.annotation, f.description) for name, f in model.model_fields.items()])
