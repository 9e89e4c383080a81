"""Parsing YAML text into plain data, fast: libyaml's C parser, the data built straight from its events (no node
graph is composed), text and plain integers without PyYAML's constructors, implicit tags of short scalars cached,
and a top-level list built one item at a time (so a long documents.yaml never exists whole). Anything unusual
falls back to PyYAML's whole-file load with a bounded composer, which raises the error ``sources`` turns into a
finding, so findings do not depend on the path taken.
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
    overflows the C stack (a segmentation fault no handler can catch). It serves the whole-file load (which
    reports problems) and the positions of findings; the fast path (``_value``) composes nothing."""

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
    expects). Its constructors serve the whole-file load, which reports problems; the fast path (``_value``)
    reads its events and calls its constructors for the rare scalars that are neither text, plain integers
    nor null."""

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
    """The fast load gives way to the whole-file load (which then reports any problem)."""


_SCALAR, _SEQ_START, _MAP_START = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_SEQ_END, _MAP_END = yaml.SequenceEndEvent, yaml.MappingEndEvent
_NULL = "tag:yaml.org,2002:null"


def _anchor(loader: Any, anchor: str) -> None:
    """An anchor (``&name``) is harmless without an alias (which is refused), but the composer refuses one
    that is defined twice: the whole-file load names it."""
    if anchor in loader.anchors:
        raise _Fallback
    loader.anchors[anchor] = None


def _tag(loader: Any, event: yaml.ScalarEvent) -> str:
    """A scalar's tag, as Composer.compose_scalar_node resolves it."""
    tag = event.tag
    return loader.resolve(yaml.ScalarNode, event.value, event.implicit) if tag is None or tag == "!" else tag


def _scalar(loader: Any, event: yaml.ScalarEvent) -> Any:
    """The value of a scalar event, as the composer's node and ``_FastLoader``'s constructors make it: text
    and plain decimal integers here, null as None, other scalars by PyYAML's constructors (which raise
    BadTag for a tag annotation files cannot hold)."""
    if event.anchor is not None:
        _anchor(loader, event.anchor)
    value, tag = event.value, event.tag
    if tag is None or tag == "!":
        tag = _RESOLVED.get(value) if tag is None and event.implicit[0] else None
        if tag is None:
            tag = _tag(loader, event)
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
    if tag == _NULL:
        return None  # construct_yaml_null, whatever the text
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
    return loader.construct_object(node, deep=True)


# The first characters of plain scalars that an implicit resolver may claim (a number, a boolean, null, a date,
# ``<<``, ``=``...): any other plain scalar is text. Read from the resolver itself, so it cannot drift.
_RESOLVING = frozenset(key for key in _FastLoader.yaml_implicit_resolvers if key)
_PLAIN_IS_TEXT = None not in _FastLoader.yaml_implicit_resolvers and not _FastLoader.yaml_path_resolvers


def _value(loader: Any, event: Any, depth: int) -> tuple[Any, Any]:
    """The plain data of the node whose first event is ``event`` (already read) at nesting ``depth`` (the
    root is at 1), built straight from libyaml's events, and the node's last event (its end mark).

    No node graph is composed: PyYAML's composer in Python cost more than libyaml's parser, and libyaml's
    own composer recurses in C (a file nested 25,000 deep overflowed the C stack). This loop keeps its own
    stack of open lists and mappings, so nothing recurses, and it gives up (``_Fallback``: the whole-file
    load with the bounded composer then decides and reports) on anything the bounded path might judge:
    an alias, an anchor defined twice, nesting past MAX_DEPTH, a repeated key, a list or mapping as a key,
    a tagged list or mapping. A scalar's unusable tag raises BadTag, with the same effect.

    The common scalars are handled inline (one event in four is a key, most others are text or offsets):
    a quoted or block scalar without a tag is text (what the resolver answers for it), a plain one is text
    when no implicit resolver starts with its first character, plain decimal digits are an integer; any
    other scalar goes through ``_scalar`` (the resolver, PyYAML's constructors)."""
    cls = type(event)
    if cls is _SCALAR:
        return _scalar(loader, event), event
    get = loader.get_event
    stack: list[tuple[Any, bool, Any, bool]] = []
    container: Any = None
    is_map = has_key = False
    key: Any = None
    shared, resolving, short, most = _SHARED, _RESOLVING, _RESOLVED_LEN, _RESOLVED_MAX
    inline = _PLAIN_IS_TEXT
    while True:
        if cls is _SCALAR:
            value = event.value
            if event.tag is not None or event.anchor is not None or not inline:
                value = _scalar(loader, event)
            elif event.implicit[0] and (not value or value[0] in resolving):  # plain: maybe not text
                if (value.isascii() and value.isdigit() and (value[0] != "0" or value == "0")
                        and len(value) <= 4000):
                    value = int(value)  # what the resolver and construct_yaml_int give (a leading 0: octal)
                else:
                    value = _scalar(loader, event)
            elif len(value) <= short:  # text: one object for each short text that repeats
                one = shared.get(value)
                if one is not None:
                    value = one
                elif len(shared) < most:
                    shared[value] = value
        elif cls is _MAP_START or cls is _SEQ_START:
            if event.tag is not None or (is_map and not has_key):
                raise _Fallback  # a tagged list or mapping, or one used as a key
            if event.anchor is not None:
                _anchor(loader, event.anchor)
            if depth + len(stack) > MAX_DEPTH:  # at most MAX_DEPTH levels of lists and mappings
                raise _Fallback
            stack.append((container, is_map, key, has_key))
            is_map = cls is _MAP_START
            container, has_key = ({} if is_map else []), False
            event = get()
            cls = type(event)
            continue
        elif cls is _MAP_END or cls is _SEQ_END:
            value = container
            container, is_map, key, has_key = stack.pop()
            if not stack:
                return value, event
        else:
            raise _Fallback  # an alias (or an event that cannot come here)
        if is_map:
            if has_key:
                container[key] = value
                has_key = False
            else:
                key = value if type(value) is str or isinstance(value, int) else str(value)
                if key in container:
                    raise _Fallback  # a repeated key: the whole-file load names it
                has_key = True
        else:
            container.append(value)
        event = get()
        cls = type(event)


