"""Schema checks: every record of every hand-edited file against the JSON Schema generated from the models.

All errors are reported, not the first; for alternatives (``anyOf``: a value or null) the most relevant
branch is reported, as ``jsonschema.exceptions.best_match`` chooses it.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pamc.model.findings import Finding
from pamc.model.schema_files import annotation_schema
from pamc.io.sources import Pointer, Source

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the compiled validator
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

KEYWORD_CHECK = {
    "required": "schema-required",
    "additionalProperties": "schema-unknown-field",
    "type": "schema-type",
    "enum": "schema-enum",
    "const": "schema-enum",
    "pattern": "schema-pattern",
    "format": "schema-pattern",  # dates: the pattern says the form; date-invalid says whether the day exists
    "minimum": "schema-range",
    "maximum": "schema-range",
    "exclusiveMinimum": "schema-range",
    "exclusiveMaximum": "schema-range",
    "minLength": "schema-length",
    "maxLength": "schema-length",
    "minItems": "schema-length",
    "maxItems": "schema-length",
    "uniqueItems": "schema-duplicate-item",
}


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """The reference validator: every error, with jsonschema's relevance ordering (schemas are checked by a test)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(annotation_schema(name))


@lru_cache(maxsize=None)
def fast_validator(name: str) -> Any:
    """A compiled validator (jsonschema-rs) that only answers valid / invalid; None if it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(annotation_schema(name))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _leaf(error: ValidationError) -> ValidationError:
    """For a failed anyOf/oneOf, the branch error that says most about the value."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        types = [e for e in error.context if e.validator == "type" and list(e.relative_path) == []]
        if len(types) == len(error.context):
            return error  # every branch is a type mismatch: report them together
        # a branch of the value's own type failed for another reason (a note too long): that says most,
        # not "is not of type 'null'" from the branch the value was never meant for
        error = best_match([e for e in error.context if e not in types])
    return error


def _message(error: ValidationError) -> tuple[str, str, Pointer]:
    """(check id, message, pointer) for one schema error."""
    pointer: Pointer = tuple(error.absolute_path)
    kw = error.validator
    if kw in ("anyOf", "oneOf"):
        names = sorted({str(e.validator_value) for e in error.context if e.validator == "type"})
        return "schema-type", f"{_short(error.instance)} is not of type {' or '.join(names)}", pointer
    if kw == "required":
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        name = missing[0] if missing else "?"
        return "schema-required", f"missing required field {name!r}", (*pointer, name)
    if kw == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        name = extra[0] if extra else "?"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; allowed fields: {', '.join(allowed)}"
        return "schema-unknown-field", f"unknown field {name!r}{hint}", (*pointer, name)
    if kw == "type":
        return "schema-type", f"{_short(error.instance)} is not of type {error.validator_value!r}", pointer
    if kw in ("enum", "const"):
        allowed = error.validator_value if kw == "enum" else [error.validator_value]
        return "schema-enum", f"{_short(error.instance)} is not one of {', '.join(map(repr, allowed))}", pointer
    if kw == "uniqueItems":
        dupes = sorted({repr(v) for v in error.instance if error.instance.count(v) > 1})
        return "schema-duplicate-item", f"lists {', '.join(dupes)} more than once", pointer
    if kw == "pattern":
        return "schema-pattern", f"{_short(error.instance)} does not match the pattern {error.validator_value!r}", pointer
    # KEYWORD_CHECK covers every keyword the generated schemas use (a test guarantees it)
    return KEYWORD_CHECK[kw], f"{_short(error.instance)}: {error.message}", pointer


def record_prefix(pointer: Pointer, depth: int) -> Pointer:
    return pointer[:depth]


# A list of records in a file's schema: an array of one model, with no constraint on the list itself.
_PLAIN_LIST = {"type", "items", "title", "description"}


def _record_lists(schema: dict[str, Any], data: Any, record_depth: int) -> dict[Pointer, Any] | None:
    """Where the file's records are (pointer of each list → its items schema), or None if the file is not
    made of record lists the usual way (then it is walked whole)."""
    if record_depth == 1 and isinstance(data, list) and "$ref" in schema.get("items", {}):
        return {(): schema["items"]}
    if record_depth == 2 and isinstance(data, dict):
        return {(key,): prop["items"] for key, prop in schema.get("properties", {}).items()
                if set(prop) <= _PLAIN_LIST and prop.get("type") == "array" and "$ref" in prop.get("items", {})
                and isinstance(data.get(key), list)}
    return None


