"""schema/ is generated from the pydantic models: never edited by hand, never stale."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from pamc.schema import RELEASE_TABLES, generated, stale
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
    for name, model in RELEASE_TABLES.items():
        for field in arrow_schema(model):
            assert field.metadata and field.metadata.get(b"description"), f"{name}.{field.name}"


def test_the_compiled_validator_agrees_with_jsonschema_on_every_fixture():
    """The fast path (jsonschema-rs) and the reference validator accept and reject the same files."""
    from pamc.checks.schema import fast_validator, validator
    from pamc.kinds import file_kind
    from pamc.sources import read_yaml
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
    from pamc.kinds import file_kind
    from pamc.sources import read_yaml

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
