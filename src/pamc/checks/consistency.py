"""Consistency checks: the same words carry the same annotations, and no two entities share a name.

consistency-mentions, consistency-topics (utterances in two documents):

- *Identical text.* Two utterances of different documents whose texts are equal once whitespace is
  normalised (no-break and other spaces as one space, runs collapsed, none at either end) and quote marks
  are made plain (“ ” „ « » → ", ‘ ’ ‚ → ') must mention the same set of entities and have the same set of
  topics.
- *Aligned text.* An alignment whose relation reproduces the transcript's words (``verbatim``,
  ``edited_same_translation``; not a translation, paraphrase, summary or partial match):
  the entities mentioned in its news span must be those mentioned in its transcript span (a mention counts
  for a span when it overlaps it); and a news utterance all of whose alignments reproduce words has only
  topics that one of its transcript utterances has (its passage is part of those turns). A pair whose two
  texts are identical is judged by the first rule alone; an alignment with problems of its own (another
  speaker, a span that is not the utterance's text, a side of the wrong kind) is left to those checks.
- *Exemption.* A pair is not reported when the note of either utterance names the other utterance's id
  (e.g. "'[with Assad]' is the writer's insertion, not in syria-times-sochi-summit.u034").

Each finding is made on both utterances of a pair, at the mention or topic that the other lacks (or at
the list, when it is this one that lacks something), and names the other utterance.

entity-name-shared (entities.yaml): no two entities share a name or alias, compared case-insensitively with
whitespace normalised and a leading "the " ignored, unless the note of one of them names the other
entity's id. The later entity is reported, at the name or alias, naming the earlier one.

Document annotation files stream past (see validate): ``collect`` takes digests of each utterance's
normalised text, entity set and topic set where the file is checked, perhaps in a worker process;
``Collected.add`` keeps them in the main process (under 200 bytes an utterance), and ``check`` runs once every
file has been read, reading again only the files of utterances whose texts match but whose digests differ.
An utterance in which the file's own checks found an error is left out (those errors are reported, not their
consequences).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pamc.io.corpus import AnnotationFile, Corpus, Record

from pamc.checks.load import read_annotation_file
from pamc.model.findings import Finding, records_with_errors
from pamc.io.sources import Pointer, Source, display_path

if TYPE_CHECKING:
    from pamc.model import tables as m
# Relations whose news passage repeats the transcript's words (alignment_relations vocabulary).
REPRODUCING = ("verbatim", "edited_same_translation")
EXEMPT = "or say why in the note, naming the other utterance"

_QUOTES = str.maketrans({**dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e", '"'),
                         **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'")})
_UTTERANCE_ID = re.compile(r"(?<![a-z0-9-])[a-z0-9]+(?:-[a-z0-9]+)*\.u[0-9]{3}(?![a-z0-9])")


def normalise(text: str) -> str:
    """The text as the identical-text rule compares it: quote marks plain, whitespace runs as one space."""
    return " ".join(text.translate(_QUOTES).split())


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def text_key(text: str) -> int:
    """A 64-bit digest of the normalised text (the same in every process)."""
    return _digest(normalise(text))


def _set_key(values) -> int:
    return _digest("\n".join(sorted(set(values))))


def named_utterances(note: str | None) -> frozenset[str]:
    """The utterance ids a note names."""
    return frozenset(_UTTERANCE_ID.findall(note)) if note else frozenset()


def names_entity(note: str | None, entity_id: str) -> bool:
    return bool(note) and re.search(rf"(?<![a-z0-9-]){re.escape(entity_id)}(?![a-z0-9]|-[a-z0-9])", note) is not None


class Said(NamedTuple):
    """What the consistency checks keep of one utterance: digests only, small and picklable (worker → main
    process). The records of the rare utterances that need a closer look are read again at the end."""

    id: str
    index: int  # the record is ("utterances", index) of its file
    key: int  # digest of the normalised text
    entities: int  # digest of the set of entities mentioned
    topics: int  # digest of the set of topics


def collect(f: AnnotationFile, findings: list[Finding]) -> list[Said]:
    """What ``check`` needs of the utterances of ``f`` that no error was found in (``findings``: those of the
    file's own checks; an utterance with an error is judged once that is fixed)."""
    broken = records_with_errors(findings, "utterances")
    return [Said(rec.model.id, rec.pointer[-1], text_key(rec.model.text),
                 _set_key(mn.entity for mn in rec.model.mentions), _set_key(rec.model.topics))
            for rec in f.utterances if rec.pointer[-1] not in broken]


@dataclass
class Collected:
    """What the files read so far hold, by normalised text: about 100 bytes per utterance."""

    wanted: set[str] = field(default_factory=set)  # ids an alignment names (their place is kept)
    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, document) per file, in reading order
    by_text: dict[int, int | list[int]] = field(default_factory=dict)  # text key → handle(s) into the arrays
    place: array = field(default_factory=lambda: array("q"))  # per handle: file number << 32 | index
    entities: array = field(default_factory=lambda: array("q"))
    topics: array = field(default_factory=lambda: array("q"))
    where: dict[str, tuple[int, int] | None] = field(default_factory=dict)  # id → (file, index); None: id twice

    def add(self, path: Path, document: str, said: list[Said] | None) -> None:
        number = len(self.files)
        self.files.append((path, document))
        for s in said or ():
            handle = len(self.place)
            self.place.append(number << 32 | s.index)
            self.entities.append(s.entities)
            self.topics.append(s.topics)
            found = self.by_text.get(s.key)
            if found is None:
                self.by_text[s.key] = handle
            elif isinstance(found, int):
                self.by_text[s.key] = [found, handle]
            else:
                found.append(handle)
            if s.id in self.wanted:
                self.where[s.id] = None if s.id in self.where else (number, s.index)


