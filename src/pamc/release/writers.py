"""Parquet and JSONL files of a release, byte-reproducible for the same rows and library versions.

No timestamps are written; rows arrive sorted; the row-group size and compression are fixed; the Parquet
footer records the pyarrow version (``created_by``), so the same versions give the same bytes.

``TableWriter`` takes the rows of a table in batches, as the annotation files stream past, and holds at
most one row group in memory; its files are the same as writing the whole table at once. Each row group is
parsed by Arrow's JSON reader from the very lines written to the JSON Lines file, against the table's
schema: the two formats cannot disagree, and no pandas is imported (``Table.from_pylist`` imports it, which
costs more than writing the real corpus).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

ROW_GROUP_SIZE = 10_000
GROUP_BYTES = 16 << 20  # a row group is also closed at this much JSON text (e.g. documents with their full text)
SHARD_ROWS = 200_000  # rows per Parquet file: engines read the shards of a config in parallel
COMPRESSION = "zstd"


def parquet_path(config: str, shard: int = 0, shards: int = 1) -> str:
    return f"data/{config}/train-{shard:05d}-of-{shards:05d}.parquet"


def jsonl_path(config: str) -> str:
    return f"jsonl/{config}.jsonl"


def _loose(tp: pa.DataType) -> pa.DataType:
    """``tp`` with every nested field nullable (what Arrow's JSON reader can read)."""
    if pa.types.is_struct(tp):
        return pa.struct([pa.field(f.name, _loose(f.type), True, f.metadata) for f in tp])
    if pa.types.is_list(tp):
        return pa.list_(pa.field(tp.value_field.name, _loose(tp.value_type), True))
    return tp


def _tighten(array: pa.Array, tp: pa.DataType, nullable: bool = True) -> pa.Array:
    """``array`` (read with the loose type) as type ``tp``, built the way ``Table.from_pylist`` builds it: a
    required field of a null struct (e.g. the start of a span that is null) holds a zero or an empty value,
    not a null (the data is schema-valid: a required field is null only under a null struct).

    Nested arrays are rebuilt from their own buffers (validity, offsets): ``is_null`` would import
    pyarrow.compute, a fifth of a small build's time."""
    validity = array.buffers()[0] if array.null_count and nullable else None
    nulls = array.null_count if validity is not None else 0
    if pa.types.is_struct(tp):
        if array.offset:  # field(i) slices the children by the offset: the struct must not apply it again
            raise ValueError("a sliced struct array cannot be tightened")
        children = [_tighten(array.field(i), field.type, field.nullable) for i, field in enumerate(tp)]
        return pa.Array.from_buffers(tp, len(array), [validity], nulls, 0, children)
    if pa.types.is_list(tp):
        values = _tighten(array.values, tp.value_type, tp.value_field.nullable)
        return pa.Array.from_buffers(tp, len(array), [validity, array.buffers()[1]], nulls, array.offset, [values])
    return _without_bitmap(array) if validity is None and array.buffers()[0] is not None else array


def _without_bitmap(array: pa.Array) -> pa.Array:
    """A flat array with every slot valid and no validity bitmap, as ``from_pylist`` makes it (the bitmap
    counts in ``nbytes``, which the card publishes). Arrow's builders store a null as 0 or "": the value
    ``from_pylist`` gives a required field of a null struct (pyarrow.compute's fill_null would import pandas)."""
    return pa.Array.from_buffers(array.type, len(array), [None, *array.buffers()[1:]], 0, array.offset)


def table_from_lines(lines: list[str], schema: pa.Schema) -> pa.Table:
    """The rows of JSON Lines ``lines`` as a table of ``schema`` (a field the schema lacks is an error).

    Arrow's JSON reader refuses a null struct whose fields may not be null (a span that is null), so the
    lines are read with every nested field nullable, then tightened to the schema."""
    data = "".join(lines).encode("utf-8")
    loose = pa.schema([pa.field(f.name, _loose(f.type), f.nullable, f.metadata) for f in schema],
                      metadata=schema.metadata)
    table = pa_json.read_json(
        pa.BufferReader(data),
        read_options=pa_json.ReadOptions(block_size=max(len(data), 1 << 20)),  # one block: a line never straddles two
        parse_options=pa_json.ParseOptions(explicit_schema=loose, unexpected_field_behavior="error"),
    ).combine_chunks()
    columns = [_tighten(column.chunk(0), field.type, field.nullable) for column, field in zip(table.columns, schema)]
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet(lines: list[str], schema: pa.Schema, path: Path) -> None:
    """One Parquet file of the rows in JSON Lines ``lines``."""
    table = table_from_lines(lines, schema) if lines else schema.empty_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, schema, compression=COMPRESSION, write_statistics=True, use_dictionary=True) as w:
        if lines:  # an empty table gets no row group: readers such as datasets choke on a 0-row group
            w.write_table(table, row_group_size=ROW_GROUP_SIZE)


class TableWriter:
    """One table of a release written as it arrives: Parquet shards of ``shard_rows`` rows in row groups of
    ROW_GROUP_SIZE rows (fewer at a shard's end, or when GROUP_BYTES of text have come), and the JSON Lines
    file. Rows must come in id order."""

    def __init__(self, config: str, schema: pa.Schema, target: Path, shard_rows: int = SHARD_ROWS) -> None:
        self.config, self.schema, self.target, self.shard_rows = config, schema, target, shard_rows
        self.rows = 0  # written so far
        self.nbytes = 0  # Arrow size of the rows: the sum over row groups (the card's num_bytes)
        self._buffer: list[str] = []  # JSON lines of the rows not yet in a row group
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
            self._buffer.append(line)
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
        table = table_from_lines(self._buffer, self.schema)
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
