"""Reading the models' type annotations: one place for ``X | None``, ``Annotated[...]`` and ``list[...]``."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside ``Annotated`` and ``X | None``, whether None is allowed)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation}")
        inner, _ = unwrap(args[0])
        return inner, True
    return annotation, False


def model_inside(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(the model in ``Model``, ``Model | None`` or ``list[Model]``, or None; whether it is a list)."""
    inner, _ = unwrap(annotation)
    is_list = typing.get_origin(inner) is list
    if is_list:
        inner, _ = unwrap(typing.get_args(inner)[0])
    model = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
    return model, is_list
