"""Parsing YAML text into plain data, fast: libyaml's C parser, text and plain integers built straight from its
nodes, implicit tags of short scalars cached, and a top-level list composed one item at a time (so a long
documents.yaml never exists whole as a node graph). Anything unusual falls back to PyYAML's whole-file load,
which raises the error ``sources`` turns into a finding, so findings do not depend on the path taken.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

MAX_DEPTH = 64
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where installed: ~10x faster


class SharedNode(Exception):
    """A YAML alias (``*name``). Refused whatever it names: an alias of a list or mapping can expand
    exponentially, and one of a long text, repeated millions of times, takes unbounded memory downstream."""


class DuplicateKey(Exception):
    def __init__(self, key: str, mark: Any) -> None:
        super().__init__(key)
        self.key, self.mark = key, mark


_STR, _INT, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "seq", "map"))
_RESOLVED: dict[str, str] = {}  # short plain scalar → implicit tag (it depends on the text alone)
_RESOLVED_MAX, _RESOLVED_LEN = 20_000, 40  # keys and vocabulary values repeat; long texts do not
# One object for each short text that repeats (publisher, genre, language, speaker, topic...): the records
# of documents.yaml are kept for the whole run, and a large corpus has 10,000 of them.
_SHARED: dict[str, str] = {}


_Composer = yaml.composer.Composer


class _BoundedComposer:
    """PyYAML's composer (Python) over libyaml's events, refusing nesting past MAX_DEPTH and any alias
    *before* composing further. libyaml's own composer recurses in C: a 50 KB file nested 25,000 deep
    overflows the C stack (a segmentation fault no handler can catch)."""

    compose_scalar_node = _Composer.compose_scalar_node
    compose_sequence_node = _Composer.compose_sequence_node
    compose_mapping_node = _Composer.compose_mapping_node
    compose_document = _Composer.compose_document
    get_single_node = _Composer.get_single_node
    get_node = _Composer.get_node
    check_node = _Composer.check_node

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.anchors: dict[str, yaml.Node] = {}
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            raise SharedNode
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:  # the root is at 1; MAX_DEPTH levels of nesting below it
                raise RecursionError
            return _Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


class _FastLoader(_BoundedComposer, LOADER):  # type: ignore[misc, valid-type]
    """libyaml's loader that refuses duplicate keys, unusable type tags, and keeps dates as text (as the schema
    expects). Its constructors serve the whole-file load, which reports problems; ``_construct`` is the fast
    path for well-formed files."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The implicit tag of a plain scalar from a cache: keys and vocabulary values repeat on every record,
        and PyYAML's regex resolver was a tenth of the load time."""
        if kind is not yaml.ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= _RESOLVED_LEN and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
        return tag


CachedLoader = _FastLoader  # for composing a file again (its positions): the cached resolver, depth-bounded


class BadTag(Exception):
    """A YAML type tag that annotation files cannot hold, or that does not fit its value."""

    def __init__(self, node: yaml.Node, reason: str) -> None:
        super().__init__(reason)
        self.node, self.reason = node, reason

    @property
    def tag(self) -> str:
        core = "tag:yaml.org,2002:"
        return "!!" + self.node.tag[len(core):] if self.node.tag.startswith(core) else self.node.tag


