"""Identifier checks: unique per table, utterance ids carry their document and follow text order."""

from __future__ import annotations

from collections.abc import Iterable

from ..corpus import Corpus, Record
from ..findings import Finding


def _unique(records: Iterable[Record], table: str) -> list[Finding]:
    out: list[Finding] = []
    first: dict[str, Record] = {}
    for rec in records:
        rid = rec.model.id
        if rid in first:
            where = first[rid]
            line, _ = where.source.position(where.pointer)
            out.append(rec.finding("id-duplicate", ("id",),
                                   f"{table} id {rid!r} is already used at {where.source.display}:{line}"))
        else:
            first[rid] = rec
    return out


def check(corpus: Corpus) -> list[Finding]:
    out: list[Finding] = []
    for records, table in [(corpus.documents, "document"), (corpus.events, "event"), (corpus.persons, "person"),
                           (corpus.entities, "entity"), (corpus.alignments, "alignment")]:
        out += _unique(records, table)
    out += _unique((u for _, u in corpus.utterances()), "utterance")
    out += _unique((s for f in corpus.annotations for s in f.speech_events), "speech event")
    for f in corpus.annotations:
        for records in (f.utterances, f.speech_events):
            previous = None
            for rec in records:
                rid = rec.model.id
                if rid.rsplit(".", 1)[0] != f.document:
                    out.append(rec.finding("id-document-prefix", ("id",),
                                           f"{rid!r} must start with the document id {f.document!r}"))
                    continue
                top = getattr(rec.model, "embedded_in", None) is None
                if top and previous is not None and (rid <= previous.model.id or rec.model.start < previous.model.start):
                    out.append(rec.finding("id-order", ("id",),
                                           f"{rid!r} (at {rec.model.start}) must come after {previous.model.id!r} "
                                           f"(at {previous.model.start}) in id and text order"))
                if top:
                    previous = rec
    return out