class _Utterance(NamedTuple):
    number: int  # file number
    document: str
    rec: Record


def check(corpus: Corpus, collected: Collected) -> list[Finding]:
    """Every consistency check, once every annotation file has been read."""
    sources: dict[int, Source] = {}

    def finding(number: int, index: int, check_id: str, rel: Pointer, message: str) -> Finding:
        if number not in sources:
            path = collected.files[number][0]
            sources[number] = Source(path, display_path(path, corpus.paths.root), None)
        return sources[number].finding(check_id, ("utterances", index, *rel), message)

    out = _identical(corpus, collected, finding)
    out += _aligned(corpus, collected, finding)
    out += check_entities(corpus)
    return out


def _listing(values: set[str]) -> str:
    return ", ".join(sorted(values))


def _identical(corpus: Corpus, collected: Collected, finding) -> list[Finding]:
    out: list[Finding] = []
    files: dict[int, AnnotationFile | None] = {}  # read again, only for groups that disagree

    def utterance(handle: int) -> _Utterance | None:
        number, index = collected.place[handle] >> 32, collected.place[handle] & 0xFFFFFFFF
        if number not in files:
            files[number] = read_annotation_file(corpus.paths, collected.files[number][0], [])
        f = files[number]
        rec = next((r for r in f.utterances if r.pointer[-1] == index), None) if f is not None else None
        return None if rec is None else _Utterance(number, collected.files[number][1], rec)

    for handles in collected.by_text.values():
        if isinstance(handles, int) or len({collected.files[collected.place[h] >> 32][1] for h in handles}) < 2:
            continue
        if len({collected.entities[h] for h in handles}) < 2 and len({collected.topics[h] for h in handles}) < 2:
            continue  # annotated alike
        group = [u for u in map(utterance, handles) if u is not None]
        for check_id, what in (("consistency-mentions", "entities"), ("consistency-topics", "topics")):
            buckets: dict[frozenset[str], list[_Utterance]] = {}
            for u in group:
                buckets.setdefault(_values(u.rec.model, what), []).append(u)
            if len(buckets) < 2:
                continue
            for value, members in buckets.items():
                for u in members:
                    named = named_utterances(u.rec.model.note)
                    other = next((o for value2, members2 in buckets.items() if value2 != value for o in members2
                                  if o.document != u.document and o.rec.model.id not in named
                                  and u.rec.model.id not in named_utterances(o.rec.model.note)), None)
                    if other is not None:
                        out.append(_identical_finding(finding, check_id, u, other, value,
                                                      _values(other.rec.model, what)))
    return out


