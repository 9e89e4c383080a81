"""The release tables (one per config), built from the validated corpus. Rows are sorted by id.

The tables that grow with the corpus (utterances, dialogue acts, mentions, speech events, documents) are
produced one annotation file or document at a time; their ids begin with the document id and a dot, and the
files are read in the order of their names, so the rows of consecutive files come out in id order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pamc.io.corpus import AnnotationFile, Corpus
from pamc.model.kinds import RELEASE_ROW_MODELS
from pamc.release.rows import row

if TYPE_CHECKING:
    from pamc.model import tables as m
FILE_TABLES = ("utterances", "dialogue_acts", "mentions", "speech_events")
CORPUS_TABLES = ("events", "persons", "entities", "vocabularies")


def _by_id(row: dict[str, Any]) -> Any:
    return row["id"]


def file_rows(f: AnnotationFile, entity_type: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The rows one annotation file contributes to each of FILE_TABLES, sorted by id."""
    utterances, acts, mentions = [], [], []
    for rec in f.utterances:
        u = rec.model
        utterances.append(row("utterances", {**u.model_dump(), "document": f.document,
                                             "n_words": len(u.text.split())}))
        for i, d in enumerate(u.dialogue_acts, start=1):
            acts.append(row("dialogue_acts", {**d.model_dump(), "id": f"{u.id}.d{i:02d}", "utterance": u.id,
                                              "document": f.document, "speaker": u.speaker}))
        for i, mn in enumerate(u.mentions, start=1):
            mentions.append(row("mentions", {**mn.model_dump(), "id": f"{u.id}.m{i:02d}", "utterance": u.id,
                                             "document": f.document, "entity_type": entity_type[mn.entity]}))
    speech_events = [row("speech_events", {**rec.model.model_dump(), "document": f.document})
                     for rec in f.speech_events]
    tables = {"utterances": utterances, "dialogue_acts": acts, "mentions": mentions, "speech_events": speech_events}
    return {name: sorted(rows, key=_by_id) for name, rows in tables.items()}


def entity_types(corpus: Corpus) -> dict[str, str]:
    return {e.model.id: e.model.type for e in corpus.entities}


def document_row(doc: m.Document, raw_text: str) -> dict[str, Any]:
    return row("documents", {**doc.model_dump(), "raw_text": raw_text})


def documents_in_order(corpus: Corpus) -> list[m.Document]:
    return sorted((d.model for d in corpus.documents), key=lambda d: d.id)


def corpus_rows(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """The small corpus-wide tables (CORPUS_TABLES), sorted."""
    vocabularies = [row("vocabularies", {**v.model_dump(), "vocabulary": rec.model.vocabulary})
                    for rec in corpus.vocabularies.values() for v in rec.model.values]
    return {
        "events": sorted((row("events", r.model.model_dump()) for r in corpus.events), key=_by_id),
        "persons": sorted((row("persons", r.model.model_dump()) for r in corpus.persons), key=_by_id),
        "entities": sorted((row("entities", r.model.model_dump()) for r in corpus.entities), key=_by_id),
        "vocabularies": sorted(vocabularies, key=lambda r: (r["vocabulary"], r["id"])),
    }


def build_tables(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """config name → rows, all at once, for a corpus whose annotation files were kept (small corpora, tests)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in FILE_TABLES}
    types = entity_types(corpus)
    for f in corpus.annotations:
        for name, rows in file_rows(f, types).items():
            tables[name] += rows
    tables.update(corpus_rows(corpus))
    tables["documents"] = [document_row(d, corpus.raw_texts[d.id]) for d in documents_in_order(corpus)]
    tables["alignments"] = alignment_rows(corpus)
    assert set(tables) == set(RELEASE_ROW_MODELS)
    return {name: sorted(tables[name], key=_by_id) if name in FILE_TABLES else tables[name]
            for name in RELEASE_ROW_MODELS}


def alignment_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """Each annotated alignment with the fidelity measures derived from its two spans."""
    if not corpus.alignments:
        return []
    from pamc.analysis.fidelity import measures  # rapidfuzz only when there is something to measure

    rows = []
    for rec in corpus.alignments:
        a = rec.model
        news_doc, news = corpus.aligned[a.news_utterance]
        trans_doc = corpus.aligned[a.transcript_utterance].document if a.transcript_utterance else None
        derived = measures(a.news_span.text, news.mode, a.transcript_span.text if a.transcript_span else None)
        rows.append(row("alignments", {**a.model_dump(), "news_document": news_doc, "news_mode": news.mode,
                                       "transcript_document": trans_doc, "speaker": news.speaker,
                                       "relay": [r.outlet for r in news.relay], **derived}))
    return sorted(rows, key=_by_id)
