"""croissant.json of a release is a complete Croissant 1.1 description: mlcroissant validates it without error or
warning and reads every record set; every key is unique and every declared reference resolves in the tables;
every file it lists has the size and checksum it states; the Responsible-AI (RAI) and PROV-O properties are
there."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml

from pamc.release.checksums import sha256_file

from .conftest import REPO, copy_inputs, run

RAI = ("dataCollection", "dataCollectionRawData", "dataAnnotationProtocol", "dataAnnotationPlatform",
       "annotationsPerItem", "machineAnnotationTools", "dataBiases", "dataLimitations", "dataUseCases",
       "dataSocialImpact", "personalSensitiveInformation", "dataReleaseMaintenancePlan")

# The terms of the Croissant 1.1 specification's "Appendix 1: JSON-LD context".
SPEC_1_1_TERMS = ("@language", "@vocab", "sc", "cr", "rai", "dct", "annotation", "arrayShape", "citeAs", "column",
                  "conformsTo", "containedIn", "data", "dataType", "equivalentProperty", "examples", "excludes",
                  "extract", "field", "fileProperty", "fileObject", "fileSet", "format", "includes", "isArray",
                  "isLiveDataset", "jsonPath", "key", "md5", "parentField", "recordSet", "references", "regex",
                  "readLines", "sdVersion", "separator", "source", "subField", "transform", "unArchive", "value")


def _meta(release: Path) -> dict:
    return json.loads((release / "croissant.json").read_text(encoding="utf-8"))


def _rows(release: Path, table: str) -> list[dict]:
    return [json.loads(line) for line in (release / "jsonl" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()]


def _cff(root: Path) -> dict:
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def _fields(fields: list[dict]):
    for f in fields:
        yield f
        yield from _fields(f.get("subField", []))


def _values(value, keys: list[str]) -> list:
    """The values at ``keys`` inside a JSON Lines cell, lists flattened (nulls left out)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for item in value for v in _values(item, keys)]
    if not keys:
        return [value]
    return _values(value.get(keys[0]), keys[1:])


def _column_values(release: Path, field_id: str) -> list:
    table, column, *inner = field_id.split("/")
    return [v for row in _rows(release, table) for v in _values(row[column], inner)]


