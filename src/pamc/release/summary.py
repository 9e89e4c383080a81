"""What the card, the figures and the viewer's index say about a release, gathered while its rows stream past.

The large tables are only counted here; the small ones (documents without their text, events, persons,
entities, vocabularies, alignments) are kept whole, since the card lists them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Summary:
    rows: Counter = field(default_factory=Counter)  # table → number of rows
    small: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # the small tables' rows
    document_mode: Counter = field(default_factory=Counter)  # (document, mode) → utterances
    speaker_mode: Counter = field(default_factory=Counter)
    event_speaker: Counter = field(default_factory=Counter)
    utterance_passages: list = field(default_factory=list)  # (utterance id, passage id) for each passage it names
    topics: Counter = field(default_factory=Counter)  # topic → utterances carrying it
    functions: Counter = field(default_factory=Counter)  # dialogue-act function → segments

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.rows[table] += len(rows)
        if table == "utterances":
            for u in rows:
                self.document_mode[u["document"], u["mode"]] += 1
                self.speaker_mode[u["speaker"], u["mode"]] += 1
                self.event_speaker[u["event"], u["speaker"]] += 1
                self.utterance_passages += [(u["id"], p) for p in u["passages"]]
                self.topics.update(u["topics"])
        elif table == "dialogue_acts":
            self.functions.update(d["function"] for d in rows)

    def merge(self, other: Summary) -> None:
        """Add what ``other`` counted (a file's rows, counted where they were made), as if its rows were added."""
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, Counter):
                mine.update(theirs)
            elif isinstance(mine, list):
                mine += theirs
            elif theirs:  # the small tables are kept by the main process only
                raise ValueError(f"a summary to merge has {f.name}")

    def keep(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.small[table] = self.small.get(table, []) + rows

    def annotated(self) -> list[str]:
        return sorted({d for d, _ in self.document_mode})

    def utterances_per_document(self) -> Counter:
        out: Counter = Counter()
        for (document, _), n in self.document_mode.items():
            out[document] += n
        return out

    def spoken(self) -> tuple[Counter, Counter]:
        """(event, speaker) → words and → passages, each passage counted once, over the passages whose witness is
        a transcript (the words as delivered); speech known only from news quotes and reports is left out."""
        words: Counter = Counter()
        passages: Counter = Counter()
        for p in self.small.get("passages", []):
            if p["is_transcript"]:
                words[p["event"], p["speaker"]] += p["n_words"]
                passages[p["event"], p["speaker"]] += 1
        return words, passages

    def reported_only(self) -> Counter:
        """(event, speaker) → passages known only from a news quote or report (no transcript holds them)."""
        return Counter((p["event"], p["speaker"]) for p in self.small.get("passages", []) if not p["is_transcript"])

    def witness_topics(self) -> Counter:
        """topic → witness utterances carrying it: each stretch of speech counted once, through its witness."""
        seen: dict[str, list[str]] = {}
        for p in self.small.get("passages", []):
            seen[p["witness"]] = p["witness_topics"]
        return Counter(t for topics in seen.values() for t in topics)

    def wikidata_count(self) -> int:
        """Persons and entities with a Wikidata id (a person that is also an entity counts once)."""
        ids = {("entity", e["id"]) for e in self.small.get("entities", []) if e.get("wikidata")}
        ids |= {("person", p["id"]) for p in self.small.get("persons", [])
                if p.get("wikidata") and not p.get("entity")}
        return len(ids)
