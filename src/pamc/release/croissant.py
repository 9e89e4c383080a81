"""Croissant 1.1 metadata (croissant.json) of a release: the dataset, its files with sizes and checksums, one
record set per table with its key and foreign keys, the Responsible-AI properties (Croissant RAI 1.0) and the
PROV-O provenance of the release.

Written by hand from the tables' columns (the build does not need mlcroissant; the tests validate the result
with it). Nested columns are described with Croissant's ``subField`` (structs) and ``isArray`` (lists).
Every text is taken from the data card (``pamc.release.card``), the release's files or CITATION.cff, so that
the card and this file say the same; nothing depends on the clock, so a rebuild gives the same bytes.

Sources of the property names: the Croissant 1.1 specification (http://mlcommons.org/croissant/1.1,
docs/croissant-spec-1.1.md of github.com/mlcommons/croissant), the Croissant RAI specification
(http://mlcommons.org/croissant/RAI/1.0, docs/croissant-rai-spec.md) and mlcroissant 1.1, which validates it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pamc.release.checksums import sha256_file
from pamc.release.columns import Column, columns

CROISSANT_1_1 = "http://mlcommons.org/croissant/1.1"
RAI_1_0 = "http://mlcommons.org/croissant/RAI/1.0"  # the RAI spec asks datasets using rai: to conform to it too

# The JSON-LD context of Croissant 1.1: the terms of the specification's "Appendix 1: JSON-LD context", plus
# - "prov" (PROV-O), declared as the specification's "Using External Vocabularies" and "Provenance
#   Representation" sections ask for an external vocabulary;
# - the terms mlcroissant 1.1 puts in its own 1.1 context (rdf.make_context: description and name as language
#   containers, path, repeated, replace, samplingRate), so that it does not report the context as non-standard.
# schema.org is written "https://schema.org/", as in mlcroissant, the Croissant 1.0 context and the 1.1 example
# datasets of the Croissant repository (the appendix writes "http://schema.org/", with which mlcroissant 1.1
# finds none of the schema.org properties: it reads https://schema.org/ only).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "annotation": "cr:annotation",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "excludes": "cr:excludes",
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "readLines": "cr:readLines",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sdVersion": "cr:sdVersion",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
    "unArchive": "cr:unArchive",
    "value": "cr:value",
}

_DATA_TYPES = {"integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean", "string": "sc:Text",
               "date": "sc:Date"}

# The key of each table: the fields whose values identify a row (vocabularies: a value is unique within its
# vocabulary only). Checked by the tests against every table.
KEYS: dict[str, tuple[str, ...]] = {"vocabularies": ("vocabulary", "id")}

# Foreign keys: (table, path of the column or struct field) -> the referenced "table/column" (always a key),
# written as {"field": {"@id": ...}}, the form mlcroissant 1.1 reads (the specification's bare {"@id": ...}
# makes it fail). A list column or a field inside a list of structs references element by element.
# - Each link is declared in one direction only, so that the references between record sets form no cycle:
#   mlcroissant turns a reference into a join and cannot read any record set once joins form a cycle. So
#   utterances.passages (-> passages.id), passages.renderings (-> alignments.id) and utterances.embedded_in
#   (-> utterances.id, a cycle of one) are not declared; the converse links (passages.witness,
#   passages.rendered_by, alignments.passages) are.
# - Vocabulary values are not declared, nor typed as enumerations. The key of the vocabularies table is
#   (vocabulary, id) and a reference names one field, so it cannot say which vocabulary a value is in. Croissant
#   1.1's enumerations are record sets typed sc:Enumeration, one per vocabulary: their rows would have to be
#   a filter of the vocabularies table (Croissant has no row filter) or a copy inline (``data``), and every
#   record set of this file is one of the published tables (tests/test_release_metadata.py). The validator
#   checks every vocabulary value.
REFERENCES: dict[tuple[str, str], str] = {
    ("utterances", "event"): "events/id",
    ("utterances", "speaker"): "persons/id",
    ("utterances", "addressees"): "persons/id",
    ("utterances", "relay/outlet"): "entities/id",
    ("utterances", "mentions/entity"): "entities/id",
    ("utterances", "document"): "documents/id",
    ("passages", "witness"): "utterances/id",
    ("passages", "document"): "documents/id",
    ("passages", "event"): "events/id",
    ("passages", "speaker"): "persons/id",
    ("passages", "witness_chain/outlet"): "entities/id",
    ("passages", "witness_chain/document"): "documents/id",
    ("passages", "rendered_by"): "utterances/id",
    ("passages", "rendering_outlets"): "entities/id",
    ("dialogue_acts", "utterance"): "utterances/id",
    ("dialogue_acts", "document"): "documents/id",
    ("dialogue_acts", "speaker"): "persons/id",
    ("mentions", "entity"): "entities/id",
    ("mentions", "utterance"): "utterances/id",
    ("mentions", "document"): "documents/id",
    ("tokens", "id"): "utterances/id",
    ("tokens", "document"): "documents/id",
    ("tokens", "speaker"): "persons/id",
    ("speech_events", "event"): "events/id",
    ("speech_events", "participants"): "persons/id",
    ("speech_events", "document"): "documents/id",
    ("alignments", "news_utterance"): "utterances/id",
    ("alignments", "transcript_utterance"): "utterances/id",
    ("alignments", "relay/outlet"): "entities/id",
    ("alignments", "passages"): "passages/id",
    ("alignments", "news_document"): "documents/id",
    ("alignments", "transcript_document"): "documents/id",
    ("alignments", "speaker"): "persons/id",
    ("alignments", "outlet"): "entities/id",
    ("events", "date_evidence/document"): "documents/id",
    ("events", "place_entity"): "entities/id",
    ("events", "participants"): "persons/id",
    ("persons", "entity"): "entities/id",
}

_FORMATS = {".jsonl": "application/jsonlines", ".html": "text/html", ".svg": "image/svg+xml",
            ".parquet": "application/x-parquet", ".txt": "text/plain", ".ann": "text/plain", ".conf": "text/plain"}


def key(table: str) -> tuple[str, ...]:
    return KEYS.get(table, ("id",))


def _field(record: str, file_id: str, c: Column, path: list[str], kind: str = "fileObject") -> dict[str, Any]:
    fid = f"{record}/{'/'.join(path)}"
    out: dict[str, Any] = {"@type": "cr:Field", "@id": fid, "name": fid}
    if c.description:
        out["description"] = c.description
    value = c
    if c.kind == "list":
        out["isArray"] = True  # Croissant 1.1 (``repeated`` is deprecated); arrayShape defaults to (-1,)
        assert c.item is not None
        value = c.item
    source: dict[str, Any] = {kind: {"@id": file_id}, "extract": {"column": path[0]}}
    if len(path) > 1:
        source["transform"] = {"jsonPath": ".".join(path[1:])}
    if value.kind == "struct":
        out["subField"] = [_field(record, file_id, f, [*path, f.name], kind) for f in value.fields]
    else:
        out["dataType"] = _DATA_TYPES.get(value.kind, "sc:Text")
    out["source"] = source
    target = REFERENCES.get((record, "/".join(path)))
    if target is not None:
        out["references"] = {"field": {"@id": target}}
    return out


def _size(path: Path) -> str:
    """schema.org contentSize as the Croissant examples write it: bytes, with the unit."""
    return f"{path.stat().st_size} B"


def _file_object(release: Path, rel: str, file_id: str, description: str, sha256: str | None = None
                 ) -> dict[str, Any]:
    path = release / rel
    return {"@type": "cr:FileObject", "@id": file_id, "name": rel, "description": description, "contentUrl": rel,
            "contentSize": _size(path), "encodingFormat": _FORMATS[path.suffix],
            "sha256": sha256 if sha256 is not None else sha256_file(path)}


def plain(markdown: str) -> str:
    """The card's Markdown as plain text: no emphasis, no code marks, lines joined."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    text = re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"\1", text)
    return " ".join(text.replace("`", "").split())


