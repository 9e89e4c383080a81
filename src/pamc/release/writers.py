"""Parquet and JSONL files of a release, byte-reproducible for the same rows and library versions.

No timestamps are written; rows arrive sorted; the row-group size and compression are fixed; the Parquet
footer records the pyarrow version (``created_by``), so the same versions give the same bytes.

``TableWriter`` takes the rows of a table in batches, as the annotation files stream past, and holds at
most one row group in memory; its files are the same as writing the whole table at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_SIZE = 10_000
GROUP_BYTES = 16 << 20  # a row group is also closed at this much JSON text (e.g. documents with their full text)
SHARD_ROWS = 200_000  # rows per Parquet file: engines read the shards of a config in parallel
COMPRESSION = "zstd"


def parquet_path(config: str, shard: int = 0, shards: int = 1) -> str:
    return f"data/{config}/train-{shard:05d}-of-{shards:05d}.parquet"


def jsonl_path(config: str) -> str:
    return f"jsonl/{config}.jsonl"


def write_parquet(rows: list[dict[str, Any]], schema: pa.Schema, path: Path) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, schema, compression=COMPRESSION, write_statistics=True, use_dictionary=True) as w:
        if rows:  # an empty table gets no row group: readers such as datasets choke on a 0-row group
            w.write_table(table, row_group_size=ROW_GROUP_SIZE)


class TableWriter:
    """One table of a release written as it arrives: Parquet shards of ``shard_rows`` rows in row groups of
    ROW_GROUP_SIZE rows (fewer at a shard's end, or when GROUP_BYTES of text have come), and the JSON Lines
    file. Rows must come in id order."""

    def __init__(self, config: str, schema: pa.Schema, target: Path, shard_rows: int = SHARD_ROWS) -> None:
        self.config, self.schema, self.target, self.shard_rows = config, schema, target, shard_rows
        self.rows = 0  # written so far
        self.nbytes = 0  # Arrow size of the rows: the sum over row groups (the card's num_bytes)
        self._buffer: list[dict[str, Any]] = []
        self._buffered_bytes = 0
        self._parts: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._last_key: Any = None
        path = target / jsonl_path(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._jsonl: IO[str] = path.open("w", encoding="utf-8", newline="\n")

    def add(self, rows: list[dict[str, Any]], key: Any = None) -> None:
        for row in rows:
            k = key(row) if key else row["id"]
            if self._last_key is not None and not k > self._last_key:
                raise ValueError(f"{self.config}: row {k!r} arrives after {self._last_key!r}; rows must be in id order")
            self._last_key = k
            line = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
            self._jsonl.write(line)
            self._buffer.append(row)
            self._buffered_bytes += len(line)
            if len(self._buffer) == self._group_size() or self._buffered_bytes >= GROUP_BYTES:
                self._flush()

    def _group_size(self) -> int:
        return min(ROW_GROUP_SIZE, self.shard_rows - self.rows % self.shard_rows)

    def _flush(self) -> None:
        if self.rows % self.shard_rows == 0:  # the first group of a new shard
            self._close_shard()
            part = self.target / f"data/{self.config}/part-{len(self._parts):05d}.parquet"
            part.parent.mkdir(parents=True, exist_ok=True)
            self._parts.append(part)
            self._writer = pq.ParquetWriter(part, self.schema, compression=COMPRESSION, write_statistics=True,
                                            use_dictionary=True)
        table = pa.Table.from_pylist(self._buffer, schema=self.schema)
        assert self._writer is not None
        self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
        self.nbytes += table.nbytes
        self.rows += len(self._buffer)
        self._buffer = []
        self._buffered_bytes = 0

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close_jsonl(self) -> None:
        self._jsonl.close()

    def close(self) -> list[str]:
        """Finish the Parquet files; return the shards' paths relative to the release (stable names)."""
        if self._buffer:
            self._flush()
        self._close_shard()
        self._jsonl.close()
        if not self._parts:  # an empty table still gets its file, with the schema and no row group
            write_parquet([], self.schema, self.target / parquet_path(self.config))
            return [parquet_path(self.config)]
        names = [parquet_path(self.config, i, len(self._parts)) for i in range(len(self._parts))]
        for part, name in zip(self._parts, names):
            part.rename(self.target / name)
        return names
