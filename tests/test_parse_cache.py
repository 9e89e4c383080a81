"""The cache of parsed YAML gives exactly what parsing gives, and never fails a command: a damaged, foreign,
oversized or unwritable cache is the same as no cache."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import pytest

from pamc.io import parsecache, yamlload
from pamc.io.corpus import annotation_names
from pamc.io.sources import read_yaml
from pamc.io.paths import Paths
from pamc.release.publish import plan, publish

from .conftest import REPO, tree_digest


def make_real_shape(root: Path, copies: int, documents: str) -> None:
    """bench/real_shape.py's corpus: the real documents, copied."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("real_shape", REPO / "bench/real_shape.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make(root, copies, documents)

REAL_FILES = sorted(p for p in (REPO / "annotations").rglob("*.yaml") if "proposed" not in p.parts)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PAMC_CACHE_DIR", str(folder))
    monkeypatch.delenv("PAMC_CACHE", raising=False)
    return folder


def parsed(path: Path):
    spans: dict = {}
    return yamlload.load(path.read_text(encoding="utf-8"), spans), spans


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_every_real_file_read_from_the_cache_is_what_parsing_gives(cache):
    for path in REAL_FILES:
        first, _ = read_yaml(path, REPO)   # parsed, then written to the cache
        second, _ = read_yaml(path, REPO)  # read from the cache
        assert (second.data, second.spans) == (first.data, first.spans) == parsed(path), path
    assert len(entries(cache)) == len({p.read_bytes() for p in REAL_FILES})


def test_a_second_read_comes_from_the_cache_not_the_parser(cache, monkeypatch):
    path = REAL_FILES[0]
    expected = parsed(path)
    read_yaml(path, REPO)
    monkeypatch.setattr(yamlload, "load", lambda *a: pytest.fail("parsed again"))
    source, findings = read_yaml(path, REPO)
    assert findings == [] and (source.data, source.spans) == expected


def damage(entry: Path, how: str) -> None:
    if how == "random bytes":
        entry.write_bytes(os.urandom(4096))
    elif how == "truncated":
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "another file's entry":
        entry.write_bytes(marshal.dumps(("pamc-parse-cache-1", "0" * 64, {"id": "forged"}, {})))
    elif how == "not a tuple":
        entry.write_bytes(marshal.dumps({"id": "forged"}))
    elif how == "too large":
        entry.write_bytes(b"\0" * (9 * len(entry.read_bytes()) + (1 << 21)))
    elif how == "a folder":
        entry.unlink()
        entry.mkdir()
    elif how == "a link":
        target = entry.with_name("elsewhere")
        entry.rename(target)
        entry.symlink_to(target)


@pytest.mark.parametrize("how", ["random bytes", "truncated", "empty", "another file's entry", "not a tuple",
                                 "too large", "a folder", "a link"])
def test_a_damaged_entry_is_ignored_and_the_file_parsed(cache, how):
    path = REPO / "annotations" / "documents" / "kremlin-2018-05-17-sochi.yaml"
    read_yaml(path, REPO)
    [entry] = entries(cache)
    damage(entry, how)
    source, findings = read_yaml(path, REPO)
    assert findings == [] and (source.data, source.spans) == parsed(path)


@pytest.mark.parametrize("where", ["a file", "a full disk"])
def test_a_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch, where):
    folder = tmp_path / "cache"
    if where == "a file":
        folder.write_text("not a folder")
    else:
        def full(*args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(parsecache.os, "replace", full)
    monkeypatch.setenv("PAMC_CACHE_DIR", str(folder))
    path = REAL_FILES[0]
    for _ in range(2):
        source, findings = read_yaml(path, REPO)
        assert findings == [] and (source.data, source.spans) == parsed(path)
    assert not folder.is_dir() or list(folder.rglob("*")) == [folder / f"yaml-{parsecache.fingerprint()}"]


def test_the_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("PAMC_CACHE", "off")
    read_yaml(REAL_FILES[0], REPO)
    assert not cache.exists()


def test_without_a_home_folder_there_is_no_cache(monkeypatch):
    for name in ("PAMC_CACHE_DIR", "XDG_CACHE_HOME", "PAMC_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert parsecache.folder() is None
    source, findings = read_yaml(REAL_FILES[0], REPO)
    assert findings == [] and (source.data, source.spans) == parsed(REAL_FILES[0])


def test_a_changed_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("- id: a\n  note: first\n", encoding="utf-8")
    assert read_yaml(path, tmp_path)[0].data == [{"id": "a", "note": "first"}]
    path.write_text("- id: a\n  note: second\n", encoding="utf-8")
    assert read_yaml(path, tmp_path)[0].data == [{"id": "a", "note": "second"}]
    assert len(entries(cache)) == 2  # one per content


@pytest.mark.parametrize("text, check_id", [("- id: a\n  id: b\n", "yaml-duplicate-key"),
                                             ("- !!binary aGVsbG8=\n", "yaml-tag"),
                                             ("- &a [1]\n- *a\n", "yaml-alias"),
                                             ("- [unclosed\n", "yaml-syntax")])
def test_a_file_with_a_problem_is_never_cached_and_reported_each_time(cache, tmp_path, text, check_id):
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    for _ in range(2):
        source, findings = read_yaml(path, tmp_path)
        assert source is None and [f.check_id for f in findings] == [check_id]
    assert entries(cache) == []


def test_another_parser_version_is_not_read(cache, monkeypatch):
    path = REAL_FILES[0]
    read_yaml(path, REPO)
    monkeypatch.setattr(parsecache, "fingerprint", lambda: "another-parser")
    monkeypatch.setattr(yamlload, "load", lambda text, spans: ["parsed again"])
    assert read_yaml(path, REPO)[0].data == ["parsed again"]


def test_prune_removes_the_oldest_entries_and_stale_parser_versions(cache):
    current = parsecache.folder()
    current.mkdir(parents=True)
    for i in range(10):
        entry = current / f"{i:064x}"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (1000 + i, 1000 + i))
    stale, fresh = cache / "yaml-old", cache / "yaml-recent"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "entry").write_bytes(b"x")
    os.utime(stale, (time.time() - parsecache.STALE_SECONDS - 60,) * 2)
    parsecache.prune(limit=6000)
    assert sorted(p.name for p in current.iterdir()) == [f"{i:064x}" for i in range(7, 10)]  # down to half
    assert not stale.exists() and (fresh / "entry").exists()


