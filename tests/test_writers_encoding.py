"""Rows encoded by orjson (tables without numbers) are byte for byte what json.dumps writes."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from pamc.release.columns import has_number
from pamc.release.writers import encode_rows


def by_json(rows):
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)


def test_every_code_point_is_escaped_as_json_escapes_it():
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    rows = [{"id": "a", "text": text, "chunks": [text[i:i + 7] for i in range(0, 300, 7)]}]
    assert encode_rows(rows, floats=False) == by_json(rows)


values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300)
@given(st.lists(st.dictionaries(st.text(max_size=5), values, max_size=6), max_size=5))
def test_rows_of_text_integers_booleans_and_null_encode_alike(rows):
    assert encode_rows(rows, floats=False) == by_json(rows)  # integers past 64 bits: json's output


def test_floats_stay_with_json_and_only_tables_without_numbers_use_orjson():
    rows = [{"id": "a", "x": 1e-05, "y": 1e16, "z": 2.5}]
    assert encode_rows(rows) == by_json(rows) == '{"id":"a","x":1e-05,"y":1e+16,"z":2.5}\n'
    assert has_number("alignments") and not has_number("utterances") and not has_number("tokens")
