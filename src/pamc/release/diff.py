"""Differences between two published releases, table by table, by stable id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _key(table: str, row: dict[str, Any]) -> str:
    return f"{row['vocabulary']}:{row['id']}" if table == "vocabularies" else str(row["id"])


def load_table(release: Path, table: str) -> dict[str, dict[str, Any]]:
    path = release / "jsonl" / f"{table}.jsonl"
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {_key(table, r): r for r in rows}


def diff(old: Path, new: Path) -> dict[str, dict[str, Any]]:
    """table → {added: [ids], removed: [ids], changed: {id: [fields]}}."""
    tables = sorted({p.stem for p in (old / "jsonl").glob("*.jsonl")} | {p.stem for p in (new / "jsonl").glob("*.jsonl")})
    out = {}
    for table in tables:
        a, b = load_table(old, table), load_table(new, table)
        changed = {k: sorted(f for f in set(a[k]) | set(b[k]) if a[k].get(f) != b[k].get(f))
                   for k in sorted(set(a) & set(b)) if a[k] != b[k]}
        out[table] = {"added": sorted(set(b) - set(a)), "removed": sorted(set(a) - set(b)), "changed": changed}
    return out


def render(result: dict[str, dict[str, Any]], old: str, new: str) -> str:
    lines = [f"{old} -> {new}"]
    for table, d in result.items():
        lines.append(f"{table}: {len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed")
        lines += [f"  + {k}" for k in d["added"]]
        lines += [f"  - {k}" for k in d["removed"]]
        lines += [f"  ~ {k}: {', '.join(fields)}" for k, fields in d["changed"].items()]
    return "\n".join(lines)