@lru_cache(maxsize=None)
def _fast_record_validator(name: str, ref: str) -> Any:
    """A compiled validator of one record (``ref``: its model's definition in schema ``name``)."""
    import jsonschema_rs

    schema = annotation_schema(name)
    return jsonschema_rs.validator_for({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": ref})


def _errors(name: str, data: Any, record_depth: int) -> list[ValidationError]:
    """Every schema error of a file, as ``iter_errors`` on the whole file finds them, but walking with
    ``jsonschema`` only the records the compiled validator rejects: a file with one bad record among
    thousands costs one record of slow validation, not thousands (the frame around the records is walked
    with its lists emptied). After the relevance sort the findings are those of the whole walk: errors of
    different places never tie, and each place's errors come in the whole walk's order."""
    whole = validator(name)
    schema = annotation_schema(name)
    lists = _record_lists(schema, data, record_depth)
    if lists is None or fast_validator(name) is None:
        return list(whole.iter_errors(data))
    frame = [] if () in lists else {**data, **{key: [] for (key,) in lists}}
    errors = list(whole.iter_errors(frame))
    for prefix, items_schema in lists.items():
        check = ListCheck(name, items_schema)
        for i, item in enumerate(data if prefix == () else data[prefix[0]]):
            check.item(i, item)
        for error in check.errors:
            error.path.extendleft(reversed(prefix))
            errors.append(error)
    return errors


def check_source(source: Source, schema_name: str, record_depth: int) -> tuple[list[Finding], set[Pointer]]:
    """Findings for one file, and the pointers of the records (at ``record_depth``) that are invalid.

    Valid files (nearly all, nearly always) are confirmed by the compiled validator; only the records it
    rejects are walked by ``jsonschema``'s ``iter_errors``, so the findings are the same on both paths.
    """
    fast = fast_validator(schema_name)
    if fast is not None and fast.is_valid(source.data):
        return [], set()
    return _findings(source, _errors(schema_name, source.data, record_depth), record_depth)


def _findings(source: Source, errors: list[ValidationError], record_depth: int) -> tuple[list[Finding], set[Pointer]]:
    from jsonschema.exceptions import relevance

    findings: list[Finding] = []
    invalid: set[Pointer] = set()
    seen: set[tuple[str, Pointer]] = set()
    # most relevant first (jsonschema's relevance, as best_match uses it)
    for rank, error in enumerate(sorted(errors, key=relevance, reverse=True)):
        check, message, pointer = _message(_leaf(error))
        key = (check, pointer)
        if key in seen:
            continue
        seen.add(key)
        record = record_prefix(tuple(error.absolute_path), record_depth)
        invalid.add(record)
        record_line, _ = source.position(record)
        findings.append(source.finding(check, pointer, message).in_record(record_line, rank))
    return findings, invalid


class ListCheck:
    """``check_source`` for a file that is a plain list of records, fed one item at a time as it is parsed
    (the file never has to exist whole as data). ``ListCheck.of`` is None for a schema that constrains the
    list itself, or without the compiled validator: such files are checked whole."""

    def __init__(self, schema_name: str, items_schema: dict[str, Any]) -> None:
        self.name, self.items_schema = schema_name, items_schema
        self.fast = _fast_record_validator(schema_name, items_schema["$ref"])
        self.errors: list[ValidationError] = []

    @classmethod
    def of(cls, schema_name: str) -> "ListCheck | None":
        schema = annotation_schema(schema_name)
        lists = _record_lists(schema, [], 1)
        plain = set(schema) <= _PLAIN_LIST | {"$schema", "$id", "$defs"} and schema.get("type") == "array"
        if not plain or not lists or fast_validator(schema_name) is None:
            return None
        return cls(schema_name, lists[()])

    def item(self, index: int, item: Any) -> bool:
        """Whether item ``index`` is valid (its errors are kept for ``findings``)."""
        if self.fast.is_valid(item):
            return True
        errors = list(validator(self.name).descend(item, self.items_schema, path=index))
        self.errors += errors
        return not errors

    def findings(self, source: Source) -> tuple[list[Finding], set[Pointer]]:
        """What ``check_source`` reports for the whole file (the same sort: _errors gives these errors)."""
        return _findings(source, self.errors, 1) if self.errors else ([], set())
