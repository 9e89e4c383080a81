"""Differences between two published releases, table by table, by stable id."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pamc.io.paths import regular_file
from pamc.model.findings import shown


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


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row with its nested mappings spelled out as dotted fields (``translation.complete``), lists kept whole."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and value:
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _fields(rows: dict[str, dict[str, Any]]) -> set[str]:
    return {f for row in rows.values() for f in row}


def _get(row: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        row = row.get(part) if isinstance(row, dict) else None
    return row


def _manifest(release: Path) -> set[str] | None:
    """The paths the release's SHA256SUMS lists (None: no readable manifest)."""
    sums = release / "SHA256SUMS"
    if sums.is_symlink() or not regular_file(sums):
        return None
    try:
        return {line.split("  ", 1)[-1] for line in sums.read_text(encoding="utf-8").splitlines()}
    except (OSError, UnicodeDecodeError):
        return None


def _listed(release: Path) -> set[str]:
    """The tables whose JSON Lines file the manifest lists."""
    return {p[len("jsonl/"):-len(".jsonl")] for p in _manifest(release) or ()
            if p.startswith("jsonl/") and p.endswith(".jsonl") and "/" not in p[len("jsonl/"):]}


def _absent(release: Path, table: str) -> bool:
    """The table did not exist in that release: no JSON Lines file, and its manifest does not list one (a table
    the manifest lists but that is gone is a damaged release, which ``load_table`` reports)."""
    rel = f"jsonl/{table}.jsonl"
    listed = _manifest(release)
    return not (release / rel).exists() and listed is not None and rel not in listed


def diff(old: Path, new: Path) -> dict[str, dict[str, Any]]:
    """table → {added: [ids], removed: [ids], changed: {id: {field: [old value, new value]}}, fields_added:
    {field: {value as JSON: rows}}, fields_removed: [fields]}. A field that only one release has (a new column,
    or a new key of a nested record) is summarised once for the table, not repeated on every row. Raises
    DiffError listing every missing or damaged table file of either release."""
    tables = sorted({p.stem for r in (old, new) for p in (r / "jsonl").glob("*.jsonl")} | _listed(old) | _listed(new))
    problems: list[str] = []
    out = {}
    for table in tables:
        new_table = _absent(old, table)  # a table this version introduces: every row is added
        if _absent(new, table):  # a table this version drops: every row is removed
            raw_a, raw_b = load_table(old, table, problems), {}
        else:
            raw_a = {} if new_table else load_table(old, table, problems)
            raw_b = load_table(new, table, problems)
        new_columns = _fields(raw_b) - _fields(raw_a)  # summarised for the table, not repeated on every row
        a = {k: _flat(r) for k, r in raw_a.items()}
        b = {k: _flat({c: v for c, v in r.items() if c not in new_columns}) for k, r in raw_b.items()}
        fa, fb = _fields(a), _fields(b)
        # a key new inside a nested record (translation.complete), not one that replaced a nested record by null
        new_keys = {f for f in fb - fa if not any(g.startswith(f + ".") for g in fa)}
        compared = sorted((fa | fb) - new_keys)
        changed = {k: {f: [a[k].get(f), b[k].get(f)] for f in compared if a[k].get(f) != b[k].get(f)}
                   for k in sorted(set(a) & set(b))}
        added_fields = {f: dict(Counter(json.dumps(_get(raw_b[k], f), ensure_ascii=False, sort_keys=True)
                                        for k in raw_b).most_common()) for f in sorted(new_columns | new_keys)}
        removed = _fields(raw_a) - _fields(raw_b)
        if new_table:
            added_fields = {}
        out[table] = {**({"new_table": True} if new_table else {}),
                      "added": sorted(set(b) - set(a)), "removed": sorted(set(a) - set(b)),
                      "changed": {k: v for k, v in changed.items() if v},
                      "fields_added": added_fields, "fields_removed": sorted(removed)}
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
        if d.get("new_table"):  # its rows are all new: listed in the JSON form, counted here
            lines.append(f"{table}: new table, {len(d['added'])} rows")
            continue
        lines.append(f"{table}: {len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed")
        for f, values in d.get("fields_added", {}).items():
            shown_values = list(values.items())
            summary = ", ".join(f"{_value(json.loads(v), 40)} in {n}" for v, n in shown_values[:3])
            more = f", {len(shown_values) - 3} other values" if len(shown_values) > 3 else ""
            lines.append(f"  new field {f}: {summary}{more}")
        lines += [f"  field removed: {f}" for f in d.get("fields_removed", [])]
        lines += [f"  + {k}" for k in d["added"]]
        lines += [f"  - {k}" for k in d["removed"]]
        for k, fields in d["changed"].items():
            lines.append(f"  ~ {k}: {', '.join(fields)}")
            lines += [f"      {f}: {_value(o)} -> {_value(n)}" for f, (o, n) in fields.items()]
    return "\n".join(lines)
