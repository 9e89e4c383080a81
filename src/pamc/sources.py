"""Reading the hand-edited YAML files, keeping the line and column of every value.

Errors found while reading (bad UTF-8, bad YAML, duplicate keys, oversized files) become findings,
never exceptions, so the validator can report them with everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .findings import Finding, make
from .paths import Paths

MAX_FILE_BYTES = 20_000_000  # far above any real annotation file; refuses accidental or hostile giants
MAX_DEPTH = 64

Pointer = tuple[str | int, ...]


def pointer_str(pointer: Pointer) -> str:
    """RFC 6901 JSON pointer."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


@dataclass
class Source:
    """One parsed file: plain data for the checks, the ruamel tree for positions."""

    path: Path
    display: str
    data: Any
    tree: Any = field(repr=False, default=None)

    def position(self, pointer: Pointer) -> tuple[int, int]:
        """1-based (line, column) of the value at ``pointer``, or of its nearest existing parent."""
        node = self.tree
        line, col = 1, 1
        for part in pointer:
            if isinstance(node, CommentedMap) and part in node:
                ln, cl = node.lc.value(part) if node.lc.data and part in node.lc.data else (node.lc.line, node.lc.col)
                line, col = ln + 1, cl + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                ln, cl = node.lc.item(part)
                line, col = ln + 1, cl + 1
                node = node[part]
            else:
                break
        if line == 1 and col == 1 and isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
            line, col = node.lc.line + 1, node.lc.col + 1
        return line, col

    def finding(self, check_id: str, pointer: Pointer, message: str) -> Finding:
        line, col = self.position(pointer)
        return make(check_id, self.display, message, line, col, pointer_str(pointer))


class SharedNode(Exception):
    """A YAML alias: the same mapping or sequence appears twice."""


def _plain(node: Any, depth: int = 0, seen: set[int] | None = None) -> Any:
    """ruamel's round-trip types turned into plain dict/list/str/int/float/bool/None.

    Aliases are refused rather than expanded: an alias-heavy file (a "billion laughs" bomb) would otherwise
    grow exponentially here, and hand-edited annotation files have no use for them.
    """
    if depth > MAX_DEPTH:
        raise RecursionError
    seen = set() if seen is None else seen
    if isinstance(node, (dict, list)):
        if id(node) in seen:
            raise SharedNode
        seen.add(id(node))
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, (str, int)) else k: _plain(v, depth + 1, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, depth + 1, seen) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)  # strings; dates and other YAML types become text and the schema reports the type


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def read_yaml(path: Path, root: Path) -> tuple[Source | None, list[Finding]]:
    """Parse one YAML file. Returns (source, []) or (None, findings)."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def fail(check_id: str, message: str, line: int = 1, column: int = 1) -> tuple[None, list[Finding]]:
        return None, [make(check_id, display, message, line, column)]

    if path.is_symlink():
        return fail("file-symlink", "is a symbolic link; annotation files must be regular files inside the repository")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return fail("file-unreadable", f"cannot be read: {exc.strerror}")
    if size > MAX_FILE_BYTES:
        return fail("file-too-large", f"is {size} bytes, more than the limit of {MAX_FILE_BYTES}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail("file-unreadable", f"cannot be read: {exc.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail("file-encoding", f"is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}", line)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return fail("file-encoding", "contains a NUL character", line)
    try:
        tree = _yaml().load(text)
        data = _plain(tree)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        check = "yaml-duplicate-key" if "duplicate key" in str(exc.problem or "") else "yaml-syntax"
        problem = " ".join(str(exc.problem or exc).split())
        context = f" ({' '.join(str(exc.context).split())})" if exc.context else ""
        if mark is None:
            return fail(check, f"is not valid YAML: {problem}{context}")
        return fail(check, f"is not valid YAML: {problem}{context}", mark.line + 1, mark.column + 1)
    except YAMLError as exc:
        return fail("yaml-syntax", f"is not valid YAML: {' '.join(str(exc).split())}")
    except RecursionError:
        return fail("yaml-too-deep", f"nests deeper than {MAX_DEPTH} levels")
    except SharedNode:
        return fail("yaml-alias", "uses a YAML alias (*name) for a mapping or list; write the value out: "
                                  "aliases are not allowed in annotation files")
    return Source(path=path, display=display, data=data, tree=tree), []


def load_documents_index(paths: Paths) -> dict[str, str]:
    """document id → raw text, for tools that only need the texts (no validation)."""
    source, findings = read_yaml(paths.documents_file, paths.root)
    if source is None:
        raise SystemExit("\n".join(f.render() for f in findings))
    return {d["id"]: (paths.root / d["raw_file"]).read_text(encoding="utf-8") for d in source.data}
