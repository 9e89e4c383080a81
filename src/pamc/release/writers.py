"""The JSON Lines files of a release's tables, written as the rows arrive (the annotation files stream past),
and the layout of its Parquet files (``parquet`` writes them from the JSON Lines files; this module does not
import pyarrow).
"""

from __future__ import annotations

import hashlib
import json

import orjson
from pathlib import Path
from typing import IO, Any

ROW_GROUP_SIZE = 10_000
GROUP_BYTES = 16 << 20  # a row group is also closed at this much JSON text (e.g. documents with their full text)
SHARD_ROWS = 200_000  # rows per Parquet file: engines read the shards of a config in parallel


def parquet_path(config: str, shard: int = 0, shards: int = 1) -> str:
    return f"data/{config}/train-{shard:05d}-of-{shards:05d}.parquet"


def jsonl_path(config: str) -> str:
    return f"jsonl/{config}.jsonl"


# One encoder for every row (json.dumps with options builds a new one per call); the output is json.dumps's.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_rows(rows: list[dict[str, Any]], floats: bool = True) -> str:
    """Rows as JSON Lines text: one compact object per line, non-ASCII characters as they are.

    ``floats=False`` (no number column anywhere in the table: text, integers, booleans, null, lists and
    structs of them) lets orjson encode them, five to ten times faster and byte for byte what json.dumps
    gives for such values (every code point is escaped alike: tests/test_writers_encoding.py). Floats stay
    with json: the two write exponents differently (1e-05 against 1e-5)."""
    if not floats:
        try:
            return "".join([orjson.dumps(row).decode("utf-8") + "\n" for row in rows])
        except TypeError:  # an integer beyond 64 bits (or a lone surrogate): json's output, or its error
            pass
    return "".join([_ENCODE(row) + "\n" for row in rows])


class TableWriter:
    """The JSON Lines file of one table, written as the rows arrive (``parquet.convert`` makes the Parquet
    shards from it once it is complete). Rows must come in id order. The file's SHA-256 is computed as it is
    written (``sha256`` once closed), so the manifests need not read it again."""

    def __init__(self, config: str, target: Path, floats: bool = True) -> None:
        self.config, self.target = config, target
        self.floats = floats  # whether its rows may hold floats (``encode_rows``)
        self.rows = 0  # written so far
        self._last_key: Any = None
        self._hash = hashlib.sha256()
        self.sha256: str | None = None
        path = target / jsonl_path(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._jsonl: IO[bytes] = path.open("wb")

    def _order(self, first: Any, last: Any) -> None:
        if self._last_key is not None and not first > self._last_key:
            raise ValueError(f"{self.config}: row {first!r} arrives after {self._last_key!r}; rows must be in id order")
        self._last_key = last

    def add(self, rows: list[dict[str, Any]], key: Any = None) -> None:
        keys = [key(row) if key else row["id"] for row in rows]
        for k in keys:
            self._order(k, k)
        self.add_text(encode_rows(rows, self.floats), len(rows))

    def add_encoded(self, text: str, first: Any, last: Any, n: int) -> None:
        """``n`` rows already encoded (``encode_rows``), in id order from ``first`` to ``last``."""
        if n:
            self._order(first, last)
            self.add_text(text, n)

    def add_text(self, text: str, n: int) -> None:
        data = text.encode("utf-8")
        self._hash.update(data)
        self._jsonl.write(data)
        self.rows += n

    def close(self) -> None:
        self._jsonl.close()
        self.sha256 = self._hash.hexdigest()
