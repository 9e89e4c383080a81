"""Records as the checks and the release read them: small immutable objects, one class per model, made from
the JSON Schema (so ``validate`` runs without pydantic, whose import and model building cost more than
checking the whole real corpus).

They are built only from schema-valid data, for which they hold what the pydantic model would: every field
in the model's order, defaults filled in, integers as ``int`` (the schema accepts 3.0 for an integer; pydantic
makes it 3). A test compares ``model_dump()`` with pydantic's on every annotation file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pamc.model.schema_files import annotation_schema

Convert = Callable[[Any], Any]
_set = object.__setattr__
_CLASSES: dict[str, type[Model]] = {}  # definition name → class, shared by every schema that defines it


class Model:
    """A record: attributes named like the model's fields; compared, hashed and pickled by value."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _dumps: tuple[tuple[str, bool], ...] = ()  # each field, and whether its value may hold records or lists
    _schema: str = ""  # the annotation schema that defines the class: a process that unpickles a record may
    # not have defined it yet (worker processes send records back to the main process)
    _build: Callable[[dict[str, Any]], Model]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} records are immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields)})"

    def __reduce__(self) -> tuple[Any, ...]:  # worker processes send records back to the main process
        return _restore, (self._schema, type(self).__name__, self._values())

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The record as plain data, like pydantic's ``model_dump(mode="json")``."""
        return {name: _dump(getattr(self, name)) if nested else getattr(self, name) for name, nested in self._dumps}


def _dump(value: Any) -> Any:
    if isinstance(value, Model):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value


def _restore(schema_name: str, name: str, values: tuple[Any, ...]) -> Model:
    _define(schema_name)
    cls = _CLASSES[name]
    obj = object.__new__(cls)
    for field, value in zip(cls._fields, values):
        _set(obj, field, value)
    return obj


def _integer(value: Any) -> int:
    return value if type(value) is int else int(value)


def _converter(node: dict[str, Any]) -> Convert | None:
    """How to turn a schema-valid value of ``node`` into the record's value (None: keep it as it is)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return lambda value: _CLASSES[name]._build(value)
    if "anyOf" in node:  # X | None: null stays None (it never reaches a converter)
        branches = [b for b in node["anyOf"] if b.get("type") != "null"]
        if len(branches) != 1:
            raise TypeError(f"unsupported union in the schema: {node['anyOf']}")
        return _converter(branches[0])
    if node.get("type") == "array":
        item = _converter(node.get("items", {}))
        return None if item is None else (lambda values: [item(v) for v in values])
    if node.get("type") == "integer":
        return _integer
    return None


_SCALARS = {"string", "integer", "number", "boolean", "null"}


def _scalar(node: dict[str, Any]) -> bool:
    """Whether every value the schema node allows is a string, number, boolean or null (dumped as it is)."""
    branches = node.get("anyOf", [node])
    return all(set(b) <= {"type", "title", "description", "default", "enum", "const", "pattern", "format",
                          "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
                          "examples"}
               and b.get("type", "") in _SCALARS for b in branches)


def _builder(cls: type[Model], node: dict[str, Any]) -> Callable[[dict[str, Any]], Model]:
    required = set(node.get("required", ()))
    specs: list[tuple[str, Convert | None, bool, Any]] = []
    for name, prop in node["properties"].items():
        if name not in required and "default" not in prop:
            raise TypeError(f"{cls.__name__}.{name}: an optional field needs a default in the schema")
        specs.append((name, _converter(prop), name in required, prop.get("default")))

    def build(data: dict[str, Any]) -> Model:
        obj = object.__new__(cls)
        for name, convert, is_required, default in specs:
            if is_required or name in data:
                value = data[name]
            else:
                value = copy.copy(default)  # a fresh [] per record
            if convert is not None and value is not None:
                value = convert(value)
            _set(obj, name, value)
        return obj

    return build


@lru_cache(maxsize=None)
def _define(schema_name: str) -> None:
    """Make the classes of every model in one annotation schema (its definitions and its root)."""
    schema = annotation_schema(schema_name)
    nodes = dict(schema.get("$defs", {}))
    if schema.get("type") == "object":
        nodes[schema["title"]] = schema
    for name, node in nodes.items():
        if name in _CLASSES:
            continue  # the same model in an earlier schema (e.g. Span)
        fields = tuple(node["properties"])
        cls = type(name, (Model,), {"__slots__": fields, "_fields": fields, "_schema": schema_name,
                                    "__module__": __name__})
        cls._build = staticmethod(_builder(cls, node))  # type: ignore[assignment]
        cls._dumps = tuple((f, not _scalar(node["properties"][f])) for f in fields)
        _CLASSES[name] = cls


def model(schema_name: str, name: str) -> type[Model]:
    """The record class of model ``name`` as the annotation schema ``schema_name`` defines it."""
    _define(schema_name)
    return _CLASSES[name]
