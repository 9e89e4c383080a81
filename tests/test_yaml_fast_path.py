"""The fast YAML path (``yamlload._value``: plain data built straight from libyaml's events, no node graph, no
composer) against the bounded whole-file load (PyYAML's composer in Python over the same events, which reports
every problem): the same data, the same record spans and the same findings on the real annotation files and on
hostile inputs; and a deeply nested file never reaches libyaml's C composer, which recurses in C and crashes."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pamc.io import yamlload
from pamc.io.sources import read_yaml

from .conftest import REPO


# These tests compare the ways of parsing: every read must parse (the cache would answer instead).
pytestmark = pytest.mark.usefixtures("no_parse_cache")


REAL = sorted((REPO / "annotations").rglob("*.yaml")) + sorted((REPO / "agreement").rglob("*.yaml"))


def _bounded(text: str):
    return yaml.load(text, Loader=yamlload._FastLoader)  # noqa: S506 - libyaml's safe loader, bounded composer


def _bounded_spans(text: str) -> yamlload.Spans:
    """The spans of a mapping root's record lists, from the nodes the bounded composer makes."""
    node = yaml.compose(text, Loader=yamlload.CachedLoader)
    spans: yamlload.Spans = {}
    if type(node) is yaml.MappingNode:
        for key_node, value_node in node.value:
            if key_node.tag == yamlload._STR and type(value_node) is yaml.SequenceNode:
                for i, item in enumerate(value_node.value):
                    start, end = item.start_mark, item.end_mark
                    spans[key_node.value, i] = (start.index, end.index, start.line, start.column)
    return spans


def _bounded_only(monkeypatch) -> None:
    monkeypatch.setattr(yamlload, "_load_fast", lambda text, spans=None: (_ for _ in ()).throw(yamlload._Fallback()))


def _both(path: Path, monkeypatch) -> tuple[tuple, tuple]:
    """read_yaml's (data, check ids, rendered findings with their lines and columns) by the fast path, then by
    the bounded whole-file load alone."""
    answers = []
    for bounded in (False, True):
        with monkeypatch.context() as patch:
            if bounded:
                _bounded_only(patch)
            source, problems = read_yaml(path, path.parent)
        answers.append((source and source.data, [f.check_id for f in problems], [f.render() for f in problems]))
    return answers[0], answers[1]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_real_file_takes_the_fast_path_and_gives_the_bounded_data_and_spans(path: Path):
    text = path.read_text(encoding="utf-8")
    spans: yamlload.Spans = {}
    data = yamlload._load_fast(text, spans)  # no fallback: the real files are what the fast path is for
    assert data == _bounded(text)
    assert spans == _bounded_spans(text)
    if path.parent.name == "documents":
        assert spans  # every utterance's record has its span
    if isinstance(data, list):
        assert list(yamlload.iter_items(text)) == data


