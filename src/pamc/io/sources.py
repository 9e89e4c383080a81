"""Reading the hand-edited YAML files, keeping the line and column of every value.

Errors found while reading (bad UTF-8, bad YAML, duplicate keys, oversized files) become findings,
never exceptions, so the validator can report them with everything else.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pamc.io.paths import Paths, link_message, regular_file
from pamc.model.findings import Finding, make, shown
from pamc.io import parsecache
from pamc.io.yamlload import MAX_DEPTH, BadTag, CachedLoader, DuplicateKey, SharedNode, Spans

MAX_FILE_BYTES = 20_000_000  # far above any real annotation file; refuses accidental or hostile giants
_CONSTRUCT = yaml.constructor.SafeConstructor()

Pointer = tuple[str | int, ...]


def pointer_str(pointer: Pointer) -> str:
    """RFC 6901 JSON pointer."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


@dataclass
class Source:
    """One parsed file: plain data for the checks, and the 1-based (line, column) of every value.

    Positions are computed only when a finding needs one (most files have none), by composing the text again,
    node by node: only the record the finding is in when the load noted where the records are (``spans``),
    else the whole file.
    """

    path: Path
    display: str
    data: Any
    positions: dict[Pointer, tuple[int, int]] | None = field(repr=False, default=None)
    spans: Spans = field(repr=False, default_factory=dict)
    record_positions: dict[Pointer, dict[Pointer, tuple[int, int]]] = field(repr=False, default_factory=dict)
    text: str | None = field(repr=False, default=None)  # read again for the first record that needs positions

    def position(self, pointer: Pointer) -> tuple[int, int]:
        """(line, column) of the value at ``pointer``, or of its nearest existing parent."""
        record = pointer[:2]
        positions = self._record(record) if len(record) == 2 and record in self.spans else None
        if positions is None:
            positions = self._file()
        for end in range(len(pointer), -1, -1):
            found = positions.get(pointer[:end])
            if found is not None:
                return found
        return 1, 1

    def _file(self) -> dict[Pointer, tuple[int, int]]:
        if self.positions is None:
            self.positions = {}
            try:
                node = yaml.compose(self.path.read_text(encoding="utf-8"), Loader=CachedLoader)
                if node is not None:
                    _positions(node, (), self.positions, 0)
            except (OSError, ValueError, yaml.YAMLError, RecursionError, SharedNode, DuplicateKey):
                pass  # the file changed or is broken since it was read: positions fall back to 1:1
        return self.positions

    def _record(self, record: Pointer) -> dict[Pointer, tuple[int, int]] | None:
        """The positions inside one record, from its own text (indented to its column, so columns are those
        of the file); None when that text does not compose alone (then the whole file is composed)."""
        found = self.record_positions.get(record)
        if found is None:
            start, end, line, column = self.spans[record]  # type: ignore[index]
            try:
                if self.text is None:
                    self.text = self.path.read_text(encoding="utf-8")
                node = yaml.compose(" " * column + self.text[start:end], Loader=CachedLoader)
                if node is None or (node.start_mark.line, node.start_mark.column) != (0, column):
                    return None
                found = {}
                _positions(node, record, found, line)
            except (OSError, ValueError, yaml.YAMLError, RecursionError, SharedNode, DuplicateKey):
                return None
            self.record_positions[record] = found
        return found

    def finding(self, check_id: str, pointer: Pointer, message: str) -> Finding:
        line, col = self.position(pointer)
        return make(check_id, self.display, message, line, col, pointer_str(pointer))


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return _CONSTRUCT.construct_yaml_bool(node)
    if tag == "int":
        return _CONSTRUCT.construct_yaml_int(node)
    if tag == "float":
        return _CONSTRUCT.construct_yaml_float(node)
    return node.value  # strings; timestamps and other types stay text and the schema judges them


def _positions(node: yaml.Node, pointer: Pointer, positions: dict[Pointer, tuple[int, int]], line: int) -> None:
    """Record the (line, column) of every value under a composed node, by JSON pointer, its lines shifted by
    ``line`` (the values themselves are not built: only mapping keys are, as the pointers need them). The
    node comes from the bounded composer (``CachedLoader``): no alias, no nesting past MAX_DEPTH."""
    positions[pointer] = (node.start_mark.line + line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, (*pointer, i), positions, line)
        return
    keys: set[Any] = set()
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise DuplicateKey("(a mapping or list used as a key)", key_node.start_mark)
        key = _scalar(key_node)
        key = key if isinstance(key, (str, int)) else str(key)
        if key in keys:
            raise DuplicateKey(str(key), key_node.start_mark)
        keys.add(key)
        _positions(value_node, (*pointer, key), positions, line)


def display_path(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


_ODD_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")  # line breaks to YAML, but not to editors or diffs
_ODD_BREAK_CHARS = ("\r", "\x85", "\u2028", "\u2029")  # no match without one of them
_BREAK_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR",
                "\r": "CARRIAGE RETURN (without a newline)"}
