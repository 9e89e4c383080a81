"""Schema checks: every record of every hand-edited file against the JSON Schema generated from the models.

All errors are reported, not the first; for alternatives (``anyOf``: a value or null) the most relevant
branch is reported, as ``jsonschema.exceptions.best_match`` chooses it.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from ..schema_files import annotation_schema
from ..sources import Pointer, Source

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
        error = best_match(error.context)
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


def check_source(source: Source, schema_name: str, record_depth: int) -> tuple[list[Finding], set[Pointer]]:
    """Findings for one file, and the pointers of the records (at ``record_depth``) that are invalid.

    Valid files (nearly all, nearly always) are confirmed by the compiled validator; only a file it rejects is
    walked by ``jsonschema``'s ``iter_errors``, so the findings are the same on both paths.
    """
    fast = fast_validator(schema_name)
    if fast is not None and fast.is_valid(source.data):
        return [], set()
    from jsonschema.exceptions import relevance

    errors = sorted(validator(schema_name).iter_errors(source.data), key=relevance, reverse=True)
    findings: list[Finding] = []
    invalid: set[Pointer] = set()
    seen: set[tuple[str, Pointer]] = set()
    for rank, error in enumerate(errors):  # most relevant first (jsonschema's relevance, as best_match uses it)
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
