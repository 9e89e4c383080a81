"""schema/ is generated from the pydantic models: never edited by hand, never stale."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from pamc.release.publish import published_versions
from pamc.model.schema import RELEASE_TABLES, generated, stale
from pamc.release.arrow import arrow_schema

from .conftest import REPO, run, walk


def test_committed_schema_matches_the_models():
    assert stale(REPO / "schema") == []


def test_schema_check_command_fails_on_drift(tmp_path):
    (tmp_path / "schema").mkdir()
    result = run("schema", "--root", str(tmp_path), "--check")
    assert result.exit_code == 1 and "differs from the models" in result.output
    assert run("schema", "--root", str(tmp_path)).exit_code == 0
    assert run("schema", "--root", str(tmp_path), "--check").exit_code == 0


def test_every_schema_is_valid_draft_2020_12():
    for schema in generated().values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_unknown_fields_are_forbidden_everywhere():
    for schema in generated().values():
        for node in walk(schema):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, node.get("title")


def test_every_published_column_is_described():
    """The card's field tables come from these descriptions; a column without one would be undocumented."""
    for name in RELEASE_TABLES:
        for field in arrow_schema(name):
            assert field.metadata and field.metadata.get(b"description"), f"{name}.{field.name}"


def test_the_compiled_validator_agrees_with_jsonschema_on_every_fixture():
    """The fast path (jsonschema-rs) and the reference validator accept and reject the same files."""
    from pamc.checks.schema import fast_validator, validator
    from pamc.model.kinds import file_kind
    from pamc.io.sources import read_yaml
    checked = 0
    for base in (REPO, REPO / "tests/fixtures/valid", *sorted((REPO / "tests/fixtures/invalid").iterdir())):
        for path in sorted(base.glob("annotations/**/*.yaml")):
            source, _ = read_yaml(path, base)  # refuses alias bombs and broken files
            if source is None:
                continue
            data = source.data
            name = file_kind(path.relative_to(base).as_posix()).schema
            assert fast_validator(name).is_valid(data) == validator(name).is_valid(data), path
            checked += 1
    assert checked > 50


def _walk_findings(errors):
    from jsonschema.exceptions import relevance

    from pamc.checks.schema import _leaf, _message
    return [_message(_leaf(e)) for e in sorted(errors, key=relevance, reverse=True)]


def test_walking_only_the_rejected_records_finds_what_the_whole_walk_finds(tmp_path):
    """Invalid fixtures and 60 random damages: the same schema errors, in the same order, as iter_errors on
    the whole file (the reference)."""
    import random
    import shutil

    from pamc.checks.schema import _errors, validator
    from pamc.model.kinds import file_kind
    from pamc.io.sources import read_yaml

    from .conftest import FIXTURES
    from .mutations import data_mutation

    bases = [REPO, *sorted((FIXTURES / "invalid").iterdir())]
    for seed in range(60):
        root = tmp_path / f"fuzz-{seed}"
        shutil.copytree(FIXTURES / "valid", root)
        data_mutation(root, random.Random(seed))
        bases.append(root)
    compared = with_errors = 0
    for base in bases:
        for path in sorted(base.glob("annotations/**/*.yaml")):
            source, _ = read_yaml(path, base)
            if source is None:
                continue
            kind = file_kind(path.relative_to(base).as_posix())
            whole = _walk_findings(validator(kind.schema).iter_errors(source.data))
            assert _walk_findings(_errors(kind.schema, source.data, kind.record_depth)) == whole, path
            compared += 1
            with_errors += bool(whole)
    assert compared > 800 and with_errors > 30, (compared, with_errors)


def test_arrow_schemas_from_the_committed_release_schemas_are_those_of_the_published_tables():
    """build derives its Arrow schemas from schema/release/ without pydantic: they are those of the newest
    published release's Parquet files (fields, types, nullability and descriptions)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in RELEASE_TABLES:
        newest = REPO / "dist" / published_versions(REPO / "dist")[-1]
        published = pq.read_schema(sorted((newest / "data" / name).glob("*.parquet"))[0])
        buffer = pa.BufferOutputStream()  # as Parquet stores it (a list's element is named "element")
        pq.write_table(arrow_schema(name).empty_table(), buffer)
        ours = pq.read_schema(pa.BufferReader(buffer.getvalue()))
        assert ours.equals(published, check_metadata=True), name


def test_release_rows_are_what_the_pydantic_row_models_dump():
    """rows.row makes each table's rows as plain dicts; the row models (the one data model) dump the same
    values in the same column order, also when an integer reaches a float column."""
    from pamc.io.paths import Paths
    from pamc.release.rows import row
    from pamc.release.tables import build_tables
    from pamc.checks.validate import validate

    corpus, _ = validate(Paths(REPO), keep=True)
    checked = 0
    for name, rows in build_tables(corpus).items():
        for r in rows:
            dumped = RELEASE_TABLES[name](**r).model_dump(mode="json")
            assert list(dumped.items()) == list(r.items()), (name, r.get("id"))
            checked += 1
    assert checked > 500
    alignment = build_tables(corpus)["alignments"][0]
    made = row("alignments", {**alignment, "char_ratio": 100})
    assert made["char_ratio"] == 100.0 and type(made["char_ratio"]) is float
    assert made == RELEASE_TABLES["alignments"](**{**alignment, "char_ratio": 100}).model_dump(mode="json")


def test_a_release_row_refuses_an_unknown_column_and_a_missing_required_one():
    """Bugs in the build, not bad data (the records were validated): they must not pass silently."""
    import pytest

    from pamc.release.rows import layout, row

    values = {name: None for name, _, _ in layout("persons")}
    assert list(row("persons", values)) == list(values)
    with pytest.raises(KeyError, match="no column \\['foo'\\]"):
        row("persons", {**{k: v for k, v in values.items() if k != "note"}, "foo": 1})  # as many keys as columns
    with pytest.raises(KeyError, match="needs a value for 'id'"):
        row("persons", {k: v for k, v in values.items() if k != "id"})