def _values(u: m.Utterance, what: str) -> frozenset[str]:
    return frozenset(mn.entity for mn in u.mentions) if what == "entities" else frozenset(u.topics)


def _identical_finding(finding, check_id: str, u: _Utterance, other: _Utterance, mine: frozenset[str],
                       theirs: frozenset[str]) -> Finding:
    extra, missing = mine - theirs, theirs - mine
    this, that = u.rec.model, other.rec.model
    if check_id == "consistency-mentions":
        noun, verb, fix = "entities", "mentions", "link the same entities in both"
        rel: Pointer = (("mentions", [mn.entity for mn in this.mentions].index(min(extra)), "entity") if extra
                        else ("mentions",))
    else:
        noun, verb, fix = "topics", "has topic", "give both the same topics"
        rel = ("topics", this.topics.index(min(extra))) if extra else ("topics",)
    parts = ([f"it {verb} {_listing(extra)}, which {that.id} does not"] if extra else []) + \
        ([f"{that.id} {verb} {_listing(missing)}, which it does not"] if missing else [])
    return finding(u.number, u.rec.pointer[-1], check_id, rel,
                   f"{this.id} has the same text as {that.id} (whitespace and quote marks normalised) but other "
                   f"{noun}: {'; '.join(parts)}; {fix}, {EXEMPT}")


def _inside(mn: m.Mention, span: m.Span) -> bool:
    return mn.start < span.end and span.start < mn.end


def _span_holds(u: m.Utterance, span: m.Span) -> bool:
    """The span lies in the utterance and its text is the utterance's text there (else other checks report)."""
    return u.start <= span.start <= span.end <= u.end and u.text[span.start - u.start:span.end - u.start] == span.text


