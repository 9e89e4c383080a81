"""Differences between two published releases, table by table, by stable id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..paths import regular_file, shown


class DiffError(Exception):
    """Table files that are missing or damaged; ``problems`` has one line for each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _key(table: str, row: dict[str, Any]) -> str:
    return f"{row['vocabulary']}:{row['id']}" if table == "vocabularies" else str(row["id"])


def load_table(release: Path, table: str, problems: list[str]) -> dict[str, dict[str, Any]]:
    """The rows of one table's JSON Lines file by id; a missing or damaged file adds to ``problems``."""
    path = release / "jsonl" / f"{table}.jsonl"
    name = shown(str(path))
    if path.is_symlink() or not regular_file(path):
        problems.append(f"{name}: missing; the release is incomplete (`pamc verify` tells what else is)")
        return {}
    rows: dict[str, dict[str, Any]] = {}
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                problems.append(f"{name}:{number}: not a JSON object ({type(exc).__name__}); the file is damaged "
                                "(`pamc verify` checks it against the release's checksums)")
                continue
            needed = ("id", "vocabulary") if table == "vocabularies" else ("id",)
            if not isinstance(row, dict) or any(k not in row for k in needed):
                problems.append(f"{name}:{number}: a row without {' and '.join(needed)}; the file is damaged")
                continue
            rows[_key(table, row)] = row
    return rows


def diff(old: Path, new: Path) -> dict[str, dict[str, Any]]:
    """table → {added: [ids], removed: [ids], changed: {id: {field: [old value, new value]}}}. Raises DiffError
    listing every missing or damaged table file of either release."""
    tables = sorted({p.stem for p in (old / "jsonl").glob("*.jsonl")} | {p.stem for p in (new / "jsonl").glob("*.jsonl")})
    problems: list[str] = []
    out = {}
    for table in tables:
        a, b = load_table(old, table, problems), load_table(new, table, problems)
        changed = {k: {f: [a[k].get(f), b[k].get(f)] for f in sorted(set(a[k]) | set(b[k])) if a[k].get(f) != b[k].get(f)}
                   for k in sorted(set(a) & set(b)) if a[k] != b[k]}
        out[table] = {"added": sorted(set(b) - set(a)), "removed": sorted(set(a) - set(b)), "changed": changed}
    if not tables:
        problems.append(f"{shown(str(old / 'jsonl'))}, {shown(str(new / 'jsonl'))}: no table files; not releases?")
    if problems:
        raise DiffError(problems)
    return out


def _value(value: Any, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render(result: dict[str, dict[str, Any]], old: str, new: str) -> str:
    lines = [f"{old} -> {new}"]
    for table, d in result.items():
        lines.append(f"{table}: {len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed")
        lines += [f"  + {k}" for k in d["added"]]
        lines += [f"  - {k}" for k in d["removed"]]
        for k, fields in d["changed"].items():
            lines.append(f"  ~ {k}: {', '.join(fields)}")
            lines += [f"      {f}: {_value(o)} -> {_value(n)}" for f, (o, n) in fields.items()]
    return "\n".join(lines)
