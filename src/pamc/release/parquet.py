"""The Parquet files of a release's tables, made from their JSON Lines files once these are complete.

Each table is split into shards of at most ``shard_rows`` rows (engines read the shards of a table in
parallel), each in row groups of ROW_GROUP_SIZE rows (fewer at a shard's end, or when GROUP_BYTES of text
have come); one row group is in memory at a time. Each row group is parsed by Arrow's JSON reader from the very lines written to the JSON Lines file, against the
table's schema: the two formats cannot disagree, and no pandas is imported (``Table.from_pylist`` imports it,
which costs more than writing the real corpus). Parquet files are byte-reproducible for the same rows and
library versions: no timestamps, fixed row-group size and compression; the footer records the pyarrow version
(``created_by``).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from pamc.release import writers
from pamc.release.arrow import arrow_schema
from pamc.release.writers import ROW_GROUP_SIZE, jsonl_path, parquet_path

COMPRESSION = "zstd"


def _loose(tp: pa.DataType) -> pa.DataType:
    """``tp`` with every nested field nullable, and dates as text (what Arrow's JSON reader can read)."""
    if pa.types.is_date32(tp):
        return pa.string()
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
    if pa.types.is_date32(tp):  # read as ISO text (the JSON reader parses no dates); validated YYYY-MM-DD
        array = array.cast(tp)
    validity = array.buffers()[0] if array.null_count and nullable else None
    nulls = array.null_count if validity is not None else 0
    if pa.types.is_struct(tp):
        if array.offset:  # field(i) slices the children by the offset: the struct must not apply it again
            raise ValueError("a sliced struct array cannot be tightened")
        children = [_valid_under_null_parent(_tighten(array.field(i), field.type, field.nullable), validity)
                    for i, field in enumerate(tp)]
        return pa.Array.from_buffers(tp, len(array), [validity], nulls, 0, children)
    if pa.types.is_list(tp):
        values = _tighten(array.values, tp.value_type, tp.value_field.nullable)
        return pa.Array.from_buffers(tp, len(array), [validity, array.buffers()[1]], nulls, array.offset, [values])
    return _without_bitmap(array) if validity is None and array.buffers()[0] is not None else array


def _valid_under_null_parent(array: pa.Array, parent: pa.Buffer | None) -> pa.Array:
    """A flat child of a struct with its slots under a null struct marked valid, as ``from_pylist`` makes it
    (a nullable field of a null evidence record holds "" there, not null; the bitmap counts in ``nbytes``)."""
    own = array.buffers()[0]
    if parent is None or own is None or array.offset or pa.types.is_nested(array.type):
        return array
    n = len(array)
    merged = (int.from_bytes(own.to_pybytes(), "little") | ~int.from_bytes(parent.to_pybytes(), "little")) & ((1 << n) - 1)
    nulls = n - merged.bit_count()
    validity = pa.py_buffer(merged.to_bytes((n + 7) // 8, "little")) if nulls else None
    return pa.Array.from_buffers(array.type, n, [validity, *array.buffers()[1:]], nulls, 0)


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
        # One block, so a line never straddles two; a single block is parsed by one thread, so none are started.
        read_options=pa_json.ReadOptions(block_size=max(len(data), 1 << 20), use_threads=False),
        parse_options=pa_json.ParseOptions(explicit_schema=loose, unexpected_field_behavior="error"),
    ).combine_chunks()
    columns = [_tighten(column.chunk(0), field.type, field.nullable) for column, field in zip(table.columns, schema)]
    return pa.Table.from_arrays(columns, schema=schema)


def opener(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    return pq.ParquetWriter(path, schema, compression=COMPRESSION, write_statistics=True, use_dictionary=True)


def write_parquet(lines: list[str], schema: pa.Schema, path: Path) -> None:
    """One Parquet file of the rows in JSON Lines ``lines``."""
    table = table_from_lines(lines, schema) if lines else schema.empty_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    with opener(path, schema) as w:
        if lines:  # an empty table gets no row group: readers such as datasets choke on a 0-row group
            w.write_table(table, row_group_size=ROW_GROUP_SIZE)


class ShardWriter:
    """The Parquet shards of one table, from its JSON lines in order."""

    def __init__(self, target: Path, config: str, schema: pa.Schema, shard_rows: int) -> None:
        self.target, self.config, self.schema, self.shard_rows = target, config, schema, shard_rows
        self.rows = 0  # in row groups so far
        self.nbytes = 0  # Arrow size of the rows: the sum over row groups (the card's num_bytes)
        self._buffer: list[str] = []  # lines not yet in a row group
        self._buffered = 0  # their length in characters
        self._parts: list[Path] = []
        self._writer: pq.ParquetWriter | None = None

    def add(self, line: str) -> None:
        self._buffer.append(line)
        self._buffered += len(line)
        group = min(ROW_GROUP_SIZE, self.shard_rows - self.rows % self.shard_rows)
        if len(self._buffer) == group or self._buffered >= writers.GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.rows % self.shard_rows == 0:  # the first group of a new shard
            self._close_shard()
            part = self.target / f"data/{self.config}/part-{len(self._parts):05d}.parquet"
            part.parent.mkdir(parents=True, exist_ok=True)
            self._parts.append(part)
            self._writer = opener(part, self.schema)
        table = table_from_lines(self._buffer, self.schema)
        assert self._writer is not None
        self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
        self.nbytes += table.nbytes
        self.rows += len(self._buffer)
        self._buffer, self._buffered = [], 0

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close(self) -> list[str]:
        """Finish the files; return the shards' paths relative to the release (stable names)."""
        if self._buffer:
            self._flush()
        self._close_shard()
        if not self._parts:  # an empty table still gets its file, with the schema and no row group
            write_parquet([], self.schema, self.target / parquet_path(self.config))
            return [parquet_path(self.config)]
        names = [parquet_path(self.config, i, len(self._parts)) for i in range(len(self._parts))]
        for part, name in zip(self._parts, names):
            part.rename(self.target / name)
        return names


def convert(target: Path, config: str, schema: pa.Schema | None = None,
            shard_rows: int | None = None) -> tuple[list[str], int]:
    """The Parquet shards of table ``config`` from ``target``'s JSON Lines file of it: (their paths relative to
    ``target``, the Arrow size of the rows). ``schema`` None: the release table's."""
    shards = ShardWriter(target, config, schema or arrow_schema(config), shard_rows or writers.SHARD_ROWS)
    with (target / jsonl_path(config)).open(encoding="utf-8", newline="\n") as lines:  # JSON escapes \r and \n
        for line in lines:
            shards.add(line)
    return shards.close(), shards.nbytes
