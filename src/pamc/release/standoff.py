"""A brat standoff export of each document (standoff/<document>.txt and .ann, with standoff/annotation.conf), so
that annotation tools that read brat's format (brat itself, INCEpTION, spaCy and NLTK readers) open the corpus.

Each utterance is a ``Content`` span with its ``Mode`` and ``Speaker`` as attributes and its id in an annotator
note; its speaker label or source mention is a ``Source`` span and its reporting cue a ``Cue`` span, linked to it
by ``SourceOf`` and ``CueOf`` relations; entity mentions are ``Mention`` spans with the entity id in a note.
Offsets are character offsets into the .txt file, which holds the raw text byte for byte. A span that crosses a
line break is written as fragments (brat's ``start end;start end``), as brat requires; an empty cue (a reporting
verb the text omits) has no span.
"""

from __future__ import annotations

from typing import Any

MODES = ("transcript_turn", "direct_quote", "indirect_report")


def _fragments(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """start:end cut at line breaks, each piece without surrounding white space."""
    out, pos = [], start
    for line in raw[start:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        while a < b and raw[a].isspace():
            a += 1
        while b > a and raw[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


class _Ann:
    def __init__(self, raw: str) -> None:
        self.raw, self.lines, self.t, self.other = raw, [], 0, {"A": 0, "R": 0, "#": 0}

    def span(self, kind: str, start: int, end: int) -> str | None:
        pieces = _fragments(self.raw, start, end)
        if not pieces:
            return None
        self.t += 1
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        text = " ".join(self.raw[a:b] for a, b in pieces)
        self.lines.append(f"T{self.t}\t{kind} {offsets}\t{text}")
        return f"T{self.t}"

    def add(self, prefix: str, body: str) -> None:
        self.other[prefix] += 1
        self.lines.append(f"{prefix}{self.other[prefix]}\t{body}")


def document_ann(raw: str, utterances: list[dict[str, Any]]) -> str:
    """The .ann file of one document from its utterance rows (in id order)."""
    ann = _Ann(raw)
    for u in utterances:
        content = ann.span("Content", u["start"], u["end"])
        if content is None:
            continue
        ann.add("A", f"Mode {content} {u['mode']}")
        ann.add("A", f"Speaker {content} {u['speaker']}")
        ann.add("#", f"AnnotatorNotes {content}\t{u['id']}")
        source = u["speaker_label"] or u["source_mention"]
        for kind, span, relation in (("Source", source, "SourceOf"), ("Cue", u["cue"], "CueOf")):
            if span and span["end"] > span["start"]:
                t = ann.span(kind, span["start"], span["end"])
                if t is not None:
                    ann.add("R", f"{relation} Arg1:{t} Arg2:{content}")
        for m in u["mentions"]:
            t = ann.span("Mention", m["start"], m["end"])
            if t is not None:
                ann.add("#", f"AnnotatorNotes {t}\t{m['entity']}")
    return "\n".join(ann.lines) + ("\n" if ann.lines else "")


def annotation_conf(speakers: list[str]) -> str:
    """brat's annotation.conf: the types, relations and attribute values the .ann files use."""
    return "\n".join([
        "[entities]", "Content", "Source", "Cue", "Mention", "",
        "[relations]", "SourceOf Arg1:Source, Arg2:Content", "CueOf Arg1:Cue, Arg2:Content", "",
        "[events]", "",
        "[attributes]", f"Mode Arg:Content, Value:{'|'.join(MODES)}",
        f"Speaker Arg:Content, Value:{'|'.join(sorted(speakers))}", ""])
