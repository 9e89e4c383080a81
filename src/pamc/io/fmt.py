"""Canonical layout of the hand-edited YAML files, derived from the models: key order is the models' field order.

Spans, dialogue-act segments and mentions are one-line flow mappings; lists of ids are flow lists; ids and
vocabulary values are plain scalars, every other text is double-quoted with no-break spaces written as
``\\u00a0`` so that they show in diffs. Leading comment lines are kept; a comment anywhere else is reported
rather than silently dropped.
"""

from __future__ import annotations

import os
import stat
import re
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pamc.model import tables as m
from pamc.io.locate import yaml_quote
from pamc.model.tables.introspect import model_inside
from pamc.model.kinds import file_kind

FLOW_MODELS = (m.Span, m.DialogueAct, m.Mention)
PLAIN_FIELDS = {"id", "document", "event", "speaker", "addressees", "participants", "mode", "language", "path",
                "basis", "outlet", "topics", "function", "entity", "publisher", "genre", "kind", "type",
                "place_entity", "vocabulary", "raw_file", "date_precision", "relation",
                "confidence", "news_utterance", "transcript_utterance", "embedded_in", "wikidata", "witness"}
SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9_./-]*$")
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none"}

def scalar(name: str, value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if name in PLAIN_FIELDS and SAFE.match(value) and value.lower() not in RESERVED:
        return value
    return yaml_quote(value)


def _flow(data: dict[str, Any], model: type[BaseModel]) -> str:
    parts = [f"{k}: {scalar(k, data[k])}" for k in model.model_fields if k in data]
    return "{" + ", ".join(parts) + "}"


def _mapping(data: dict[str, Any], model: type[BaseModel], indent: int) -> list[str]:
    out: list[str] = []
    for name, field in model.model_fields.items():
        if name in data:
            out += _pair(name, data[name], field.annotation, indent)
    return out


def _pair(name: str, value: Any, annotation: Any, indent: int) -> list[str]:
    pad = " " * indent
    model, is_list = model_inside(annotation)
    if value is None:
        return [f"{pad}{name}: null"]
    if is_list:
        if not value:
            return [f"{pad}{name}: []"]
        if model is None:
            return [f"{pad}{name}: [{', '.join(scalar(name, v) for v in value)}]"]
        if model in FLOW_MODELS:
            return [f"{pad}{name}:"] + [f"{pad}  - {_flow(v, model)}" for v in value]
        lines = [f"{pad}{name}:"]
        for v in value:
            sub = _mapping(v, model, indent + 4)
            sub[0] = f"{pad}  - {sub[0].lstrip()}"
            lines += sub
        return lines
    if model is not None:
        if model in FLOW_MODELS:
            return [f"{pad}{name}: {_flow(value, model)}"]
        return [f"{pad}{name}:"] + _mapping(value, model, indent + 2)
    return [f"{pad}{name}: {scalar(name, value)}"]


def dump(data: Any, model: type[BaseModel], is_list: bool, comments: list[str] | None = None) -> str:
    lines = list(comments or [])
    if is_list:
        if not data:
            lines.append("[]")
        for item in data:
            sub = _mapping(item, model, 2)
            sub[0] = f"- {sub[0].lstrip()}"
            lines += sub
    else:
        lines += _mapping(data, model, 0)
    return "\n".join(lines) + "\n"


def leading_comments(text: str) -> list[str]:
    """The header comment (a UTF-8 byte order mark before it is no part of it: the canonical form has none)."""
    lines = []
    for line in text.removeprefix("\ufeff").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def stray_comments(text: str) -> list[int]:
    """Line numbers of full-line comments after the header (the canonical form cannot keep them)."""
    header = len(leading_comments(text))
    return [i for i, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1)
            if i > header and line.lstrip().startswith("#")]


def canonical(text: str, data: Any, rel: str) -> str | None:
    kind = file_kind(rel)
    if kind is None:
        return None
    return dump(data, getattr(m, kind.model), kind.is_list, leading_comments(text))


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one step: a reader sees the old file or the new one, never half of it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))  # mkstemp makes it private (0600); keep the file's mode
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
