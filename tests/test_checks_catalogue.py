"""The validator's checks: a catalogue with stable ids, one invalid fixture per id, every finding located."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pamc.model.catalogue import CHECKS, markdown_table
from pamc.checks.schema import KEYWORD_CHECK
from pamc.model.schema import generated

from .conftest import FIXTURES, REPO, apply_fixture, copy_inputs, run, walk

INVALID = sorted(p.name for p in (FIXTURES / "invalid").iterdir())
FINDING_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+):( (?P<ptr>/[^:]*):)?( warning:)? "
                          r"\[(?P<id>[a-z0-9-]+)\] .+$")


def validate_json(root: Path, *args: str) -> tuple[int, dict]:
    result = run("validate", "--root", str(root), "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def test_docs_checks_table_is_generated_from_the_registry():
    assert (REPO / "docs" / "checks.md").read_text(encoding="utf-8") == markdown_table()


def test_every_check_has_an_invalid_fixture_and_every_fixture_names_a_check():
    assert set(INVALID) == set(CHECKS)


def test_the_valid_fixture_corpus_has_no_findings(valid_corpus):
    code, report = validate_json(valid_corpus)
    assert (code, report["findings"]) == (0, [])


@pytest.mark.parametrize("check_id", INVALID)
def test_invalid_fixture_produces_exactly_its_check(check_id, valid_corpus, monkeypatch):
    spec = apply_fixture(FIXTURES / "invalid" / check_id, valid_corpus)
    for name, value in spec.get("env", {}).items():
        monkeypatch.setenv(name, value)
    code, report = validate_json(valid_corpus, *spec.get("args", []))
    assert {f["check_id"] for f in report["findings"]} == {check_id}
    assert code == (1 if CHECKS[check_id].severity == "error" else 0)
    for f in report["findings"]:
        assert f["severity"] == CHECKS[check_id].severity
        assert f["line"] >= 1 and f["column"] >= 1 and f["file"]


@pytest.mark.parametrize("check_id", ["span-text-mismatch", "schema-type", "yaml-syntax", "id-order"])
def test_text_report_lines_name_file_line_pointer_and_check(check_id, valid_corpus):
    apply_fixture(FIXTURES / "invalid" / check_id, valid_corpus)
    result = run("validate", "--root", str(valid_corpus))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert lines[-1].endswith("warning(s)")
    for line in lines[:-1]:
        m = FINDING_LINE.match(line)
        assert m, line
        assert m["id"] == check_id
        assert (valid_corpus / m["file"]).exists() or m["file"].startswith("annotations")


def test_an_unreadable_annotation_file_gets_its_own_finding_and_nothing_else(valid_corpus):
    """Its records exist, unread: no 'has no file yet' warning, no alignment naming them as unknown."""
    path = valid_corpus / "annotations/documents/kremlin-mini.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  start: ", "  start: !!int abc #", 1), encoding="utf-8")
    _, report = validate_json(valid_corpus)
    assert [(f["file"], f["check_id"]) for f in report["findings"]] == [
        ("annotations/documents/kremlin-mini.yaml", "yaml-tag")]


def test_a_span_error_shows_the_raw_text_and_where_the_claimed_text_occurs(valid_corpus):
    apply_fixture(FIXTURES / "invalid" / "span-text-mismatch", valid_corpus)
    _, report = validate_json(valid_corpus)
    (finding,) = report["findings"]
    assert finding["pointer"] == "/utterances/1/mentions/0/text"
    assert "'Sochi'" in finding["message"]           # what the raw text holds at the offsets
    assert "occurs nowhere" in finding["message"]    # 'Moscow' is not in the document


def test_a_span_typed_with_plain_spaces_is_located_despite_no_break_spaces(valid_corpus):
    path = valid_corpus / "annotations/documents/kremlin-mini.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("Welcome to\u00a0Sochi.") == 2  # the turn's first sentence, as utterance text and segment
    path.write_text(text.replace("text: Welcome to\u00a0Sochi.", "text: Welcome to Sochi.", 1), encoding="utf-8")
    _, report = validate_json(valid_corpus)
    (finding,) = report["findings"]
    assert finding["check_id"] == "span-text-mismatch"
    assert "U+00A0" in finding["message"]


def test_all_errors_are_reported_at_once(valid_corpus):
    for check_id in ("schema-enum", "ref-unknown-entity", "date-invalid"):
        apply_fixture(FIXTURES / "invalid" / check_id, valid_corpus) if check_id != "ref-unknown-entity" else None
    # schema-enum and date-invalid overlays touch different files; add a dangling entity by hand
    path = valid_corpus / "annotations/documents/news-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("entity: sochi", "entity: atlantis"), encoding="utf-8")
    code, report = validate_json(valid_corpus)
    assert code == 1
    assert {f["check_id"] for f in report["findings"]} == {"schema-enum", "ref-unknown-entity", "date-invalid"}


def test_every_schema_keyword_maps_to_a_check_id():
    validation_keywords = {"required", "additionalProperties", "type", "enum", "const", "pattern", "minimum",
                           "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems",
                           "maxItems", "uniqueItems", "format", "multipleOf", "minProperties", "maxProperties",
                           "not", "allOf"}
    used = {k for schema in generated().values() for node in walk(schema) for k in node if k in validation_keywords}
    assert used <= set(KEYWORD_CHECK)


def test_validate_never_writes(valid_corpus):
    apply_fixture(FIXTURES / "invalid" / "schema-type", valid_corpus)
    before = sorted(p.relative_to(valid_corpus) for p in valid_corpus.rglob("*"))
    run("validate", "--root", str(valid_corpus))
    assert sorted(p.relative_to(valid_corpus) for p in valid_corpus.rglob("*")) == before


def test_fixture_corpus_is_a_copy_not_the_repository(tmp_path):
    root = copy_inputs(FIXTURES / "valid", tmp_path / "x")
    assert (root / "annotations" / "documents" / "kremlin-mini.yaml").is_file()


def test_schema_errors_of_one_record_stay_together_most_relevant_first(valid_corpus):
    path = valid_corpus / "annotations/persons.yaml"
    text = path.read_text(encoding="utf-8")
    # two problems in the first record, one in the last: a wrong kind and an unknown field, then a bad id
    text = text.replace("kind: person", "kind: robot\n  colour: blue", 1).replace("id: press", "id: The Press")
    path.write_text(text, encoding="utf-8")
    _, report = validate_json(valid_corpus)
    schema = [f for f in report["findings"] if f["check_id"].startswith("schema-")]
    assert [f["pointer"] for f in schema][:2] in (["/0/kind", "/0/colour"], ["/0/colour", "/0/kind"])
    assert schema[-1]["pointer"] == "/2/id"


def test_a_record_that_fails_the_schema_is_reported_once_not_again_by_its_references(valid_corpus):
    """The alignment points at kremlin-mini.u002; u002 breaks the schema: one finding, not a dangling reference."""
    import yaml

    path = valid_corpus / "annotations/documents/kremlin-mini.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["utterances"][1]["id"] == "kremlin-mini.u002"
    data["utterances"][1]["colour"] = "blue"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, report = validate_json(valid_corpus)
    assert [(f["check_id"], f["pointer"]) for f in report["findings"]] == [("schema-unknown-field",
                                                                            "/utterances/1/colour")]


def test_two_passages_with_one_id_are_reported(valid_corpus):
    """Passage ids are stable references (alignments, utterances and the viewer name them): one id, one passage."""
    path = valid_corpus / "annotations/alignments.yaml"
    text = path.read_text(encoding="utf-8")
    assert "- id: p0002\n" in text
    path.write_text(text.replace("- id: p0002\n", "- id: p0001\n", 1), encoding="utf-8")
    code, report = validate_json(valid_corpus)
    assert code == 1
    assert [(f["check_id"], f["pointer"]) for f in report["findings"]] == [("id-duplicate", "/passages/1/id")]
