"""Annotator's aid: turn a compact, hand-written decision file into an annotation file with exact offsets.

Every decision (span boundaries, speaker, event, functions, entities...) is written by the annotator in the
spec; this script only does the bookkeeping: it finds the exact raw characters and offsets of the words the
annotator wrote (tolerant of no-break spaces and quote marks) and fails loudly on anything ambiguous.

    python tools/compile_spec.py SPEC.yaml > annotations/documents/DOC.yaml

Spec format (YAML):
  document: DOC_ID
  defaults: {event: ..., language: ..., ...}     # merged into every utterance
  utterances:
    - mode: transcript_turn | direct_quote | indirect_report
      label: "President of Russia Vladimir Putin"   # transcript turns: the printed label (searched from cursor)
      marker: "(retranslated)"                      # optional: translation marker printed after the label
      from: "first words of the utterance"          # located from the cursor (after the label if any)
      to: "last words."                             # the span ends at the end of these words
      cue: "said" ; source: "the Russian President"  # optional, located near the utterance (see cue_after)
      speaker, addressees, event, language, path: [ar, ru, en], basis: marked|inherited|inferred,
      evidence: "...", relay: [{outlet: rt, basis: explicit, cue: "According to RT", note: ...}],
      embedded_in: DOC.uNNN, topics: [...], note: ...
      acts: [inform, thanking, ...]                 # one function per sentence (automatic sentence split)
        or: [["first words of segment", function], ...]   # explicit segments (each runs to the next)
      mentions: [["surface words", entity-id], ...] # in text order
  speech_events:
    - from/to, cue, participants, event, topics, note
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from pamc.io.fmt import dump  # noqa: E402
from pamc.io.locate import Match, locate  # noqa: E402
from pamc.model.tables import DocumentAnnotations  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SENTENCE_END = re.compile(r"(?<=[.!?])[\s\u00a0]+(?=[\[A-Z\u201c\"'])|\n\n+")
ABBREV = ("Mr.", "Mrs.", "Dr.", "Nov.", "U.S.", "H.E.", "St.")


def die(msg: str) -> None:
    raise SystemExit(f"compile_spec: {msg}")


def find(text: str, words: str, start: int, end: int | None, what: str) -> Match:
    ms = locate(text, words, start=start, end=end)
    if not ms:
        die(f"{what}: not found after offset {start}: {words!r}")
    return ms[0]


def find_word(text: str, words: str, start: int, end: int | None, what: str) -> Match:
    """Like find, but only whole words: 'Syria' must not match inside 'Syrians'."""
    for m in locate(text, words, start=start, end=end):
        if not (m.start > 0 and text[m.start - 1].isalnum()) and not (m.end < len(text) and text[m.end].isalnum()):
            return m
    die(f"{what}: not found as whole words after offset {start}: {words!r}")
    raise AssertionError


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in SENTENCE_END.finditer(text, start, end):
        before = text[s:m.start()]
        if before.endswith(ABBREV):
            continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \u00a0\n":
        a += 1
    while b > a and text[b - 1] in " \u00a0\n":
        b -= 1
    return a, b


def main() -> None:
    spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    doc_id = spec["document"]
    docs = {d["id"]: d for d in yaml.safe_load(open(ROOT / "annotations/documents.yaml", encoding="utf-8"))}
    text = (ROOT / docs[doc_id]["raw_file"]).read_text(encoding="utf-8")
    defaults = spec.get("defaults", {})
    cursor = spec.get("start_after", 0)
    if isinstance(cursor, str):
        cursor = find(text, cursor, 0, None, "start_after").end
    header = [f"# Annotations of {doc_id} ({docs[doc_id]['raw_file']}). Annotated by an AI language model, checked by `pamc validate`; see docs/annotation-guidelines.md."]
    utterances, speech_events = [], []
    prev_end = {}
    for n, u in enumerate(spec.get("utterances", []), start=1):
        u = {**defaults, **u}
        uid = f"{doc_id}.u{n:03d}"
        label = marker = None
        search_from = u.get("search_from")
        if isinstance(search_from, str):
            cursor = find(text, search_from, cursor, None, f"{uid} search_from").start
        if u.get("embedded_in"):
            cursor = prev_end[u["embedded_in"]][0]
        if "label" in u:
            label = find(text, u["label"], cursor, None, f"{uid} label")
            cursor = label.end
            if u.get("marker"):
                marker = find(text, u["marker"], cursor, cursor + 40, f"{uid} marker")
                cursor = marker.end
        first = find(text, u["from"], cursor, None, f"{uid} from")
        last = find(text, u["to"], first.start, None, f"{uid} to")
        a, b = first.start, last.end
        if label is not None and text[label.end:a].strip(" \u00a0:") and not marker:
            die(f"{uid}: words between label and start: {text[label.end:a]!r}")
        prev_end[uid] = (a, b)
        cursor = b if not u.get("embedded_in") else max(cursor, prev_end[u["embedded_in"]][0])
        ctx_a, ctx_b = max(0, a - 400), min(len(text), b + 300)

        def near(words: str, what: str, ctx_a: int = ctx_a, ctx_b: int = ctx_b, a: int = a, b: int = b) -> dict:
            ms = [m for m in locate(text, words, start=ctx_a, end=ctx_b) if m.end <= a or m.start >= b]
            if not ms:
                die(f"{uid} {what}: not found outside the utterance near it: {words!r}")
            return span(min(ms, key=lambda m: min(abs(m.end - a), abs(m.start - b))))

        if u.get("marker_ref"):  # inherited: point at the earlier marker
            marker = find(text, u["marker_ref"], 0, None, "marker_ref")
        acts = u["acts"]
        if acts and isinstance(acts[0], list):
            starts = []
            pos = a
            for words, fn in acts:
                m = find(text, words, pos, b, f"{uid} act start")
                starts.append((m.start, fn))
                pos = m.end
            segs = [(s, starts[i + 1][0] if i + 1 < len(starts) else b, fn) for i, (s, fn) in enumerate(starts)]
            if segs[0][0] != a:
                die(f"{uid}: first segment does not start at the utterance start")
        else:
            sents = sentences(text, a, b)
            if len(sents) != len(acts):
                listing = "\n".join(f"  {i}: {text[s:e]!r}" for i, (s, e) in enumerate(sents))
                die(f"{uid}: {len(sents)} sentences but {len(acts)} acts:\n{listing}")
            segs = [(s, e, fn) for (s, e), fn in zip(sents, acts)]
        dialogue_acts = []
        for s, e, fn in segs:
            s, e = strip_span(text, s, e)
            dialogue_acts.append({"start": s, "end": e, "text": text[s:e], "function": fn, "note": None})
        mentions, pos = [], a
        for words, ent in u.get("mentions") or []:
            m = find_word(text, words, pos, b, f"{uid} mention")
            mentions.append({**span(m), "entity": ent})
            pos = m.end
        utterances.append({
            "id": uid, "mode": u["mode"], "event": u["event"], "speaker": u["speaker"],
            "speaker_label": span(label) if label else None, "addressees": u["addressees"], "start": a, "end": b,
            "text": text[a:b], "cue": near(u["cue"], "cue") if u.get("cue") else None,
            "source_mention": near(u["source"], "source") if u.get("source") else None,
            "embedded_in": u.get("embedded_in") or None, "language": u["language"],
            "translation": {"path": u["path"], "basis": u["basis"], "marker": span(marker) if marker else None,
                            "evidence": u["evidence"]},
            "relay": [{"outlet": r["outlet"], "basis": r["basis"],
                       "cue": span(find(text, r["cue"], 0, None, f"{uid} relay cue")) if r.get("cue") else None,
                       "note": r.get("note") or None} for r in u.get("relay") or []],
            "topics": u["topics"], "dialogue_acts": dialogue_acts, "mentions": mentions, "note": u.get("note") or None,
        })
    for n, s in enumerate(spec.get("speech_events", []), start=1):
        first = find(text, s["from"], 0, None, "speech event from")
        last = find(text, s["to"], first.start, None, "speech event to")
        a, b = first.start, last.end
        speech_events.append({
            "id": f"{doc_id}.s{n:03d}", "event": s["event"], "participants": s["participants"], "start": a, "end": b,
            "text": text[a:b], "cue": span(find(text, s["cue"], a, b, "speech event cue")) if s.get("cue") else None,
            "topics": s["topics"], "note": s.get("note") or None})
    data = {"document": doc_id, "utterances": utterances, "speech_events": speech_events}
    print(dump(data, DocumentAnnotations, False, header), end="")


def span(match: Match) -> dict:
    return {"start": match.start, "end": match.end, "text": match.text}

if __name__ == "__main__":
    main()
