"""The release tables (one per config), built from the validated corpus. Rows are sorted by id."""

from __future__ import annotations

from typing import Any

from .. import models as m
from ..corpus import Corpus
from ..schema import RELEASE_TABLES


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


def build_tables(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """config name → rows (plain dicts in the column order of the row model)."""
    entity_type = {e.model.id: e.model.type for e in corpus.entities}
    utterances, acts, mentions, speech_events = [], [], [], []
    for f in corpus.annotations:
        for rec in f.utterances:
            u = rec.model
            utterances.append(_dump(m.UtteranceRow(**dict(u), document=f.document, n_words=len(u.text.split()))))
            for i, d in enumerate(u.dialogue_acts, start=1):
                acts.append(_dump(m.DialogueActRow(**dict(d), id=f"{u.id}.d{i:02d}", utterance=u.id,
                                                   document=f.document, speaker=u.speaker)))
            for i, mn in enumerate(u.mentions, start=1):
                mentions.append(_dump(m.MentionRow(**dict(mn), id=f"{u.id}.m{i:02d}", utterance=u.id,
                                                   document=f.document, entity_type=entity_type[mn.entity])))
        for rec in f.speech_events:
            speech_events.append(_dump(m.SpeechEventRow(**dict(rec.model), document=f.document)))
    documents = [_dump(m.DocumentRow(**dict(d.model), raw_text=corpus.raw_texts[d.model.id])) for d in corpus.documents]
    alignments = [_dump(m.AlignmentRow(**dict(a.model), **similarity(a.model))) for a in corpus.alignments]
    vocabularies = [_dump(m.VocabularyRow(**dict(v), vocabulary=rec.model.vocabulary))
                    for rec in corpus.vocabularies.values() for v in rec.model.values]
    tables = {
        "utterances": utterances,
        "dialogue_acts": acts,
        "mentions": mentions,
        "speech_events": speech_events,
        "alignments": alignments,
        "documents": documents,
        "events": [_dump(r.model) for r in corpus.events],
        "persons": [_dump(r.model) for r in corpus.persons],
        "entities": [_dump(r.model) for r in corpus.entities],
        "vocabularies": vocabularies,
    }
    assert set(tables) == set(RELEASE_TABLES)
    key = {"vocabularies": lambda r: (r["vocabulary"], r["id"])}
    return {name: sorted(rows, key=key.get(name, lambda r: r["id"])) for name, rows in tables.items()}


def similarity(a: m.Alignment) -> dict[str, float | None]:
    """Similarity of the two sides of an alignment (rapidfuzz, imported only when there are alignments)."""
    if a.transcript_span is None:
        return {"char_ratio": None, "token_set_ratio": None}
    from rapidfuzz import fuzz

    return {"char_ratio": round(fuzz.ratio(a.news_span.text, a.transcript_span.text), 4),
            "token_set_ratio": round(fuzz.token_set_ratio(a.news_span.text, a.transcript_span.text), 4)}