class NotAList(Exception):
    """The root of the text is not a plain list (``iter_items`` yielded nothing)."""


# What the fast paths may raise on unusual text; ``load`` then loads the whole text, which reports it.
UNUSUAL = (_Fallback, yaml.YAMLError, DuplicateKey, BadTag, RecursionError, SharedNode)


def _open(loader: Any) -> Any:
    """The root's first event, after the stream and document starts."""
    loader.get_event()  # stream start
    if type(loader.get_event()) is not yaml.DocumentStartEvent:
        raise _Fallback  # an empty stream: the whole-file load gives None
    return loader.get_event()


def _close(loader: Any) -> None:
    """The document's end, and no second document (the whole-file load names one)."""
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        raise _Fallback


def _items(loader: Any) -> Iterator[Any]:
    """The items of the root list whose start the loader has just read, then the end of the stream. The
    anchors' names are kept for the whole file (no alias is built, but an anchor defined twice, even in two
    items, is refused by the whole-file load: so the item-by-item load gives way to it)."""
    get = loader.get_event
    event = get()
    while type(event) is not _SEQ_END:
        yield _value(loader, event, 2)[0]  # the items are nested in the root list
        loader.constructed_objects.clear()
        event = get()
    _close(loader)


def _is_list(event: Any) -> bool:
    return type(event) is _SEQ_START and event.anchor is None and event.tag is None


def iter_items(text: str | BinaryIO) -> Iterator[Any]:
    """The items of a root list, one at a time: the list itself exists only if the caller keeps the items.
    Raises NotAList before yielding anything when the root is not a plain list, and one of UNUSUAL (perhaps
    after some items) for anything that needs the whole-file load. ``text`` may be a binary file of UTF-8
    text (libyaml then reads it in chunks: a str it would first copy whole to UTF-8)."""
    loader = _FastLoader(text)
    try:
        if not _is_list(_open(loader)):
            raise NotAList
        yield from _items(loader)
    finally:
        loader.dispose()


# Where each record of a mapping's record lists is in the text: (list key, index) → (start, end) character
# offsets and the 0-based line and column of its first character. An error report composes just the
# records it names again to find line numbers, not the whole file.
Spans = dict[tuple[str, int], tuple[int, int, int, int]]


def _load_fast(text: str, spans: Spans | None = None) -> Any:
    """The happy path of load, from libyaml's events (``_value``): a root list item by item, as ``iter_items``;
    one of UNUSUAL for anything unusual. ``spans`` receives the records' spans of a mapping root."""
    loader = _FastLoader(text)
    try:
        event = _open(loader)
        if _is_list(event):
            return list(_items(loader))
        if spans is None or type(event) is not _MAP_START or event.anchor is not None or event.tag is not None:
            data = _value(loader, event, 1)[0]
            _close(loader)
            return data
        # A mapping root: its record lists item by item, noting where each record is in the text.
        get = loader.get_event
        data = {}
        event = get()
        while type(event) is not _MAP_END:
            if type(event) is not _SCALAR:
                raise _Fallback  # a list or mapping (or an alias) as a key
            key_event, key = event, _scalar(loader, event)
            key = key if isinstance(key, (str, int)) else str(key)
            if key in data:
                raise _Fallback
            event = get()
            if _is_list(event) and _tag(loader, key_event) == _STR:
                items = []
                event = get()
                while type(event) is not _SEQ_END:
                    start = event.start_mark
                    value, last = _value(loader, event, 3)
                    spans[key, len(items)] = (start.index, last.end_mark.index, start.line, start.column)
                    items.append(value)
                    event = get()
                data[key] = items
            else:
                data[key] = _value(loader, event, 2)[0]
            event = get()
        _close(loader)
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
