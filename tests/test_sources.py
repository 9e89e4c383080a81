"""The fast YAML path: long top-level lists (documents.yaml of a large corpus) loaded one item at a time, text and
plain integers built without PyYAML's constructors; the same data and the same findings as PyYAML's whole-file
load, which takes over whenever the input is unusual."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
import yaml

from pamc.io import yamlload
from pamc.io.sources import read_yaml

from .conftest import REPO


# These tests compare the ways of parsing: every read must parse (the cache would answer instead).
pytestmark = pytest.mark.usefixtures("no_parse_cache")


def _whole(text: str):
    return yaml.load(text, Loader=yamlload._FastLoader)  # noqa: S506 - libyaml's safe loader


YAML_FILES = sorted((REPO / "annotations").rglob("*.yaml")) + sorted((REPO / "agreement").rglob("*.yaml"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_annotation_file_loads_the_same_item_by_item(path: Path):
    text = path.read_text(encoding="utf-8")
    assert yamlload.load(text) == _whole(text)


def test_the_fast_path_builds_what_pyyaml_builds():
    for text in ("- a: 1\n- [x, 2]\n- null\n- 2020-01-01\n", "a: [1, 2]\nb: {c: '3', d: 0o17, e: 017, f: 1_000}\n",
                 "- {n: -5, x: 0x1F, y: 1.5, z: yes, w: ~, v: 12:30, u: '007'}\n", "[]\n", "k: &a text\nl: x\n"):
        assert yamlload._load_fast(text) == _whole(text), text
    assert yamlload.load("") is None


def test_the_fast_path_gives_way_on_anything_unusual():
    for text in ("", "- &a [1]\n- *a\n", "a: &a {b: 1}\nc: *a\n", "a: 1\na: 2\n", "- 1\n---\n- 2\n",
                 "a: !!set {x: null}\n", "a: " + "[" * 70 + "]" * 70 + "\n", "k: &a text\nl: *a\n"):
        with pytest.raises((yamlload._Fallback, yaml.YAMLError, yamlload.BadTag, yamlload.SharedNode, RecursionError)):
            yamlload._load_fast(text)


BROKEN_LISTS = {
    "alias to an earlier item": ("- &a {x: 1}\n- *a\n", "yaml-alias"),
    "alias to a scalar (refused too: repeated, one long text takes unbounded memory)": ("- &a text\n- {k: *a}\n", "yaml-alias"),
    "duplicate key in the third item": ("- {a: 1}\n- {b: 2}\n- {c: 3, c: 4}\n", "yaml-duplicate-key"),
    "syntax error after a duplicate key": ("- {a: 1, a: 2}\n- {b: [\n", "yaml-syntax"),
    "second document": ("- a\n---\n- b\n", "yaml-syntax"),
    "undefined alias": ("- *nowhere\n", "yaml-alias"),
    "tagged root": ("!!map\n- a\n", "yaml-tag"),
    "mapping tag on a scalar": ("- !!map a\n", "yaml-tag"),
    "mapping tag on a key": ("- {!!map a: 1}\n", "yaml-tag"),
    "bytes": ("- {note: !!binary aGVsbG8=}\n", "yaml-tag"),
    "a set": ("- !!set {a: null}\n", "yaml-tag"),
    "an ordered map": ("- !!omap [{a: 1}]\n", "yaml-tag"),
    "a local tag": ("- !thing x\n", "yaml-tag"),
    "an int that is not one": ("- {n: !!int abc}\n", "yaml-tag"),
    "a float that is not one": ("- {n: !!float x}\n", "yaml-tag"),
    "a bool that is not one": ("- {n: !!bool maybe}\n", "yaml-tag"),
    "a string tag on a mapping": ("- {n: !!str {a: 1}}\n", "yaml-tag"),
    "a timestamp tag on a list": ("- {n: !!timestamp [1]}\n", "yaml-tag"),
    "tags that fit their values": ("- {a: !!int '3', b: !!str 3, c: !!float '1.5', d: !!bool 'yes', e: !!null ''}\n", None),
    "nested too deep": ("- " + "[" * 80 + "]" * 80 + "\n", "yaml-too-deep"),
}


@pytest.mark.parametrize("text, check_id", BROKEN_LISTS.values(), ids=BROKEN_LISTS.keys())
def test_a_broken_list_gets_the_findings_of_the_whole_file_load(tmp_path: Path, monkeypatch, text: str,
                                                               check_id: str | None):
    path = tmp_path / "documents.yaml"
    path.write_text(text, encoding="utf-8")
    streamed = read_yaml(path, tmp_path)
    monkeypatch.setattr(yamlload, "_load_fast", lambda text, spans=None: (_ for _ in ()).throw(yamlload._Fallback()))
    whole = read_yaml(path, tmp_path)
    assert [f.render() for f in streamed[1]] == [f.render() for f in whole[1]]
    assert [f.check_id for f in streamed[1]] == ([check_id] if check_id else [])
    assert (streamed[0] and streamed[0].data) == (whole[0] and whole[0].data)


def test_loading_a_long_list_never_holds_its_whole_node_graph():
    """Peak memory (Python allocations) of loading 5,000 small records, item by item and whole."""
    text = "".join(f"- id: record-{i}\n  title: {{start: {i}, end: {i + 5}, text: words}}\n  tags: [a, b, c]\n"
                   for i in range(5_000))
    peak = {}
    tracemalloc.start()
    try:
        for name, load in (("items", yamlload.load), ("whole", _whole)):
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            data = load(text)
            peak[name] = tracemalloc.get_traced_memory()[1] - base
            del data
    finally:
        tracemalloc.stop()
    assert peak["items"] * 3 < peak["whole"], peak


def test_the_implicit_tag_cache_holds_only_short_values_and_stays_bounded(monkeypatch):
    monkeypatch.setattr(yamlload, "_RESOLVED", {})
    monkeypatch.setattr(yamlload, "_RESOLVED_MAX", 50)
    text = "".join(f"- {{key: value {i}, long: {'word ' * 20}{i}, n: {i}}}\n" for i in range(200))
    assert yamlload.load(text) == _whole(text)
    assert 0 < len(yamlload._RESOLVED) <= 50
    assert all(len(value) <= yamlload._RESOLVED_LEN for value in yamlload._RESOLVED)


def test_a_root_list_streams_item_by_item_from_text_or_from_the_open_file(tmp_path):
    """iter_items gives load's items one at a time, from a str or from a binary file that libyaml reads in
    chunks (documents.yaml is never held whole); a root that is not a list is refused before any item."""
    path = REPO / "annotations/documents.yaml"
    text = path.read_text(encoding="utf-8")
    assert list(yamlload.iter_items(text)) == yamlload.load(text) == _whole(text)
    with path.open("rb") as stream:
        assert list(yamlload.iter_items(stream)) == _whole(text)
    with pytest.raises(yamlload.NotAList):
        next(yamlload.iter_items("a: [1, 2]\n"))
    items = yamlload.iter_items("- {a: 1}\n- {b: 2}\n- {c: 3, c: 4}\n")
    assert [next(items), next(items)] == [{"a": 1}, {"b": 2}]
    with pytest.raises(yamlload.UNUSUAL):  # the third item needs the whole-file load, which reports it
        next(items)


def test_short_repeated_texts_share_one_object():
    first, second = yamlload.load("- {genre: transcript}\n- {genre: transcript}\n")
    assert first["genre"] is second["genre"]


def test_a_record_composed_alone_gives_the_positions_the_whole_file_gives(tmp_path):
    """An error report composes again only the records its findings are in (from the spans the load noted):
    on every annotation file of the corpus, the fixtures and 30 random damages, every value of every record
    has the line and column that composing the whole file gives."""
    import random
    import shutil

    from .conftest import FIXTURES
    from .mutations import data_mutation, text_mutation

    bases = [REPO, FIXTURES / "valid", *sorted((FIXTURES / "invalid").iterdir())]
    for seed in range(30):
        root = tmp_path / f"fuzz-{seed}"
        shutil.copytree(FIXTURES / "valid", root)
        (data_mutation if seed % 2 else text_mutation)(root, random.Random(seed))
        bases.append(root)
    compared = 0
    for base in bases:
        for path in sorted(base.glob("annotations/**/*.yaml")):
            source, _ = read_yaml(path, base)
            if source is None or not source.spans:
                continue
            whole = source._file()
            for record in source.spans:
                alone = source._record(record)
                expected = {p: pos for p, pos in whole.items() if p[:2] == record}
                assert alone == expected, (path, record)
                compared += len(expected)
    assert compared > 20_000, compared