def _fast_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    if not isinstance(node, yaml.MappingNode):  # `!!map` written on a list or a scalar
        raise BadTag(node, f"a {node.id} cannot be a mapping")
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise DuplicateKey("(a mapping or list used as a key)", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        key = key if isinstance(key, (str, int)) else str(key)
        if key in out:
            raise DuplicateKey(str(key), key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _refuse(loader: Any, node: yaml.Node) -> Any:
    raise BadTag(node, "annotation files hold only text, numbers, booleans, null, lists and mappings")


def _scalar_tag(name: str, construct: Any) -> Any:
    """PyYAML's constructor for a scalar type, with a finding instead of a crash for a value it cannot take
    (`!!int abc`, `!!bool maybe`, `!!str` on a mapping)."""

    def run(loader: Any, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise BadTag(node, f"a {node.id} cannot be a {name}")
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise BadTag(node, f"{node.value[:40]!r} is not a valid {name}") from None

    return run


_FastLoader.add_constructor("tag:yaml.org,2002:map", _fast_mapping)
for _name in ("null", "bool", "int", "float", "str"):
    _FastLoader.add_constructor(f"tag:yaml.org,2002:{_name}",
                                _scalar_tag(_name, yaml.constructor.SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{_name}"]))
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _scalar_tag("timestamp", lambda loader, node: node.value))
for _name in ("binary", "set", "omap", "pairs"):  # bytes, sets and pair lists have no JSON Schema type
    _FastLoader.add_constructor(f"tag:yaml.org,2002:{_name}", _refuse)
_FastLoader.add_constructor(None, _refuse)  # local tags (`!thing`)


class _Fallback(Exception):
    """The item-by-item load gives way to the whole-file load (which then reports any problem)."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """Plain data from a composed node, the fast way: text, plain integers, lists and mappings are built
    here, other scalars by PyYAML's constructors. Anything unusual (a repeated key, a tagged collection)
    raises _Fallback, and the whole-file load reports it. The composer has already bounded the depth and
    refused aliases, so no node is shared and the recursion is shallow."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        tag, value = node.tag, node.value
        if tag == _STR:
            if len(value) > _RESOLVED_LEN:
                return value
            shared = _SHARED.get(value)
            if shared is None and len(_SHARED) < _RESOLVED_MAX:
                shared = _SHARED[value] = value
            return shared or value
        if (tag == _INT and value.isdigit() and value.isascii() and (value[0] != "0" or value == "0")
                and len(value) <= 4000):  # longer: Python refuses to convert it; the whole-file load reports it
            return int(value)  # what construct_yaml_int gives for plain decimals (a leading 0 means octal)
        return loader.construct_object(node, deep=True)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Fallback
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, (str, int)) else str(key)
            if key in out:
                raise _Fallback
            out[key] = _construct(loader, value_node)
        return out
    raise _Fallback


class NotAList(Exception):
    """The root of the text is not a plain list (``iter_items`` yielded nothing)."""


# What the item-by-item paths may raise on unusual text; ``load`` then loads the whole text, which reports it.
UNUSUAL = (_Fallback, yaml.YAMLError, DuplicateKey, BadTag, RecursionError, SharedNode)


def iter_items(text: str | BinaryIO) -> Iterator[Any]:
    """The items of a root list, one at a time: an item's node graph (about 50 times the size of the data)
    exists only while it is constructed, and the list itself only if the caller keeps the items. Raises
    NotAList before yielding anything when the root is not a plain list, and one of UNUSUAL (perhaps after
    some items) for anything that needs the whole-file load. ``text`` may be a binary file of UTF-8 text (libyaml
    then reads it in chunks: a str it would first copy whole to UTF-8)."""
    loader = _FastLoader(text)
    try:
        loader.get_event()  # stream start
        if not loader.check_event(yaml.DocumentStartEvent):
            raise _Fallback
        loader.get_event()
        start = loader.peek_event()
        if not isinstance(start, yaml.SequenceStartEvent) or start.anchor is not None or start.tag is not None:
            raise NotAList
        loader.get_event()
        loader.depth = 1  # the items are nested in the root list
        index = 0
        while not loader.check_event(yaml.SequenceEndEvent):
            item = _construct(loader, loader.compose_node(None, index))
            loader.constructed_objects.clear()
            loader.anchors.clear()  # an alias is refused anyway: the item's nodes need not be kept
            index += 1
            yield item
        loader.get_event()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Fallback  # a second document: the whole-file load says so
    finally:
        loader.dispose()


# Where each record of a mapping's record lists is in the text: (list key, index) → (start, end) character
# offsets and the 0-based line and column of its first character. An error report composes just the
# records it names again to find line numbers, not the whole file.
Spans = dict[tuple[str, int], tuple[int, int, int, int]]


def _load_fast(text: str, spans: Spans | None = None) -> Any:
    """The happy path of load: a root list item by item, any other root composed by libyaml at once;
    one of UNUSUAL for anything else. ``spans`` receives the records' spans of a mapping root."""
    try:
        return list(iter_items(text))
    except NotAList:
        pass
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        data = _construct(loader, node)
        if spans is not None and type(node) is yaml.MappingNode:
            for key_node, value_node in node.value:
                if key_node.tag == _STR and type(value_node) is yaml.SequenceNode:
                    for i, item in enumerate(value_node.value):
                        start, end = item.start_mark, item.end_mark
                        spans[key_node.value, i] = (start.index, end.index, start.line, start.column)
        return data
    finally:
        loader.dispose()


def load(text: str, spans: Spans | None = None) -> Any:
    """Plain data from YAML text. Any problem is reported by the whole-file load with PyYAML's constructors
    (and the same bounded composer), so findings do not depend on the path taken. ``spans`` (when given) receives where
    the records of a mapping's record lists are (left empty by the whole-file load)."""
    try:
        return _load_fast(text, spans)
    except UNUSUAL:
        if spans:
            spans.clear()
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader (libyaml's CSafeLoader)
