"""The JSON Lines files of a release's tables, written as the rows arrive (the annotation files stream past),
and the layout of its Parquet files (``parquet`` writes them from the JSON Lines files; this module does not
import pyarrow).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

ROW_GROUP_SIZE = 10_000
GROUP_BYTES = 16 << 20  # a row group is also closed at this much JSON text (e.g. documents with their full text)
SHARD_ROWS = 200_000  # rows per Parquet file: engines read the shards of a config in parallel


def parquet_path(config: str, shard: int = 0, shards: int = 1) -> str:
    return f"data/{config}/train-{shard:05d}-of-{shards:05d}.parquet"


def jsonl_path(config: str) -> str:
    return f"jsonl/{config}.jsonl"


class TableWriter:
    """The JSON Lines file of one table, written as the rows arrive (``parquet.convert`` makes the Parquet
    shards from it once it is complete). Rows must come in id order."""

    def __init__(self, config: str, target: Path) -> None:
        self.config, self.target = config, target
        self.rows = 0  # written so far
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
            self._jsonl.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            self.rows += 1

    def close(self) -> None:
        self._jsonl.close()