def card_parts(markdown: str) -> dict[str, str]:
    """The paragraphs and bullets of a card text by their lead: ``"- **Passes.** text"`` → ``{"Passes": "text"}``;
    a paragraph or bullet without a bold lead is keyed by its position (``"0"``, ``"1"``, …). Plain text."""
    parts: dict[str, str] = {}
    for i, block in enumerate(re.split(r"\n\n|\n(?=- )", markdown.strip())):
        found = re.match(r"- \*\*(.+?)\*\*\s*(.*)", block, flags=re.S)
        if found:
            parts[found.group(1).rstrip(".:")] = plain(found.group(2))
        else:
            parts[str(i)] = plain(block.removeprefix("- "))
    return parts


def bullets(markdown: str) -> list[str]:
    """The bullets of a card text (``- ...`` lines, continued until the next one) as plain text."""
    blocks = re.split(r"\n(?=- )", markdown.strip())
    return [plain(b.removeprefix("- ")) for b in blocks if b.startswith("- ")]


def _cff(release: Path) -> dict[str, Any]:
    import yaml

    path = release / "CITATION.cff"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def creators(cff: dict[str, Any]) -> list[dict[str, Any]]:
    """CITATION.cff's authors as schema.org agents: an entity (``name``) is an Organization, a person (given and
    family names) a Person."""
    out = []
    for a in cff.get("authors") or []:
        if a.get("name"):
            out.append({"@type": "sc:Organization", "name": a["name"]})
        elif a.get("family-names"):
            person = {"@type": "sc:Person", "familyName": a["family-names"],
                      "name": " ".join(p for p in (a.get("given-names"), a["family-names"]) if p)}
            if a.get("given-names"):
                person["givenName"] = a["given-names"]
            out.append(person)
    return out