@pytest.mark.parametrize("path", REAL[:3] + [p for p in REAL if p.parent.name == "documents"][:2],
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_real_file_reads_the_same_by_both_paths(path: Path, monkeypatch):
    fast, whole = _both(path, monkeypatch)
    assert fast == whole
    assert fast[1] == []


def _nest(shape: str, depth: int) -> str:
    """A root whose deepest node is at ``depth`` (the root is at 1), in one of several shapes."""
    if shape == "flow lists":  # the innermost list is empty: ``depth`` lists
        return "[" * depth + "]" * depth + "\n"
    if shape == "flow mappings":  # depth - 1 mappings and a scalar
        return "{a: " * (depth - 1) + "x" + "}" * (depth - 1) + "\n"
    if shape == "block lists":  # depth - 1 lists and a scalar, on one line
        return "- " * (depth - 1) + "x\n"
    if shape == "block mappings":
        return "".join("  " * i + "a:\n" for i in range(depth - 2)) + "  " * (depth - 2) + "a: x\n"
    if shape == "in a record":  # root mapping (1), record list (2), record (3), then flow lists
        inner = depth - 3
        return ("document: d\nutterances:\n  - id: d.u001\n    relay: " + "[" * inner + "]" * inner
                + "\n  - id: d.u002\n")
    raise ValueError(shape)


SHAPES = ["flow lists", "flow mappings", "block lists", "block mappings", "in a record"]
LIMIT = yamlload.MAX_DEPTH + 1  # the deepest node the bounded composer accepts (the root at 1)

HOSTILE = {
    # aliases: always refused, whatever they name
    "alias to an earlier item": "- &a {x: 1}\n- *a\n",
    "alias to a scalar": "a: &s text\nb: *s\n",
    "alias inside a record": "document: d\nutterances:\n  - {id: &i d.u001}\n  - {id: *i}\n",
    "undefined alias": "a: *nowhere\n",
    "small alias bomb": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n",
    "alias as a key": "a: &k key\n*k : 1\n",
    # anchors without aliases: accepted, as by the bounded composer
    "anchor on a scalar": "k: &a text\nl: x\n",
    "anchor on a list and a mapping": "a: &l [1, 2]\nb: &m {c: 3}\n",
    "anchor on a record list": "document: d\nutterances: &u\n  - {id: d.u001}\n",
    "anchor on the root": "&r {a: 1}\n",
    "anchor on a root list": "&r [1, 2]\n",
    "the same anchor twice": "a: &x 1\nb: &x 2\n",
    "the same anchor in two items of a root list": "- &x 1\n- &x 2\n",
    "the same anchor twice in one item of a root list": "- [&x 1, &x 2]\n",
    # repeated keys
    "repeated root key": "a: 1\na: 2\n",
    "repeated key in a record": "document: d\nutterances:\n  - {id: d.u001, id: d.u002}\n",
    "repeated key deep down": "a: {b: {c: [{d: 1, d: 2}]}}\n",
    "repeated key in a root list": "- {a: 1}\n- {b: 2}\n- {c: 3, c: 4}\n",
    "keys equal once built": "yes: 1\ntrue: 2\n",
    "null keys": "null: 1\n~: 2\n",
    "an int and a text key": "1: a\n'1': b\n",
    "a float key": "1.5: a\nb: c\n",
    "a list as a key": "? [a]\n: 1\n",
    "a mapping as a key": "{a: 1}: 2\n",
    # tags
    "bytes": "a: !!binary aGVsbG8=\n",
    "a set": "a: !!set {x: null}\n",
    "an ordered map": "a: !!omap [{a: 1}]\n",
    "pairs": "a: !!pairs [{a: 1}]\n",
    "a local tag": "a: !thing x\n",
    "a local tag on a mapping": "a: !thing {b: 1}\n",
    "a non-specific tag": "a: ! 12\n",
    "an int that is not one": "a: !!int abc\n",
    "a float that is not one": "a: !!float x\n",
    "a bool that is not one": "a: !!bool maybe\n",
    "a string tag on a mapping": "a: !!str {b: 1}\n",
    "a mapping tag on a scalar": "a: !!map x\n",
    "a list tag on a scalar": "a: !!seq x\n",
    "a tagged root mapping": "!!map {a: 1}\n",
    "a tagged root list on a mapping": "!!seq {a: 1}\n",
    "a tagged record list": "document: d\nutterances: !!seq\n  - {id: d.u001}\n",
    "a tagged key": "!!str 1: a\n",
    "tags that fit their values": "{a: !!int '3', b: !!str 3, c: !!float '1.5', d: !!bool 'yes', e: !!null 'x'}\n",
    "a timestamp tag": "a: !!timestamp 2020-01-01\n",
    "a timestamp stays text": "a: 2020-01-01\nb: 2001-12-14t21:59:43.10-05:00\n",
    # scalars of every kind
    "numbers": "{a: 017, b: 0o17, c: 0x1F, d: 1_000, e: -5, f: +5, g: 1.5e3, h: .inf, i: .nan, j: '007', k: 0}\n",
    "booleans and nulls": "[yes, No, true, FALSE, on, off, ~, null, Null, '', \"\"]\n",
    "a huge integer": "a: " + "9" * 5000 + "\n",
    "a long integer under the limit": "a: " + "9" * 3000 + "\n",
    "block texts": "a: |\n  one\n  two\nb: >-\n  three\n  four\n",
    # documents and syntax
    "empty": "",
    "only a comment": "# nothing\n",
    "an empty document": "---\n",
    "a scalar root": "text\n",
    "a second document": "a: 1\n---\nb: 2\n",
    "a second document after a list": "- a\n---\n- b\n",
    "an explicit document end": "a: 1\n...\n",
    "a syntax error at the end": "a: [1, 2\n",
    "a syntax error in a record": "document: d\nutterances:\n  - {id: d.u001}\n  - {id: [\n",
    "a tab as indentation": "a:\n\tb: 1\n",
    "a control character": "a: \x07\n",
}


@pytest.mark.parametrize("depth", [LIMIT - 2, LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2])
@pytest.mark.parametrize("shape", SHAPES)
def test_nesting_around_the_limit_gets_the_same_data_and_findings(tmp_path: Path, monkeypatch, shape: str,
                                                                   depth: int):
    path = tmp_path / "nested.yaml"
    path.write_text(_nest(shape, depth), encoding="utf-8")
    fast, whole = _both(path, monkeypatch)
    assert fast == whole
    assert fast[1] == (["yaml-too-deep"] if depth > LIMIT else [])


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_gets_the_same_data_and_findings_by_both_paths(tmp_path: Path, monkeypatch, name: str):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    fast, whole = _both(path, monkeypatch)
    assert fast == whole
    text = HOSTILE[name]
    if "*" in text:
        assert fast[1] == ["yaml-alias"]
    # iter_items (documents.yaml read item by item) agrees with the whole-file load where it yields
    try:
        items = list(yamlload.iter_items(text))
    except (yamlload.NotAList, *yamlload.UNUSUAL):
        return
    assert items == fast[0]


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\r"])
def test_line_breaks_yaml_reads_silently_are_still_found(tmp_path: Path, char: str):
    """read_yaml looks for them with a regular expression only when one of the four characters is in the text."""
    path = tmp_path / "breaks.yaml"
    path.write_bytes(f"a: 1\r\nb: 'x{char}y'\n".encode())
    source, findings = read_yaml(path, tmp_path)
    assert source is None and [(f.check_id, f.line) for f in findings] == [("file-line-break", 2)]
    path.write_bytes(b"a: 1\r\nb: 'xy'\r\n")  # Windows line ends are plain line ends
    assert read_yaml(path, tmp_path)[0].data == {"a": 1, "b": "xy"}


def test_the_fast_path_itself_refuses_what_the_bounded_path_must_judge():
    """No alias, no nesting past the limit, no repeated key is ever built by the fast path: it gives way."""
    gives_way = [HOSTILE[name] for name in ("alias to a scalar", "small alias bomb", "repeated root key",
                                            "repeated key in a record", "the same anchor twice", "a list as a key")]
    gives_way += [_nest(shape, LIMIT + 1) for shape in SHAPES]
    gives_way += [_nest("flow lists", 25_000), "- " * 25_000 + "x\n"]
    for text in gives_way:
        with pytest.raises(yamlload.UNUSUAL):
            yamlload._load_fast(text, {})


def test_spans_of_every_record_equal_the_composed_nodes_marks():
    text = (REPO / "annotations/documents/kremlin-2018-05-17-sochi.yaml").read_text(encoding="utf-8")
    text += "extra:\n- [1, 2]\n- {a: b}\n- plain\n- 'quoted'\n- |\n  block\n  text\n- null\n"
    spans: yamlload.Spans = {}
    yamlload._load_fast(text, spans)
    assert spans == _bounded_spans(text)
    assert ("extra", 5) in spans and ("extra", 6) not in spans


def test_no_fast_path_class_composes_with_libyamls_c_composer():
    """The loader used everywhere composes (when it composes at all) with PyYAML's Python composer."""
    composer = yaml.composer.Composer
    for name in ("get_single_node", "get_node", "check_node", "compose_document"):
        assert getattr(yamlload._FastLoader, name) is getattr(composer, name), name
    assert yamlload.CachedLoader is yamlload._FastLoader


DEEP = {
    "flow lists": "[" * 200_000 + "]" * 200_000,
    "flow mappings": "{a: " * 50_000 + "}" * 50_000,
    "block lists": "- " * 100_000 + "x",
    "in a record": "document: d\nutterances:\n  - id: d.u001\n    relay: " + "[" * 100_000 + "]" * 100_000,
}

PROBE = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pamc.io import yamlload
from pamc.io.sources import read_yaml
path = Path(sys.argv[2])
text = path.read_text(encoding="utf-8")
for load in (lambda: yamlload.load(text, {}), lambda: list(yamlload.iter_items(text))):
    try:
        load()
    except (yamlload.NotAList, *yamlload.UNUSUAL) as exc:
        pass
    else:
        raise SystemExit("loaded")
source, findings = read_yaml(path, path.parent)
print(" ".join(f.check_id for f in findings))
"""

CONTROL = "import sys, yaml; yaml.compose(open(sys.argv[1]).read(), Loader=yaml.CSafeLoader)"


def _capped(*args: str) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, preexec_fn=limit,
                          check=False)


@pytest.mark.parametrize("shape", DEEP)
def test_a_deeply_nested_file_never_reaches_the_c_composer(tmp_path: Path, shape: str):
    """In a process capped at 1 GiB and 60 s: the file that crashes libyaml's C composer (the control, which
    must die of a signal) is refused as too deep by the fast path, the whole-file load and read_yaml."""
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP[shape] + "\n", encoding="utf-8")
    if shape == "flow lists":
        control = _capped("-c", CONTROL, str(path))
        assert control.returncode < 0, (control.returncode, control.stderr[-500:])  # SIGSEGV: a C stack overflow
    answer = _capped("-c", PROBE, str(REPO / "src"), str(path))
    assert answer.returncode == 0, answer.stderr[-2000:]
    assert answer.stdout.split() == ["yaml-too-deep"]


def _outcome(load, text: str):
    try:
        return "data", load(text)
    except (yamlload._Fallback, yaml.YAMLError, yamlload.BadTag, yamlload.SharedNode, yamlload.DuplicateKey,
            RecursionError) as exc:
        return "refused", type(exc).__name__


def test_the_inline_scalar_shortcuts_agree_with_the_resolver_and_constructors():
    """Text without the resolver (quoted, or a plain scalar whose first character no implicit resolver
    claims) and plain decimal digits as integers: every first character, digits with leading zeros, digits
    of other scripts, integers at Python's conversion limit, as values and as keys."""
    rests = ["", "1", "0", "es", "ES", "rue", "ull", "ff", "n", ".5", "e3", ":30", "-01-01", "_0", "x y", "<"]
    values = [chr(i) + rest for i in range(33, 127) for rest in rests]
    values += ["0", "00", "007", "09", "1_000", "١٢", "²", "+1", "-0", "9" * 4000, "9" * 4001, "1" + "0" * 4299,
               "1" + "0" * 4300, "~", "", "é", "ÿes", "日本"]
    whole = lambda text: _bounded(text)  # noqa: E731
    fast = lambda text: yamlload._load_fast(text, {})  # noqa: E731
    for value in values:
        for text in (f"k: {value}\n", f"{value}: k\n", f"- [{value}, '{value}', \"{value}\"]\n", f"{value}\n"):
            got, want = _outcome(fast, text), _outcome(whole, text)
            if got[0] == "data":  # the fast path may give way (then the whole-file load decides): never differ
                assert got == want, text
                assert [type(v) for v in _leaves(got[1])] == [type(v) for v in _leaves(want[1])], text


def _leaves(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _leaves(value)
    elif isinstance(data, list):
        for value in data:
            yield from _leaves(value)
    else:
        yield data