def test_a_release_is_the_same_with_no_cache_a_cold_one_and_a_warm_one(real_corpus, tmp_path, monkeypatch):
    with (real_corpus / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## 9.9.9\n\nCache test.\n")
    paths = Paths(real_corpus)
    trees = []
    for name, setting in (("off", "off"), ("cold", ""), ("warm", "")):
        monkeypatch.setenv("PAMC_CACHE", setting)
        monkeypatch.setenv("PAMC_CACHE_DIR", str(tmp_path / "cache"))
        outcome, findings = publish(paths, plan(paths, "9.9.9", tmp_path / name))
        assert outcome is not None, findings
        trees.append(tree_digest(outcome.path))
    assert trees[0] == trees[1] == trees[2]
    assert entries(tmp_path / "cache")  # the cold build filled it


def test_the_warmer_fills_the_cache_and_validate_reports_the_same_with_it_or_without(tmp_path, monkeypatch):
    import multiprocessing

    from pamc.checks import validate as validate_module

    root = tmp_path / "corpus"
    make_real_shape(root, 4, "all")  # 20 annotation files: workers, and a warmer
    monkeypatch.setenv("PAMC_CACHE_DIR", str(tmp_path / "cache"))
    names = annotation_names(Paths(root))
    warmer = validate_module._Warmer.start(Paths(root), names, jobs=2)
    assert warmer is not None
    warmer._process.result()  # not stopped: it parses every file
    assert len(entries(tmp_path / "cache")) == len({(Paths(root).document_annotations / n).read_bytes()
                                                     for n in names})
    warm = validate_module.validate(Paths(root), keep=False, jobs=2)[1]
    monkeypatch.setenv("PAMC_CACHE", "off")
    assert validate_module._Warmer.start(Paths(root), names, jobs=2) is None
    assert validate_module.validate(Paths(root), keep=False, jobs=2)[1] == warm
    assert multiprocessing.active_children() == []


def test_a_warmer_busy_with_a_slow_file_is_stopped_within_its_grace(tmp_path, monkeypatch):
    from pamc.checks import validate as validate_module

    monkeypatch.setenv("PAMC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(validate_module, "read_yaml", lambda *a: time.sleep(60))
    monkeypatch.setattr(validate_module, "WARMER_GRACE", 0.5)
    warmer = validate_module._Warmer.start(Paths(REPO), ["x.yaml"] * 20, jobs=2)
    time.sleep(0.2)
    started = time.monotonic()
    warmer.stop()
    assert time.monotonic() - started < 5 and not warmer._process._process.is_alive()


def test_few_files_one_job_or_no_cache_start_no_warmer(cache, monkeypatch):
    from pamc.checks.validate import PARALLEL_MIN_FILES, _Warmer

    assert _Warmer.start(Paths(REPO), ["a.yaml"] * PARALLEL_MIN_FILES, jobs=1) is None
    assert _Warmer.start(Paths(REPO), ["a.yaml"] * (PARALLEL_MIN_FILES - 1), jobs=2) is None
    monkeypatch.setenv("PAMC_CACHE", "off")
    assert _Warmer.start(Paths(REPO), ["a.yaml"] * PARALLEL_MIN_FILES, jobs=2) is None
