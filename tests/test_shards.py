"""A release whose tables are split into several Parquet shards reads the same with every engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, run


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shards") / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), str(root), "--documents", "10",
                    "--utterances-per-document", "50"], check=True, capture_output=True)
    result = run("build", "--root", str(root), "--version", "0.0.1", "--shard-rows", "120")
    assert result.exit_code == 0, result.output
    return root / "dist/0.0.1"


def test_tables_are_split_into_bounded_shards_with_stable_names(sharded):
    import pyarrow.parquet as pq

    files = sorted((sharded / "data/utterances").iterdir())
    assert [f.name for f in files] == [f"train-{i:05d}-of-00005.parquet" for i in range(5)]
    assert [pq.read_metadata(f).num_rows for f in files] == [120, 120, 120, 120, 20]


def test_datasets_reads_all_shards_also_streaming(sharded):
    import datasets

    assert datasets.load_dataset(str(sharded), "utterances", split="train").num_rows == 500
    stream = datasets.load_dataset(str(sharded), "utterances", split="train", streaming=True)
    assert sum(1 for _ in stream) == 500


def test_duckdb_and_polars_read_all_shards(sharded):
    import duckdb
    import polars as pl

    assert duckdb.sql(f"SELECT count(*) FROM '{sharded}/data/utterances/*.parquet'").fetchall()[0][0] == 500
    assert pl.scan_parquet(f"{sharded}/data/dialogue_acts/*.parquet").select(pl.len()).collect().item() == \
        len((sharded / "jsonl/dialogue_acts.jsonl").read_text().splitlines())


def test_croissant_describes_shards_as_a_file_set(sharded):
    import json

    import mlcroissant as mlc

    meta = json.loads((sharded / "croissant.json").read_text(encoding="utf-8"))
    kinds = {d["@id"]: d["@type"] for d in meta["distribution"]}
    assert kinds["utterances-parquet"] == "cr:FileSet" and kinds["persons-parquet"] == "cr:FileObject"
    assert mlc.Dataset(jsonld=str(sharded / "croissant.json")).metadata.issues.errors == set()
