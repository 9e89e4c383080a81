"""The validator and the release stream the annotation files: the same findings and the same release whether
the corpus is held whole or streamed, checked in one process or in several."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pamc.checks import validate as validate_module
from pamc.io.paths import Paths
from pamc.release.tables import build_tables
from pamc.release.parquet import convert
from pamc.release.writers import TableWriter
from pamc.model.schema import RELEASE_TABLES
from pamc.checks.validate import validate

from .conftest import FIXTURES, REPO, apply_fixture, run, iso_dates


def _synth(root: Path, documents: int, utterances: int) -> Path:
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), str(root), "--documents", str(documents),
                    "--utterances-per-document", str(utterances)], check=True, capture_output=True)
    return root


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> Path:
    """A synthetic corpus of 20 files with shifted offsets in many utterances and an id reused across files."""
    root = _synth(tmp_path_factory.mktemp("damaged") / "corpus", 20, 10)
    files = sorted((root / "annotations/documents").glob("*.yaml"))
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        if n % 3 == 0:  # every third file: the start of its second utterance moves by one
            starts = [m.start() for m in re.finditer(r"(?m)^    start: \d+$", text)]
            line_end = text.index("\n", starts[1])
            number = int(text[starts[1]:line_end].split()[-1])
            text = text[:starts[1]] + f"    start: {number + 1}" + text[line_end:]
        path.write_text(text, encoding="utf-8")
    # the last file's first utterance takes the id of the first file's first utterance
    first_id = re.search(r"(?m)^  - id: (\S+)$", files[0].read_text(encoding="utf-8")).group(1)
    last = files[-1].read_text(encoding="utf-8")
    files[-1].write_text(re.sub(r"(?m)^  - id: \S+$", f"  - id: {first_id}", last, count=1), encoding="utf-8")
    return root


def test_streamed_and_parallel_runs_report_exactly_what_the_whole_corpus_run_reports(damaged):
    _, whole = validate(Paths(damaged), keep=True, jobs=1)
    _, streamed = validate(Paths(damaged), keep=False, jobs=1)
    _, parallel = validate(Paths(damaged), keep=False, jobs=2)
    assert len(sorted((damaged / "annotations/documents").glob("*.yaml"))) >= validate_module.PARALLEL_MIN_FILES
    ids = {f.check_id for f in whole}
    assert {"span-text-mismatch", "id-duplicate", "id-document-prefix"} <= ids
    assert whole == streamed == parallel


def test_an_id_used_in_another_file_is_reported_once_against_its_first_use(damaged):
    _, findings = validate(Paths(damaged), keep=False, jobs=2)
    duplicates = [f for f in findings if f.check_id == "id-duplicate"]
    first_file = sorted((damaged / "annotations/documents").glob("*.yaml"))[0].relative_to(damaged).as_posix()
    assert len(duplicates) == 1
    assert duplicates[0].file != first_file and f"is already used at {first_file}:" in duplicates[0].message


def test_a_release_is_the_same_whatever_the_number_of_workers(tmp_path):
    root = _synth(tmp_path / "corpus", 20, 30)
    sums = []
    for jobs in ("1", "2"):
        result = run("build", "--root", str(root), "--version", "0.0.1", "--dist", str(tmp_path / f"dist-{jobs}"),
                     "--shard-rows", "250", "--jobs", jobs)
        assert result.exit_code == 0, result.output
        sums.append((tmp_path / f"dist-{jobs}/0.0.1/SHA256SUMS").read_text())
    assert sums[0] == sums[1]
    assert "data/utterances/train-00002-of-00003.parquet" in sums[0]


def test_the_streamed_release_holds_the_rows_of_the_whole_corpus_tables(real_release):
    import pyarrow.parquet as pq

    corpus, _ = validate(Paths(REPO), keep=True)
    expected = build_tables(corpus)
    for name in RELEASE_TABLES:
        files = sorted((real_release / "data" / name).glob("*.parquet"))
        rows = [iso_dates(row) for f in files for row in pq.read_table(f).to_pylist()]
        assert rows == expected[name], name


def test_a_table_writer_splits_shards_and_refuses_rows_out_of_order(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field("id", pa.string(), nullable=False)])
    writer = TableWriter("t", tmp_path)
    writer.add([{"id": f"r{i}"} for i in range(5)])
    writer.add([{"id": "r5"}, {"id": "r6"}])
    with pytest.raises(ValueError, match="'r0' arrives after 'r6'"):
        writer.add([{"id": "r0"}])
    writer.close()
    paths, _ = convert(tmp_path, "t", schema, shard_rows=3)
    assert paths == [f"data/t/train-{i:05d}-of-00003.parquet" for i in range(3)]
    assert [pq.read_table(tmp_path / p).column("id").to_pylist() for p in paths] == [
        ["r0", "r1", "r2"], ["r3", "r4", "r5"], ["r6"]]
    assert (tmp_path / "jsonl/t.jsonl").read_text().count("\n") == 7
    assert writer.rows == 7 and not list((tmp_path / "data/t").glob("part-*"))


def test_an_empty_table_still_gets_one_file_with_its_schema(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field("id", pa.string(), nullable=False)])
    TableWriter("empty", tmp_path).close()
    assert convert(tmp_path, "empty", schema) == (["data/empty/train-00000-of-00001.parquet"], 0)
    table = pq.read_table(tmp_path / "data/empty/train-00000-of-00001.parquet")
    assert table.num_rows == 0 and table.schema.names == ["id"]


# worker-failed is found only in worker processes: its fixture kills one (test_checks_catalogue runs it)
@pytest.mark.parametrize("check_id", sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.name != "worker-failed"))
def test_every_invalid_fixture_gives_the_same_findings_in_worker_processes(check_id, valid_corpus, monkeypatch):
    apply_fixture(FIXTURES / "invalid" / check_id, valid_corpus)
    _, whole = validate(Paths(valid_corpus), keep=True, jobs=1)
    monkeypatch.setattr(validate_module, "PARALLEL_MIN_FILES", 1)  # use workers even for a few files
    _, parallel = validate(Paths(valid_corpus), keep=False, jobs=2)
    assert check_id in {f.check_id for f in whole}
    assert parallel == whole


def test_a_row_group_closes_at_its_byte_budget_so_long_texts_do_not_pile_up(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pamc.release import writers

    monkeypatch.setattr(writers, "GROUP_BYTES", 1000)
    schema = pa.schema([pa.field("id", pa.string(), nullable=False), pa.field("text", pa.string())])
    writer = TableWriter("docs", tmp_path)
    writer.add([{"id": f"d{i:02d}", "text": "x" * 400} for i in range(10)])  # about 430 bytes a line
    writer.close()
    paths, _ = convert(tmp_path, "docs", schema, shard_rows=8)
    groups = [[pq.ParquetFile(tmp_path / p).metadata.row_group(g).num_rows
               for g in range(pq.ParquetFile(tmp_path / p).num_row_groups)] for p in paths]
    assert groups == [[3, 3, 2], [2]]  # shards of 8 rows; a group closes once it holds 1000 bytes of text


def _read_all(root: Path, monkeypatch, whole: bool) -> tuple[list, list, set, int]:
    """Every list file of ``root`` read as validate reads it (``whole``: forcing the whole-file path)."""
    from pamc.checks import load as corpus_module
    from pamc.checks import schema as schema_checks

    with monkeypatch.context() as patch:
        if whole:
            patch.setattr(schema_checks.ListCheck, "of", classmethod(lambda cls, name: None))
        read_whole = []
        patch.setattr(corpus_module, "_read", lambda paths, path, *a, **k: read_whole.append(path.name) or
                      _READ(paths, path, *a, **k))
        findings, records, invalid = [], [], set()
        for name in ("documents", "events", "persons", "entities"):
            got = corpus_module._read_records(Paths(root), root / f"annotations/{name}.yaml", findings, invalid)
            records += [(name, r.pointer, r.model.model_dump(), r.source.display) for r in got]
    return findings, records, invalid, read_whole


from pamc.checks.load import _read as _READ  # noqa: E402 - the whole-file reader, before any test patches it


def test_list_files_read_item_by_item_give_the_records_and_findings_of_the_whole_file_read(tmp_path, monkeypatch):
    """documents.yaml and the other list files are parsed, schema-checked and made records one item at a time;
    on the real corpus, every invalid fixture, 60 random damages and text damage (bad YAML midway, bad UTF-8,
    a NUL, an alias) the findings, records and invalid ids are those of the whole-file path."""
    import random
    import shutil

    from .mutations import data_mutation

    bases = [REPO, FIXTURES / "valid", *sorted((FIXTURES / "invalid").iterdir())]
    for seed in range(60):
        root = tmp_path / f"fuzz-{seed}"
        shutil.copytree(FIXTURES / "valid", root)
        data_mutation(root, random.Random(seed))
        bases.append(root)
    documents = (FIXTURES / "valid/annotations/documents.yaml").read_bytes()
    half = documents.index(b"\n- id:") + 1  # the second record starts here
    for label, damaged in {"syntax": documents + b"- {id: [\n", "alias": documents[:half] + b"- &a {id: x}\n- *a\n",
                           "utf8": documents[:half] + b"\xff" + documents[half:],
                           "nul": documents[:half] + b"#\x00\n" + documents[half:],
                           "duplicate-key": documents[:half] + b"- {id: x, id: y}\n" + documents[half:],
                           "mapping": b"documents: []\n"}.items():
        root = tmp_path / f"text-{label}"
        shutil.copytree(FIXTURES / "valid", root)
        (root / "annotations/documents.yaml").write_bytes(damaged)
        bases.append(root)
    streamed_files = files_with_findings = 0
    for base in bases:
        streamed = _read_all(base, monkeypatch, whole=False)
        whole = _read_all(base, monkeypatch, whole=True)
        assert streamed[:3] == whole[:3], base
        assert len(whole[3]) == 4
        if base.name.startswith("text-"):  # their documents.yaml needs the whole-file load, which reports it
            assert "documents.yaml" in streamed[3]
        streamed_files += 4 - len(streamed[3])
        files_with_findings += bool(whole[0])
    # the others are read whole when missing, or when their text is unusual (broken YAML, an alias...)
    assert streamed_files > 250 and files_with_findings > 20, (streamed_files, files_with_findings)