@pytest.fixture(scope="module")
def dated_release(real_release, tmp_path_factory) -> Path:
    """The real release if the repository's CITATION.cff gives its release date (date-released), else the same
    corpus built once more with a date-released line added to a copy of CITATION.cff (a test date)."""
    if _cff(REPO).get("date-released"):
        return real_release
    root = copy_inputs(REPO, tmp_path_factory.mktemp("dated-release") / "corpus")
    with (root / "CITATION.cff").open("a", encoding="utf-8") as fh:
        fh.write("date-released: 2000-01-02\n")
    with (root / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## 9.9.9\n\nTest release.\n")
    result = run("build", "--root", str(root), "--version", "9.9.9")
    assert result.exit_code == 0, result.output
    return root / "dist" / "9.9.9"


def test_mlcroissant_validates_it_without_error_or_warning(dated_release, caplog):
    import mlcroissant as mlc

    with caplog.at_level(logging.WARNING):
        issues = mlc.Dataset(jsonld=str(dated_release / "croissant.json")).metadata.issues
    assert issues.errors == set() and issues.warnings == set()
    assert not [r for r in caplog.records if "@context" in r.getMessage()]  # mlcroissant finds the context standard
    assert _meta(dated_release)["datePublished"] == str(_cff(dated_release)["date-released"])


def test_the_publication_date_is_citation_cffs_and_never_made_up(real_release):
    """datePublished is CITATION.cff's date-released; without one it is left out, and then the only thing
    mlcroissant reports is that the recommended datePublished is missing."""
    import mlcroissant as mlc

    meta, released = _meta(real_release), _cff(REPO).get("date-released")
    issues = mlc.Dataset(jsonld=str(real_release / "croissant.json")).metadata.issues
    assert issues.errors == set()
    if released:
        assert meta["datePublished"] == str(released) and issues.warnings == set()
    else:
        assert "datePublished" not in meta
        assert all("datePublished" in w for w in issues.warnings)


def test_it_conforms_to_croissant_1_1_and_rai_1_0_with_the_1_1_context(real_release):
    from mlcroissant._src.core.context import Context, CroissantVersion
    from mlcroissant._src.core.rdf import make_context

    meta = _meta(real_release)
    assert meta["conformsTo"] == ["http://mlcommons.org/croissant/1.1", "http://mlcommons.org/croissant/RAI/1.0"]
    context = meta["@context"]
    assert set(SPEC_1_1_TERMS) <= set(context)
    assert set(make_context(Context(conforms_to=CroissantVersion.V_1_1))) <= set(context)
    assert context["prov"] == "http://www.w3.org/ns/prov#" and context["rai"] == "http://mlcommons.org/croissant/RAI/"
    assert "repeated" not in json.dumps(meta["recordSet"])  # 1.1 lists are isArray


def test_creator_licence_and_url_state_only_what_is_known(real_release):
    meta = _meta(real_release)
    assert meta["creator"] == [{"@type": "sc:Organization", "name": a["name"]} for a in _cff(REPO)["authors"]]
    assert meta["creator"][0]["name"] == "Putin–Assad Meetings Corpus contributors"
    assert ".invalid" not in json.dumps(meta) and "url" not in meta  # no public location exists
    documents = _rows(real_release, "documents")
    licence = meta["license"]
    if not any(d["licence"] for d in documents):  # no licence cited: none is claimed, no licence URL
        assert licence["@type"] == "sc:CreativeWork" and licence["name"] == "unknown" and "url" not in licence
        assert "MIT" in licence["description"] and "annotations" in licence["description"]


def test_every_record_set_reads_as_many_records_as_its_json_lines_table(real_release):
    import mlcroissant as mlc

    meta = _meta(real_release)
    for record_set in meta["recordSet"]:
        name = record_set["@id"]
        # A fresh Dataset for each record set: mlcroissant 1.1 keeps the output of each operation, so a record set
        # whose references join another one it already read (same Dataset object) gets an exhausted generator.
        dataset = mlc.Dataset(jsonld=str(real_release / "croissant.json"))
        assert sum(1 for _ in dataset.records(name)) == len(_rows(real_release, name)), name


def test_every_key_is_unique_and_never_null(real_release):
    for record_set in _meta(real_release)["recordSet"]:
        key = record_set["key"] if isinstance(record_set["key"], list) else [record_set["key"]]
        columns = [k["@id"].split("/", 1)[1] for k in key]
        rows = _rows(real_release, record_set["@id"])
        values = [tuple(row[c] for c in columns) for row in rows]
        assert all(None not in v for v in values) and len(set(values)) == len(rows), record_set["@id"]
    assert [k["@id"] for k in next(r["key"] for r in _meta(real_release)["recordSet"] if r["@id"] == "vocabularies")
            ] == ["vocabularies/vocabulary", "vocabularies/id"]


def test_every_reference_resolves_in_the_tables(real_release):
    declared = {}
    for record_set in _meta(real_release)["recordSet"]:
        for field in _fields(record_set["field"]):
            if "references" in field:
                declared[field["@id"]] = target = field["references"]["field"]["@id"]
                missing = set(_column_values(real_release, field["@id"])) - set(_column_values(real_release, target))
                assert not missing, (field["@id"], target, sorted(missing)[:5])
    required = {
        "utterances/event": "events/id", "utterances/speaker": "persons/id", "utterances/document": "documents/id",
        "alignments/news_utterance": "utterances/id", "alignments/transcript_utterance": "utterances/id",
        "mentions/entity": "entities/id", "mentions/utterance": "utterances/id",
        "dialogue_acts/utterance": "utterances/id", "passages/witness": "utterances/id",
        "passages/event": "events/id", "passages/speaker": "persons/id", "speech_events/event": "events/id",
        "utterances/mentions/entity": "entities/id", "utterances/addressees": "persons/id",
    }
    assert required.items() <= declared.items()
    # every referenced field is its record set's key
    keys = {r["@id"]: r["key"] for r in _meta(real_release)["recordSet"]}
    assert all(keys[t.split("/")[0]] == {"@id": t} for t in declared.values())


def test_every_file_object_has_its_files_size_and_checksum(real_release):
    meta = _meta(real_release)
    listed = set()
    for item in meta["distribution"]:
        if item["@type"] != "cr:FileObject":
            continue
        path = real_release / item["contentUrl"]
        assert sha256_file(path) == item["sha256"], item["@id"]
        assert item["contentSize"] == f"{path.stat().st_size} B", item["@id"]
        assert item["encodingFormat"]
        listed.add(item["contentUrl"])
    expected = {p.relative_to(real_release).as_posix() for pattern in
                ("data/*/*.parquet", "jsonl/*.jsonl", "viewer/*.html", "figures/*.svg", "standoff/*")
                for p in real_release.glob(pattern)}
    assert listed == expected
    formats = {item["contentUrl"].split("/")[0]: item["encodingFormat"] for item in meta["distribution"]}
    assert formats == {"data": "application/x-parquet", "jsonl": "application/jsonlines", "viewer": "text/html",
                       "figures": "image/svg+xml", "standoff": "text/plain"}


def test_the_responsible_ai_properties_are_there_and_say_who_annotated(real_release):
    meta = _meta(real_release)
    for name in RAI:
        value = meta[f"rai:{name}"]
        texts = value if isinstance(value, list) else [value]
        assert texts and all(isinstance(t, str) and t.strip() for t in texts), name
    text = json.dumps({k: v for k, v in meta.items() if k.startswith("rai:")}, ensure_ascii=False)
    for words in ("AI language model", "blind second pass", "no human annotator", "audit", "82 checks",
                  "state-aligned", "Arabic", "audio", "not a training set", "public figures"):
        assert words in text, words
    from pamc.model.catalogue import CHECKS

    assert f"{len(CHECKS)} checks" in text


def test_the_release_is_derived_from_the_raw_documents(real_release):
    meta = _meta(real_release)
    derived = {e["identifier"]: e for e in meta["prov:wasDerivedFrom"]}
    documents = _rows(real_release, "documents")
    assert set(derived) == {d["id"] for d in documents}
    for d in documents:
        entity = derived[d["id"]]
        assert entity["@type"] == "prov:Entity" and entity["sha256"] == d["sha256"]
        assert entity.get("url") == d["source_url"]  # only where a stored copy of the page was read
    assert meta["prov:wasGeneratedBy"]["@type"] == "prov:Activity"
