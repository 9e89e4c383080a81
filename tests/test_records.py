"""The records the checks read hold exactly what the pydantic models would, and the committed schemas they are
made from are used only while they match the models."""

from __future__ import annotations

import pickle

import pytest

from pamc.model import tables as models

from pamc.model import records

from pamc.model import schema_files, schema_fingerprint
from pamc.model.kinds import FILE_KINDS, KIND_BY_SCHEMA, file_kind
from pamc.model.schema import generate_annotation_schema as generated_schema
from pamc.io.sources import read_yaml

from .conftest import FIXTURES, REPO

# The models of the records inside each kind of file (a list file's records, or the lists of a mapping file).
RECORDS = {
    "documents": [((), "Document")],
    "events": [((), "Event")],
    "persons": [((), "Person")],
    "entities": [((), "Entity")],
    "vocabulary": [(None, "Vocabulary")],
    "document-annotations": [(("utterances",), "Utterance"), (("speech_events",), "SpeechEvent")],
    "alignments": [(("alignments",), "Alignment")],
}


def _items(data, where):
    if where is None:
        return [data]
    for key in where:
        data = data[key]
    return data


def _annotation_files():
    for base in (REPO, FIXTURES / "valid"):
        for path in sorted(base.glob("annotations/**/*.yaml")):
            yield base, path


def test_every_kind_of_file_is_covered():
    assert set(RECORDS) == set(KIND_BY_SCHEMA) == {k.schema for k in FILE_KINDS.values()}


def test_records_hold_what_the_pydantic_models_hold_on_every_annotation_file():
    compared = 0
    for base, path in _annotation_files():
        kind = file_kind(path.relative_to(base).as_posix())
        source, problems = read_yaml(path, base)
        assert source is not None and not problems, path
        for where, name in RECORDS[kind.schema]:
            for item in _items(source.data, where):
                record = records.model(kind.schema, name)._build(item)
                expected = getattr(models, name).model_validate(item).model_dump(mode="json")
                assert record.model_dump() == expected, (path, name)
                assert list(record.model_dump()) == list(getattr(models, name).model_fields), name
                compared += 1
    assert compared > 150


def test_a_missing_optional_field_takes_the_models_default():
    vocabulary = records.model("vocabulary", "Vocabulary")._build(
        {"vocabulary": "topics", "description": "d", "values": [{"id": "a", "definition": "a definition", "source": None}]})
    assert vocabulary.note is None and vocabulary.values[0].examples == []
    other = records.model("vocabulary", "VocabularyValue")._build({"id": "b", "definition": "b definition", "source": None})
    assert other.examples is not vocabulary.values[0].examples  # a fresh list per record


def test_an_integer_written_as_3_0_becomes_3_as_pydantic_makes_it():
    span = {"start": 3.0, "end": 5, "text": "ab"}
    record = records.model("documents", "Span")._build(span)
    assert record.start == 3 and type(record.start) is int
    assert record.model_dump() == models.Span.model_validate(span).model_dump(mode="json")


def test_records_are_immutable_compared_by_value_and_survive_pickling():
    span = records.model("documents", "Span")._build({"start": 1, "end": 2, "text": "x"})
    with pytest.raises(AttributeError, match="immutable"):
        span.start = 5
    same = records.model("document-annotations", "Span")._build({"start": 1, "end": 2, "text": "x"})
    assert span == same and hash(span) == hash(same)  # one class per model, whichever schema defines it
    assert span != records.model("documents", "Span")._build({"start": 1, "end": 3, "text": "x"})
    base, path = REPO, REPO / "annotations/documents/kremlin-2018-05-17-sochi.yaml"
    source, _ = read_yaml(path, base)
    utterance = records.model("document-annotations", "Utterance")._build(source.data["utterances"][0])
    assert pickle.loads(pickle.dumps(utterance)) == utterance  # worker processes send records back


def test_the_committed_schemas_are_used_while_their_fingerprint_matches_the_models(monkeypatch, tmp_path):
    assert schema_files._committed_is_current(), "run `pamc schema`"
    for name in KIND_BY_SCHEMA:
        assert schema_files.annotation_schema(name) == generated_schema(name)
    # A model edited without `pamc schema`: the fingerprint no longer matches and the schemas are generated.
    (tmp_path / schema_files.FINGERPRINT).write_text("0" * 64 + "  src/pamc/model/tables/common.py\n", encoding="utf-8")
    (tmp_path / "documents.schema.json").write_text('{"type": "string"}', encoding="utf-8")
    monkeypatch.setattr(schema_files, "COMMITTED", tmp_path)
    schema_files._committed_is_current.cache_clear()
    schema_files.annotation_schema.cache_clear()
    try:
        assert not schema_files._committed_is_current()
        assert schema_files.annotation_schema("documents") == generated_schema("documents")
    finally:
        schema_files._committed_is_current.cache_clear()
        schema_files.annotation_schema.cache_clear()


def test_the_fingerprint_covers_every_source_that_generates_the_schemas():
    names = {p.relative_to(schema_fingerprint.MODEL).as_posix() for p in schema_fingerprint.generator_sources()}
    assert {"kinds.py", "schema.py"} <= names
    assert {f"tables/{p.name}" for p in (schema_fingerprint.MODEL / "tables").glob("*.py")} <= names