def _aligned(corpus: Corpus, collected: Collected, finding) -> list[Finding]:
    out: list[Finding] = []
    utterances = corpus.aligned
    genre = {d.model.id: d.model.genre for d in corpus.documents}
    by_news: dict[str, list[tuple[m.Alignment, str | None]]] = {}  # news id → (alignment, usable transcript id)
    for rec in corpus.alignments:
        a = rec.model
        usable = None
        news, trans = utterances.get(a.news_utterance), utterances.get(a.transcript_utterance or "")
        if (a.relation in REPRODUCING and news is not None and trans is not None
                and news.model.mode != "transcript_turn" and trans.model.mode == "transcript_turn"
                and genre.get(news.document) not in (None, "transcript")
                and news.model.speaker == trans.model.speaker
                and news.document != trans.document and a.transcript_span is not None
                and collected.where.get(news.model.id) and collected.where.get(trans.model.id)
                and _span_holds(news.model, a.news_span) and _span_holds(trans.model, a.transcript_span)):
            usable = trans.model.id
        by_news.setdefault(a.news_utterance, []).append((a, usable))
        if usable is None or text_key(news.model.text) == text_key(trans.model.text):
            continue  # identical texts: the identical-text rule judges them
        n, t = news.model, trans.model
        if t.id in named_utterances(n.note) or n.id in named_utterances(t.note):
            continue
        news_entities = {mn.entity for mn in n.mentions if _inside(mn, a.news_span)}
        trans_entities = {mn.entity for mn in t.mentions if _inside(mn, a.transcript_span)}
        if news_entities == trans_entities:
            continue
        how = f"alignment {a.id}, {a.relation}"
        for u, span, mine, theirs, side, other_side, other in (
                (n, a.news_span, news_entities, trans_entities, "news span", "transcript span", t),
                (t, a.transcript_span, trans_entities, news_entities, "transcript span", "news span", n)):
            extra, missing = mine - theirs, theirs - mine
            number, index = collected.where[u.id]  # type: ignore[misc]
            lead = f"{n.id} reproduces the words of {t.id}" if u is n else f"{t.id}'s words are reproduced by {n.id}"
            rel: Pointer = ("mentions",)
            if extra:
                first = min(extra)
                rel = ("mentions", next(i for i, mn in enumerate(u.mentions)
                                        if mn.entity == first and _inside(mn, span)), "entity")
            parts = ([f"the {side} mentions {_listing(extra)}, which the {other_side} ({other.id}) does not"]
                     if extra else []) + \
                    ([f"the {other_side} ({other.id}) mentions {_listing(missing)}, which the {side} does not"]
                     if missing else [])
            out.append(finding(number, index, "consistency-mentions", rel,
                               f"{lead} ({how}) but other entities are mentioned: "
                               f"{'; '.join(parts)}; link the same entities in both, {EXEMPT}"))
    for news_id, pairs in by_news.items():
        if any(usable is None for _, usable in pairs):
            continue  # part of the passage is not a reproduction: it may address other topics
        n = utterances[news_id].model
        turns = [utterances[usable].model for _, usable in pairs]  # type: ignore[index]
        key = text_key(n.text)
        if any(text_key(t.text) == key for t in turns):
            continue
        ids = {t.id for t in turns}
        if named_utterances(n.note) & ids or any(n.id in named_utterances(t.note) for t in turns):
            continue
        known = {topic for t in turns for topic in t.topics}
        how = ", ".join(dict.fromkeys(f"alignment {a.id}, {a.relation}" for a, _ in pairs))
        listing = _listing(ids)
        for i, topic in enumerate(n.topics):
            if topic in known:
                continue
            number, index = collected.where[n.id]  # type: ignore[misc]
            out.append(finding(number, index, "consistency-topics", ("topics", i),
                               f"{n.id} reproduces the words of {listing} ({how}) but has topic {topic}, which "
                               f"{'that turn does' if len(ids) == 1 else 'none of those turns does'} not; "
                               f"a reproduced passage's topics are among its turn's: correct one of them, {EXEMPT}"))
            for t in {t.id: t for t in turns}.values():
                number, index = collected.where[t.id]  # type: ignore[misc]
                out.append(finding(number, index, "consistency-topics", ("topics",),
                                   f"{t.id} lacks topic {topic} of {n.id}, which reproduces its words ({how}); "
                                   f"a reproduced passage's topics are among its turn's: correct one of "
                                   f"them, {EXEMPT}"))
    return out


def _name_key(name: str) -> str:
    key = normalise(name).casefold()
    return key[4:] if key.startswith("the ") else key


def check_entities(corpus: Corpus) -> list[Finding]:
    """No two entities share a name or alias, unless the note of one names the other's id."""
    out: list[Finding] = []
    seen: dict[str, list[tuple[object, str, str]]] = {}  # key → (record, field, as written) of earlier entities
    for rec in corpus.entities:
        e = rec.model
        aliases = getattr(e, "aliases", None) or []  # a model without the field: no aliases
        names = [(("name",), e.name), *((("aliases", i), alias) for i, alias in enumerate(aliases))]
        reported: set[str] = set()
        mine: set[str] = set()
        for rel, name in names:
            key = _name_key(name)
            if key in mine:
                continue  # the entity's own name twice: not shared with another entity
            mine.add(key)
            for other, other_field, written in seen.get(key, []):
                o = other.model  # type: ignore[attr-defined]
                if o.id in reported or o.id == e.id or names_entity(e.note, o.id) or names_entity(o.note, e.id):
                    continue
                reported.add(o.id)
                what = "name" if rel == ("name",) else "alias"
                out.append(rec.finding("entity-name-shared", rel,
                                       f"{e.id}'s {what} {name!r} is also {other_field} {written!r} of entity "
                                       f"{o.id} (compared ignoring case, spacing and a leading 'the'); merge the "
                                       f"two, or say why they differ in the note of one of them, naming the "
                                       f"other entity's id"))
        added: set[str] = set()
        for rel, name in names:
            key = _name_key(name)
            if key not in added:
                added.add(key)
                seen.setdefault(key, []).append((rec, "the name" if rel == ("name",) else "an alias", name))
    return out
