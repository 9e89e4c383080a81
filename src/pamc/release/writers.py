"""Parquet and JSONL files of a release, byte-reproducible for the same rows and library versions.

No timestamps are written; rows arrive sorted; the row-group size and compression are fixed; the Parquet
footer records the pyarrow version (``created_by``), so the same versions give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_SIZE = 10_000
SHARD_ROWS = 200_000  # rows per Parquet file: engines read the shards of a config in parallel
COMPRESSION = "zstd"


def parquet_path(config: str, shard: int = 0, shards: int = 1) -> str:
    return f"data/{config}/train-{shard:05d}-of-{shards:05d}.parquet"


def shard_count(n_rows: int, shard_rows: int = SHARD_ROWS) -> int:
    return max(1, -(-n_rows // shard_rows))


def write_shards(rows: list[dict[str, Any]], schema: pa.Schema, config: str, target: Path,
                 shard_rows: int = SHARD_ROWS) -> list[str]:
    """Write ``rows`` as Parquet shards of at most ``shard_rows`` rows; return their relative paths."""
    shards = shard_count(len(rows), shard_rows)
    paths = []
    for i in range(shards):
        rel = parquet_path(config, i, shards)
        write_parquet(rows[i * shard_rows:(i + 1) * shard_rows], schema, target / rel)
        paths.append(rel)
    return paths


def jsonl_path(config: str) -> str:
    return f"jsonl/{config}.jsonl"


def write_parquet(rows: list[dict[str, Any]], schema: pa.Schema, path: Path) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, schema, compression=COMPRESSION, write_statistics=True, use_dictionary=True) as w:
        if rows:  # an empty table gets no row group: readers such as datasets choke on a 0-row group
            w.write_table(table, row_group_size=ROW_GROUP_SIZE)


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
