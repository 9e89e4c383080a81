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
FILE_TABLES = ("utterances", "dialogue_acts", "mentions", "speech_events", "tokens")
CORPUS_TABLES = ("events", "persons", "entities", "vocabularies")


class SpeechLinks:
    """What an utterance row says about passages, from the alignments file (read before the annotation files):
    the passages each utterance witnesses or renders."""

    def __init__(self, corpus: Corpus) -> None:
        from pamc.analysis.passages import overlapped

        by_witness = {w: [r.model for r in recs] for w, recs in corpus.passages_by_witness().items()}
        self.passages: dict[str, list[str]] = {w: [p.id for p in ps] for w, ps in by_witness.items()}
        self.renders: set[str] = set()
        for rec in sorted(corpus.alignments, key=lambda r: r.model.id):
            a = rec.model
            if a.transcript_utterance is None or a.transcript_span is None:
                continue
            ids = overlapped(by_witness.get(a.transcript_utterance, []), a.transcript_span.start, a.transcript_span.end)
            have = self.passages.setdefault(a.news_utterance, [])
            have += [i for i in ids if i not in have]
            self.renders.add(a.news_utterance)
        order = {p.model.id: (p.model.witness, p.model.span.start) for p in corpus.passages}
        for ids in self.passages.values():
            ids.sort(key=lambda i: order[i])

    def of(self, utterance: str) -> dict[str, Any]:
        return {"passages": list(self.passages.get(utterance, [])), "renders": utterance in self.renders}


def _by_id(row: dict[str, Any]) -> Any:
    return row["id"]


def file_rows(f: AnnotationFile, entity_type: dict[str, str], links: SpeechLinks,
              raw: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows one annotation file contributes to each of FILE_TABLES, sorted by id (``raw``: the document's
    text, which the tokens need; without it the file gives no tokens rows)."""
    from pamc.analysis.passages import attribution_tokens, normalised_text

    utterances, acts, mentions, tokens = [], [], [], []
    for rec in f.utterances:
        u = rec.model
        if raw is not None:
            source = u.speaker_label or u.source_mention
            tokens.append(row("tokens", {
                "id": u.id, "document": f.document, "speaker": u.speaker, "mode": u.mode,
                **attribution_tokens(raw, (u.start, u.end), (source.start, source.end) if source else None,
                                     (u.cue.start, u.cue.end) if u.cue else None)}))
        utterances.append(row("utterances", {**u.model_dump(), "document": f.document,
                                             "n_words": len(u.text.split()), "text_normalised": normalised_text(u.text),
                                             **links.of(u.id)}))
        for i, d in enumerate(u.dialogue_acts, start=1):
            acts.append(row("dialogue_acts", {**d.model_dump(), "id": f"{u.id}.d{i:02d}", "utterance": u.id,
                                              "document": f.document, "speaker": u.speaker}))
        for i, mn in enumerate(u.mentions, start=1):
            mentions.append(row("mentions", {**mn.model_dump(), "id": f"{u.id}.m{i:02d}", "utterance": u.id,
                                             "document": f.document, "entity_type": entity_type[mn.entity]}))
    speech_events = [row("speech_events", {**rec.model.model_dump(), "document": f.document})
                     for rec in f.speech_events]
    tables = {"utterances": utterances, "dialogue_acts": acts, "mentions": mentions, "speech_events": speech_events,
              "tokens": tokens}
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
    types, links = entity_types(corpus), SpeechLinks(corpus)
    for f in corpus.annotations:
        for name, rows in file_rows(f, types, links, corpus.raw_text(f.document)).items():
            tables[name] += rows
    tables.update(corpus_rows(corpus))
    tables["documents"] = [document_row(d, corpus.raw_texts[d.id]) for d in documents_in_order(corpus)]
    tables["alignments"] = alignment_rows(corpus)
    tables["passages"] = passage_rows(corpus, tables["alignments"])
    assert set(tables) == set(RELEASE_ROW_MODELS)
    return {name: sorted(tables[name], key=_by_id) if name in FILE_TABLES else tables[name]
            for name in RELEASE_ROW_MODELS}


def alignment_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """Each annotated alignment with the fidelity measures derived from its two spans."""
    if not corpus.alignments:
        return []
    from pamc.analysis.fidelity import measures  # rapidfuzz only when there is something to measure

    from pamc.analysis.passages import NO_DIFF, overlapped, standing, word_diff

    publisher = {d.model.id: d.model.publisher for d in corpus.documents}
    by_witness = {w: [r.model for r in recs] for w, recs in corpus.passages_by_witness().items()}
    rows = []
    for rec in corpus.alignments:
        a = rec.model
        news_doc, news = corpus.aligned[a.news_utterance]
        witness = corpus.aligned[a.transcript_utterance].model if a.transcript_utterance else None
        trans_doc = corpus.aligned[a.transcript_utterance].document if a.transcript_utterance else None
        derived = measures(a.news_span.text, news.mode, a.transcript_span.text if a.transcript_span else None)
        if a.transcript_span is not None and witness is not None:
            passages = overlapped(by_witness.get(witness.id, []), a.transcript_span.start, a.transcript_span.end)
            derived |= word_diff(a.news_span, a.transcript_span)
        else:
            passages = []
            derived |= NO_DIFF
        rows.append(row("alignments", {**a.model_dump(), "news_document": news_doc, "news_mode": news.mode,
                                       "transcript_document": trans_doc, "speaker": news.speaker,
                                       "outlet": publisher[news_doc], "relay": [r.model_dump() for r in news.relay],
                                       "passages": passages, "witness_standing": standing(witness) if witness else None,
                                       **derived}))
    return sorted(rows, key=_by_id)


def passage_rows(corpus: Corpus, alignments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each passage with its witness's speaker, event and standing, its witness chain and its renderings
    (``alignments``: the alignment rows)."""
    from pamc.analysis.passages import normalised_and_count, standing, witness_chain

    publisher = {d.model.id: d.model.publisher for d in corpus.documents}
    reports: dict[tuple[str, str], str] = {}  # (publisher, event) → the first document of the publisher reporting it
    for u in corpus.aligned.values():
        key = (publisher[u.document], u.model.event)
        reports[key] = min(reports.get(key, u.document), u.document)
    # An outlet's text of an event is held when one of its documents reports the event; the aligned utterances
    # name every document whose speech is rendered or witnessed, which is all the chain can point at.
    renderings: dict[str, list[dict[str, Any]]] = {}
    for a in alignments:
        for pid in a["passages"]:
            renderings.setdefault(pid, []).append(a)
    rows = []
    for rec in corpus.passages:
        p = rec.model
        document, witness = corpus.aligned[p.witness]
        by = renderings.get(p.id, [])
        text_normalised, n_words = normalised_and_count(p.span.text)
        rows.append(row("passages", {
            **p.model_dump(), "document": document, "event": witness.event, "speaker": witness.speaker,
            "standing": standing(witness), "is_transcript": witness.mode == "transcript_turn",
            "witness_chain": witness_chain(witness, document, publisher, reports),
            "text_normalised": text_normalised, "n_words": n_words,
            "witness_topics": list(witness.topics), "renderings": sorted(a["id"] for a in by),
            "rendered_by": sorted({a["news_utterance"] for a in by}),
            "rendering_outlets": sorted({a["outlet"] for a in by})}))
    return sorted(rows, key=_by_id)
