"""Facts the texts do not print (where a document was published, its licence, an entity's Wikidata id) stand only
with their evidence: a citable source and the sentence in it that establishes the value. A value without
evidence, evidence without a value, and evidence that does not show its value are errors."""

from __future__ import annotations

from typing import Any

from pamc.io.corpus import Corpus, Record
from pamc.model.findings import Finding

# (field, its evidence field) in each table that holds outside facts
_PAIRS = {"documents": (("source_url", "source_url_evidence"), ("licence", "licence_evidence")),
          "persons": (("wikidata", "wikidata_evidence"),),
          "entities": (("wikidata", "wikidata_evidence"),)}


def _shows(field: str, value: Any, evidence: Any) -> str | None:
    """Why ``evidence`` does not show ``value`` (None when it does)."""
    if field == "wikidata" and value not in evidence.quote:
        return f"the quoted sentence does not contain {value}; quote the sentence that pairs the id with the item"
    if field == "source_url" and evidence.source.rstrip("/") != value.rstrip("/"):
        return f"the evidence is from {evidence.source}, not from the page {value} itself"
    return None


def check(corpus: Corpus) -> list[Finding]:
    out: list[Finding] = []
    for table, pairs in _PAIRS.items():
        records: list[Record[Any]] = getattr(corpus, table)
        for rec in records:
            for field, evidence_field in pairs:
                value, evidence = getattr(rec.model, field), getattr(rec.model, evidence_field)
                if value is not None and evidence is None:
                    out.append(rec.finding("evidence-missing", (field,),
                                           f"{field} {value!r} has no {evidence_field}: give the source and the "
                                           "sentence that establishes it, or set it to null"))
                elif value is None and evidence is not None:
                    out.append(rec.finding("evidence-unused", (evidence_field,),
                                           f"{evidence_field} is given but {field} is null; fill in the value it "
                                           "establishes, or remove it"))
                elif value is not None:
                    why = _shows(field, value, evidence)
                    if why:
                        out.append(rec.finding("evidence-mismatch", (evidence_field,), why))
    return out
