"""A row group is parsed from the JSON lines written for it: the same table ``Table.from_pylist`` makes of the
rows (values, types, ``nbytes``), so the Parquet and JSON Lines files of a release cannot disagree."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from pamc.release.publish import published_versions

from pamc.release.arrow import arrow_schema
from pamc.release.parquet import table_from_lines
from pamc.model.schema import RELEASE_TABLES

from .conftest import REPO

SPAN = pa.struct([pa.field("start", pa.int64(), False), pa.field("end", pa.int64(), False),
                  pa.field("text", pa.string(), False)])
SCHEMA = pa.schema([
    pa.field("id", pa.string(), False),
    pa.field("cue", SPAN, True),                                 # a span or null
    pa.field("acts", pa.list_(pa.field("item", SPAN, False)), False),
    pa.field("ratio", pa.float64(), True),
    pa.field("flag", pa.bool_(), True),
    pa.field("tags", pa.list_(pa.string()), False),
])
ROWS = [
    {"id": "a", "cue": None, "acts": [], "ratio": None, "flag": None, "tags": []},
    {"id": "b", "cue": {"start": 3, "end": 5, "text": "\u00a0“x”"}, "acts": [{"start": 0, "end": 1, "text": ""}],
     "ratio": 0.1 + 0.2, "flag": True, "tags": ["x", "y"]},
    {"id": "c", "cue": None, "acts": [{"start": 7, "end": 9, "text": "z" * (2 << 20)}], "ratio": 100.0,
     "flag": False, "tags": []},  # a line longer than the reader's default block
]


def _lines(rows):
    return [json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows]


def _dated(value, tp):
    """A JSON value as ``from_pylist`` takes it for type ``tp``: a date column's ISO text as a date."""
    import datetime

    if value is None:
        return None
    if pa.types.is_date32(tp):
        return datetime.date.fromisoformat(value)
    if pa.types.is_struct(tp):
        return {f.name: _dated(value.get(f.name), f.type) for f in tp}
    if pa.types.is_list(tp):
        return [_dated(v, tp.value_type) for v in value]
    return value


def _same(lines, schema):
    rows = [json.loads(line) for line in lines]
    expected = pa.Table.from_pylist([{f.name: _dated(r.get(f.name), f.type) for f in schema} for r in rows],
                                    schema=schema)
    table = table_from_lines(lines, schema)
    table.validate(full=True)
    assert table.schema.equals(schema, check_metadata=True)
    assert table.equals(expected)
    assert table.nbytes == expected.nbytes  # the card publishes it
    return table


def test_a_date_column_is_read_from_its_iso_text():
    schema = pa.schema([pa.field("id", pa.string(), False), pa.field("date", pa.date32(), True)])
    table = _same(_lines([{"id": "a", "date": "2017-12-11"}, {"id": "b", "date": None}]), schema)
    assert str(table.column("date").to_pylist()[0]) == "2017-12-11" and table.column("date").to_pylist()[1] is None


def test_null_structs_with_required_fields_empty_lists_floats_and_long_lines():
    table = _same(_lines(ROWS), SCHEMA)
    assert table.column("cue").to_pylist() == [None, ROWS[1]["cue"], None]
    assert table.column("ratio").to_pylist() == [None, 0.1 + 0.2, 100.0]


NEWEST = REPO / "dist" / published_versions(REPO / "dist")[-1]


@pytest.mark.parametrize("config", sorted(RELEASE_TABLES))
def test_every_table_of_the_published_release(config):
    lines = (NEWEST / "jsonl" / f"{config}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines
    _same(lines, arrow_schema(config))


def test_a_field_the_schema_does_not_know_is_an_error():
    with pytest.raises(pa.ArrowInvalid):
        table_from_lines(_lines([{**ROWS[0], "extra": 1}]), SCHEMA)
