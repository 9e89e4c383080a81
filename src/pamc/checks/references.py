"""Reference checks: every id points at an existing record of the right kind, every value is in its vocabulary."""

from __future__ import annotations

import difflib

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pamc.io.corpus import AnnotationFile, Corpus, Record
from pamc.model.findings import Finding
from pamc.io.sources import Pointer

if TYPE_CHECKING:
    from pamc.model import tables as m
@dataclass(frozen=True)
class Known:
    """The ids of the corpus-wide tables, computed once for all annotation files."""

    documents: set[str]
    events: dict[str, m.Event]
    persons: set[str]
    entities: set[str]
    organizations: set[str]
    vocabularies: dict[str, set[str]]  # name → values, for the vocabularies that could be read

    @classmethod
    def of(cls, corpus: Corpus) -> "Known":
        entities = {r.model.id: r.model for r in corpus.entities}
        return cls({r.model.id for r in corpus.documents}, {r.model.id: r.model for r in corpus.events},
                   {r.model.id for r in corpus.persons}, set(entities),
                   {i for i, e in entities.items() if e.type == "organization"},
                   {name: corpus.vocabulary(name) for name in corpus.vocabularies})


def did_you_mean(value: str, known: set[str]) -> str:
    """"; did you mean 'x'?" for the closest known value (a typo), or nothing."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _ref(out: list[Finding], rec: Record, rel: Pointer, value: str | None, known: set[str], check: str,
         what: str, invalid: set[str] = frozenset()) -> None:
    if value is not None and value not in known and value not in invalid:
        out.append(rec.finding(check, rel, f"{value!r} is not a known {what}{did_you_mean(value, known)}"))


def _vocab(out: list[Finding], rec: Record, rel: Pointer, value: str, known: Known, name: str) -> None:
    values = known.vocabularies.get(name)
    if values is not None and value not in values:
        out.append(rec.finding("vocab-unknown-value", rel,
                               f"{value!r} is not a value of the {name} vocabulary "
                               f"(annotations/vocabularies/{name}.yaml){did_you_mean(value, values)}"))


def check(corpus: Corpus) -> list[Finding]:
    """The corpus-wide tables."""
    out: list[Finding] = []
    invalid = corpus.invalid_ids  # records that exist but failed the schema: reported there, not here
    known = Known.of(corpus)
    documents, persons, entities, organizations = known.documents, known.persons, known.entities, known.organizations

    for name, rec in corpus.vocabularies.items():
        seen: set[str] = set()
        for i, v in enumerate(rec.model.values):
            if v.id in seen:
                out.append(rec.finding("vocab-duplicate-value", ("values", i, "id"), f"{v.id!r} is defined twice"))
            seen.add(v.id)

    for rec in corpus.documents:
        d = rec.model
        _ref(out, rec, ("publisher",), d.publisher, entities, "ref-unknown-entity", "entity", invalid)
        if d.publisher in entities and d.publisher not in organizations:
            out.append(rec.finding("ref-wrong-type", ("publisher",), f"publisher {d.publisher!r} is not an organization"))
        _vocab(out, rec, ("language",), d.language, known, "languages")
    for rec in corpus.persons:
        _ref(out, rec, ("entity",), rec.model.entity, entities, "ref-unknown-entity", "entity", invalid)
    for rec in corpus.entities:
        _vocab(out, rec, ("type",), rec.model.type, known, "entity_types")
    for rec in corpus.events:
        e = rec.model
        _vocab(out, rec, ("kind",), e.kind, known, "event_kinds")
        _ref(out, rec, ("place_entity",), e.place_entity, entities, "ref-unknown-entity", "entity", invalid)
        for i, p in enumerate(e.participants):
            _ref(out, rec, ("participants", i), p, persons, "ref-unknown-person", "person", invalid)
        for i, ev in enumerate(e.date_evidence):
            _ref(out, rec, ("date_evidence", i, "document"), ev.document, documents, "ref-unknown-document",
                 "document", invalid)
    return out


def check_file(corpus: Corpus, known: Known, f: AnnotationFile) -> list[Finding]:
    """References of one annotation file."""
    out: list[Finding] = []
    invalid = corpus.invalid_ids
    documents, events, persons, entities, organizations = (known.documents, known.events, known.persons,
                                                           known.entities, known.organizations)
    if f.document not in documents:
        out.append(f.source.finding("ref-unknown-document", ("document",),
                                    f"{f.document!r} is not a document of annotations/documents.yaml"))
    for rec in f.utterances:
        u = rec.model
        _ref(out, rec, ("event",), u.event, events, "ref-unknown-event", "event", invalid)
        _ref(out, rec, ("speaker",), u.speaker, persons, "ref-unknown-person", "person", invalid)
        for i, a in enumerate(u.addressees):
            _ref(out, rec, ("addressees", i), a, persons, "ref-unknown-person", "person", invalid)
        if u.event in events:
            participants = set(events[u.event].participants)
            for rel, who in [(("speaker",), u.speaker), *((("addressees", i), a) for i, a in enumerate(u.addressees))]:
                if who in persons and who not in participants:
                    out.append(rec.finding("speaker-not-participant", rel,
                                           f"{who!r} is not a participant of event {u.event!r}"))
        _vocab(out, rec, ("language",), u.language, known, "languages")
        for i, lang in enumerate(u.translation.path):
            _vocab(out, rec, ("translation", "path", i), lang, known, "languages")
        if u.translation.path[0] != u.language:
            out.append(rec.finding("translation-path-start", ("translation", "path", 0),
                                   f"the path starts with {u.translation.path[0]!r} but the language spoken is "
                                   f"{u.language!r}"))
        for i, r in enumerate(u.relay):
            _ref(out, rec, ("relay", i, "outlet"), r.outlet, entities, "ref-unknown-entity", "entity", invalid)
            if r.outlet in entities and r.outlet not in organizations:
                out.append(rec.finding("ref-wrong-type", ("relay", i, "outlet"),
                                       f"relay outlet {r.outlet!r} is not an organization"))
        for i, t in enumerate(u.topics):
            _vocab(out, rec, ("topics", i), t, known, "topics")
        for i, d in enumerate(u.dialogue_acts):
            _vocab(out, rec, ("dialogue_acts", i, "function"), d.function, known, "dialogue_act_functions")
        for i, mn in enumerate(u.mentions):
            _ref(out, rec, ("mentions", i, "entity"), mn.entity, entities, "ref-unknown-entity", "entity",
                 invalid)
    for rec in f.speech_events:
        s = rec.model
        _ref(out, rec, ("event",), s.event, events, "ref-unknown-event", "event", invalid)
        for i, p in enumerate(s.participants):
            _ref(out, rec, ("participants", i), p, persons, "ref-unknown-person", "person", invalid)
        for i, t in enumerate(s.topics):
            _vocab(out, rec, ("topics", i), t, known, "topics")
    return out