def date_published(cff: dict[str, Any]) -> str | None:
    """CITATION.cff's ``date-released`` (YYYY-MM-DD), the one publication date the inputs record; None without
    it (no date is made up: not the build's clock, not a file's time)."""
    value = cff.get("date-released")
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"CITATION.cff date-released is not a YYYY-MM-DD date: {value!r}")
    return text


def _jsonl_rows(release: Path, table: str) -> list[dict[str, Any]]:
    path = release / "jsonl" / f"{table}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _jsonl_count(release: Path, table: str) -> int:
    """The rows of a JSON Lines table (one per line; a release writes no blank line), without parsing them."""
    path = release / "jsonl" / f"{table}.jsonl"
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def _count_phrase(counts: Counter) -> str:
    return ", ".join(f"{what}: {n}" for what, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def licence() -> dict[str, Any]:
    """What is known of the licence, as a schema.org CreativeWork (the Croissant spec allows a CreativeWork or a
    URL): no licence could be cited for any raw document (each document's ``licence`` is null with a note), none
    is declared for the annotations, and MIT covers only the code that builds the release (not part of it). So
    no licence URL is given: the name is ``unknown``, as in the card's metadata, and the description is the
    card's own licence statement."""
    from pamc.release import card

    return {"@type": "sc:CreativeWork", "name": "unknown",
            "description": "The licence is " + card_parts(card.DETAILS).get("License", "unknown.")}


def provenance(documents: list[dict[str, Any]], n_checks: int) -> dict[str, Any]:
    """PROV-O: the release is derived from the raw documents (each with its id, title, SHA-256 of its bytes and,
    where a stored copy of the page was read and holds the same text, its source URL) and was generated by the
    annotation and the validator's checks."""
    derived = []
    for d in documents:
        entity: dict[str, Any] = {"@type": "prov:Entity", "identifier": d["id"], "name": d["title"]["text"],
                                  "sha256": d["sha256"], "contentSize": f"{d['n_bytes']} B",
                                  "encodingFormat": "text/plain", "inLanguage": d["language"]}
        if d.get("source_url"):
            entity["url"] = d["source_url"]
        derived.append(entity)
    activity = {
        "@type": "prov:Activity",
        "prov:label": "Annotation of every utterance of the raw documents by an AI language model (two blind "
                      "passes, adjudication, an independent audit), mechanical checks by the validator, and the "
                      "build of the release tables",
        "prov:wasAssociatedWith": [
            {"@type": "prov:SoftwareAgent", "prov:label": "an AI language model (separate sessions for the first "
                                                          "pass, the blind second pass and the audit)"},
            {"@type": "prov:SoftwareAgent", "prov:label": f"the corpus's validator and build (pamc): {n_checks} "
                                                          "checks with stable ids"},
        ],
    }
    return {"prov:wasDerivedFrom": derived, "prov:wasGeneratedBy": activity}


def _sentence(text: str) -> str:
    text = text.rstrip(": ")
    return text if text.endswith(".") else text + "."


def prose(markdown: str) -> str:
    """A card text as one plain paragraph: each ``- **Lead.** text`` bullet becomes ``Lead: text``."""
    return " ".join(text if lead.isdigit() else f"{lead}: {text}" for lead, text in card_parts(markdown).items())


def rai(release: Path, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The Croissant RAI properties, from the data card's texts (``pamc.release.card``) and the release's tables.
    A property of cardinality ONE in the RAI spec or in mlcroissant is one string, the others lists."""
    from pamc.model.catalogue import CHECKS
    from pamc.release import card

    n_checks = len(CHECKS)
    who = card_parts(card.annotators(n_checks))
    n = {t: _jsonl_count(release, t) for t in ("utterances", "passages", "alignments")}
    persons = _jsonl_rows(release, "persons")
    kinds = Counter(f"{d['publisher']} {d['genre'].replace('_', ' ')}" for d in documents)
    size = (f"{len(documents)} documents ({_count_phrase(kinds)}), {n['utterances']} utterances, "
            f"{n['passages']} passages, {n['alignments']} alignments")
    out_of_scope = card_parts(card.out_of_scope(n["utterances"], n["passages"]))
    people = [p for p in persons if p["kind"] == "person"]
    groups = [p for p in persons if p["kind"] != "person"]
    return {
        "rai:dataCollection": " ".join([plain(card.CURATION_RATIONALE), _sentence(plain(card.COLLECTION)),
                                        f"The release holds {size}."]),
        "rai:dataCollectionRawData": " ".join([plain(card.PRODUCERS), *bullets(card._provenance_rows(documents))]),
        "rai:dataAnnotationProtocol": prose(card.annotators(n_checks)),
        "rai:dataAnnotationPlatform": [
            "No annotation platform and no human annotator: an AI language model wrote the YAML annotation files "
            "of the source repository, following docs/annotation-guidelines.md, and the corpus's validator "
            "(pamc validate) checked them."],
        "rai:annotationsPerItem": " ".join(
            ["No human label (0 human annotations per item). Every utterance was annotated twice by an AI language "
             "model, a first pass and a blind second pass by a separate session, and the two were adjudicated "
             "into the one published.", who.get("Passes", ""), who.get("Passages and renderings", "")]).strip(),
        "rai:annotatorDemographics": [
            "Not applicable: there was no human annotator; every annotation was made by an AI language model."],
        "rai:machineAnnotationTools": [
            "An AI language model made every annotation: " + who.get("0", ""),
            "Adjudication and audit: " + who.get("Adjudication", ""),
            f"The corpus's validator (pamc), {n_checks} mechanical checks: " + who.get("Mechanical checks", ""),
            "The release build computes the alignments' measures with rapidfuzz (fuzz.ratio, "
            "fuzz.token_set_ratio) and Python's difflib (the word-level comparison).",
        ],
        "rai:dataBiases": [t for t in out_of_scope.values() if "state-aligned" in t] + bullets(card.RISKS),
        "rai:dataLimitations": [
            f"Size: {size}; not a training set.",
            *(f"Out of scope: {lead}. {text}" for lead, text in out_of_scope.items() if not lead.isdigit()),
            "What the corpus does not have: " + _sentence(who.get("What the corpus does not have", ""))],
        "rai:dataUseCases": [*bullets(card.DIRECT_USE),
                             *(f"Out of scope: {lead}. {text}" for lead, text in out_of_scope.items()
                               if lead.startswith("Training"))],
        "rai:dataSocialImpact": " ".join([
            "The texts are official or state-aligned accounts of meetings between heads of state; the corpus makes "
            "visible how those outlets present them (who is quoted, how, through which outlets and translations), "
            "and says how every annotation was made.", *bullets(card.RISKS)[:1],
            "Recommendations:", *bullets(card.RECOMMENDATIONS)]),
        "rai:personalSensitiveInformation": [
            plain(card.PERSONAL),
            "The persons table: " + "; ".join(f"{p['name']} ({p['role']})" if p.get("role") else p["name"]
                                               for p in people)
            + (f"; and {len(groups)} groups: " + "; ".join(p["name"] for p in groups) if groups else "") + "."],
        "rai:dataReleaseMaintenancePlan": " ".join([
            "Releases are versioned (MAJOR.MINOR.PATCH) under dist/<version>/ of the source repository, each "
            "immutable once published; corrections and additions come as new versions, each described in the "
            "changelog (CHANGELOG.md, and the data card of the release). Published passage ids are never "
            "renumbered. SHA256SUMS lists the checksum of every file of a release; pamc verify recomputes them.",
            plain(card.CONTACT)]),
    }


def metadata(version: str, description: str, files: dict[str, str], tables: list[str],
             shards: dict[str, list[str]], citation: str, *, release: Path,
             documents: list[dict[str, Any]]) -> dict[str, Any]:
    """``files``: relative path → sha256 of every Parquet file, and of any other file whose checksum is known
    (the others are read); ``shards``: table → its Parquet files;
    ``release``: the release directory, holding the JSON Lines tables, the viewer, the figures and CITATION.cff
    (their sizes and checksums are read there); ``documents``: the documents table's rows (without raw_text).

    A table in one file is a FileObject with its checksum; a table in several shards is a FileSet (a glob
    over its directory; the checksums are in SHA256SUMS).
    """
    from pamc.model.catalogue import CHECKS
    from pamc.release.card import TABLE_PURPOSE

    distribution, record_sets = [], []
    for table in tables:
        file_id = f"{table}-parquet"
        paths = shards[table]
        if len(paths) == 1:
            distribution.append(_file_object(release, paths[0], file_id, f"The {table} table (Parquet).",
                                             files[paths[0]]))
            kind = "fileObject"
        else:
            distribution.append({"@type": "cr:FileSet", "@id": file_id, "name": file_id,
                                 "description": f"The {table} table (Parquet, {len(paths)} shards).",
                                 "encodingFormat": "application/x-parquet", "includes": f"data/{table}/*.parquet"})
            kind = "fileSet"
        record_set: dict[str, Any] = {"@type": "cr:RecordSet", "@id": table, "name": table}
        if table in TABLE_PURPOSE:
            record_set["description"] = TABLE_PURPOSE[table]
        ids = key(table)
        record_set["key"] = [{"@id": f"{table}/{k}"} for k in ids] if len(ids) > 1 else {"@id": f"{table}/{ids[0]}"}
        record_set["field"] = [_field(table, file_id, c, [c.name], kind) for c in columns(table)]
        record_sets.append(record_set)
    for table in tables:
        rel = f"jsonl/{table}.jsonl"
        if (release / rel).is_file():
            distribution.append(_file_object(release, rel, f"{table}-jsonl",
                                             f"The {table} table as JSON Lines (one object per row, the rows of "
                                             "the Parquet file).", files.get(rel)))
    for page in sorted((release / "viewer").glob("*.html")) if (release / "viewer").is_dir() else []:
        rel = f"viewer/{page.name}"
        what = ("the index of the documents" if page.stem == "index" else
                f"document {page.stem}: its raw text with every utterance and passage marked")
        distribution.append(_file_object(release, rel, rel, f"The static viewer (no network): {what}.",
                                         files.get(rel)))
    for figure in sorted((release / "figures").glob("*.svg")) if (release / "figures").is_dir() else []:
        rel = f"figures/{figure.name}"
        distribution.append(_file_object(release, rel, rel, "Figure of the data card: "
                                         + figure.stem.replace("-", " ") + ".", files.get(rel)))
    for part in sorted((release / "standoff").iterdir()) if (release / "standoff").is_dir() else []:
        rel = f"standoff/{part.name}"
        what = {"txt": "the raw text of document {}, byte for byte", "ann": "the annotations of document {}",
                "conf": "the annotation types, relations and attribute values{}"}[part.suffix[1:]]
        distribution.append(_file_object(release, rel, rel, "brat standoff export: "
                                         + what.format("" if part.suffix == ".conf" else part.stem) + ".",
                                         files.get(rel)))
    cff = _cff(release)
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": [CROISSANT_1_1, RAI_1_0],
        "name": "putin-assad-meetings-corpus",
        "description": description,
        "version": version,
        # ``url`` (the dataset's Web page) is left out: the corpus has no public location yet, and a placeholder
        # or a guessed address would state something false. The specification lists url among the required
        # properties; mlcroissant 1.1 does not require it (no error, no warning). The data card (README.md next
        # to this file) is the dataset's page wherever a release is copied.
        "creator": creators(cff),
        "datePublished": date_published(cff),
        "license": licence(),
        "publisher": creators(cff),  # the card's "Shared by": the contributors
        "citeAs": citation,
        "inLanguage": "en",
        "keywords": ["political communication", "diplomacy", "dialogue acts", "quotation", "translation"],
        **provenance(documents, len(CHECKS)),
        **rai(release, documents),
        "distribution": distribution,
        "recordSet": record_sets,
    }
    return {k: v for k, v in out.items() if v not in (None, [])}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
