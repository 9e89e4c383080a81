"""Croissant 1.0 metadata (croissant.json) for a release: the files with checksums and one record set per table.

Written by hand from the tables' columns (the build does not need mlcroissant; the tests validate the result
with it). Nested columns are described with Croissant's ``subField`` (structs) and ``repeated`` (lists).
"""

from __future__ import annotations

import json
from typing import Any

from pamc.release.columns import Column, columns

# The JSON-LD context of Croissant 1.0 (http://mlcommons.org/croissant/1.0), as the specification gives it.
CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty", "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract",
    "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet",
    "format": "cr:format", "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath",
    "key": "cr:key", "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
    "samplingRate": "cr:samplingRate", "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField",
    "transform": "cr:transform",
}


_DATA_TYPES = {"integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean", "string": "sc:Text",
               "date": "sc:Date"}


def _field(record: str, file_id: str, c: Column, path: list[str], kind: str = "fileObject") -> dict[str, Any]:
    fid = f"{record}/{'/'.join(path)}"
    out: dict[str, Any] = {"@type": "cr:Field", "@id": fid, "name": fid}
    if c.description:
        out["description"] = c.description
    value = c
    if c.kind == "list":
        out["repeated"] = True
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
    return out


def metadata(version: str, description: str, files: dict[str, str], tables: list[str],
             shards: dict[str, list[str]], citation: str) -> dict[str, Any]:
    """``files``: relative path → sha256 of every Parquet file; ``shards``: table → its Parquet files.

    A table in one file is a FileObject with its checksum; a table in several shards is a FileSet (a glob
    over its directory; the checksums are in SHA256SUMS).
    """
    distribution, record_sets = [], []
    for table in tables:
        file_id = f"{table}-parquet"
        paths = shards[table]
        if len(paths) == 1:
            distribution.append({"@type": "cr:FileObject", "@id": file_id, "name": file_id, "contentUrl": paths[0],
                                 "encodingFormat": "application/x-parquet", "sha256": files[paths[0]]})
            kind = "fileObject"
        else:
            distribution.append({"@type": "cr:FileSet", "@id": file_id, "name": file_id,
                                 "encodingFormat": "application/x-parquet", "includes": f"data/{table}/*.parquet"})
            kind = "fileSet"
        record_sets.append({"@type": "cr:RecordSet", "@id": table, "name": table,
                            "field": [_field(table, file_id, c, [c.name], kind) for c in columns(table)]})
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": "putin-assad-meetings-corpus",
        "description": description,
        "version": version,
        "url": "https://putin-assad-meetings-corpus.invalid/",  # no public location exists yet; a name, not a link
        "license": "unknown: no licence could be cited for the raw documents (see the data card's Documents and provenance)",
        "citeAs": citation,
        "inLanguage": "en",
        "keywords": ["political communication", "diplomacy", "dialogue acts", "quotation", "translation"],
        "distribution": distribution,
        "recordSet": record_sets,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