_ODD_BREAK_BYTES = re.compile(b"\xc2\x85|\xe2\x80[\xa8\xa9]|\r(?!\n)")  # the same in UTF-8


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]`` (lines end at newlines only)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def read_yaml(path: Path, root: Path) -> tuple[Source | None, list[Finding]]:
    """Read and parse one YAML file. Returns (source, []) or (None, findings)."""
    display = display_path(path, root)

    def fail(check_id: str, message: str, line: int = 1, column: int = 1) -> tuple[None, list[Finding]]:
        return None, [make(check_id, display, message, line, column)]

    if path.is_symlink():
        return fail("file-symlink", link_message(path, root))
    if not regular_file(path):
        if not path.exists():
            return fail("file-unreadable", "cannot be read: No such file or directory")
        return fail("file-unreadable", "is not a regular file (a folder, a named pipe or a device); annotation "
                                       "files must be regular files: remove or replace it")
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
    # The regular expression costs a second per 50 MB; the four characters' absence is checked far faster.
    odd = _ODD_BREAK.search(text) if any(char in text for char in _ODD_BREAK_CHARS) else None
    if odd is not None:  # YAML reads these as line breaks, silently: a value would end there
        line, column = _line_column(text, odd.start())
        char = odd.group()[0]
        return fail("file-line-break", f"has U+{ord(char):04X} {_BREAK_NAMES[char]} at "
                    f"line {line}, which YAML reads as a line break; use a plain newline, or write it as "
                    f"\\u{ord(char):04x} inside a double-quoted string", line, column)
    spans: Spans = {}
    try:
        data = parsecache.load(raw, text, spans)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(exc.problem or exc).split())
        context = f" ({' '.join(str(exc.context).split())})" if exc.context else ""
        if mark is None:
            return fail("yaml-syntax", f"is not valid YAML: {problem}{context}")
        return fail("yaml-syntax", f"is not valid YAML: {problem}{context}", mark.line + 1, mark.column + 1)
    except yaml.reader.ReaderError as exc:  # a control character: located by its position in the text
        # libyaml counts bytes of the UTF-8 text
        line, column = _line_column(text, len(text.encode("utf-8")[:exc.position].decode("utf-8", "ignore")))
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        return fail("yaml-syntax", f"has the control character U+{ord(char[:1] or ' '):04X} at line {line}, "
                    f"column {column}, which YAML does not allow; remove it", line, column)
    except yaml.YAMLError as exc:
        return fail("yaml-syntax", f"is not valid YAML: {' '.join(str(exc).split())}")
    except DuplicateKey as exc:
        return fail("yaml-duplicate-key", f"has the key {exc.key!r} twice in one mapping", exc.mark.line + 1,
                    exc.mark.column + 1)
    except BadTag as exc:
        mark = exc.node.start_mark
        return fail("yaml-tag", f"uses the tag {exc.tag}: {exc.reason}", mark.line + 1, mark.column + 1)
    except RecursionError:
        return fail("yaml-too-deep", f"nests deeper than {MAX_DEPTH} levels")
    except SharedNode:
        return fail("yaml-alias", "uses a YAML alias (*name); write the value out: aliases are not allowed in "
                                  "annotation files (one can expand to any size)")
    return Source(path=path, display=display, data=data, spans=spans), []


def is_clean_utf8(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether ``read_yaml`` would find nothing wrong with the file's bytes, read a chunk at a time (so that a large
    file can then be parsed from disk without being held whole). False for anything doubtful."""
    if path.is_symlink() or not regular_file(path):
        return False
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return False
        decoder = codecs.getincrementaldecoder("utf-8")()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(chunk), b""):
                if b"\x00" in block:  # in UTF-8 the byte 0 is only ever the character NUL
                    return False
                if _ODD_BREAK_BYTES.search(block) or block.endswith(b"\r"):  # read_yaml names them
                    return False
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return False
    return True


def load_documents_index(paths: Paths) -> dict[str, str]:
    """document id → raw text, for tools that only need the texts (no validation)."""
    source, findings = read_yaml(paths.documents_file, paths.root)
    if source is None:
        raise SystemExit("\n".join(f.render() for f in findings))
    texts: dict[str, str] = {}
    for d in source.data if isinstance(source.data, list) else []:
        if not (isinstance(d, dict) and isinstance(d.get("id"), str) and isinstance(d.get("raw_file"), str)):
            continue  # `pamc validate` reports it
        path = paths.root / d["raw_file"]
        if path.is_symlink() or not regular_file(path) or not path.resolve().is_relative_to(paths.raw.resolve()):
            raise SystemExit(f"error: {shown(d['raw_file'])} (document {d['id']!r}) is missing or not a regular "
                             "file inside raw/; `pamc validate` says more")
        texts[d["id"]] = path.read_bytes().decode("utf-8", "replace")
    return texts
