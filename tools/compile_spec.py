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
from pamc.locate import Match, flow_span, locate, yaml_quote  # noqa: E402

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


def emit_span(text: str, a: int, b: int) -> str:
    return flow_span(Match(a, b, text[a:b]))


def main() -> None:
    spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    doc_id = spec["document"]
    docs = {d["id"]: d for d in yaml.safe_load(open(ROOT / "annotations/documents.yaml", encoding="utf-8"))}
    text = (ROOT / docs[doc_id]["raw_file"]).read_text(encoding="utf-8")
    defaults = spec.get("defaults", {})
    cursor = spec.get("start_after", 0)
    if isinstance(cursor, str):
        cursor = find(text, cursor, 0, None, "start_after").end
    out = [f"# Annotations of {doc_id} ({docs[doc_id]['raw_file']}). Hand-checked; see docs/annotation-guidelines.md.",
           f"document: {doc_id}", "utterances:"]
    prev_end = {}
    for n, u in enumerate(spec.get("utterances", []), start=1):
        u = {**defaults, **u}
        uid = f"{doc_id}.u{n:03d}"
        label = marker = None
        search_from = u.get("search_from")
        if isinstance(search_from, str):
            cursor = find(text, search_from, cursor, None, f"{uid} search_from").start
        if u.get("embedded_in"):
            host_start, host_end = prev_end[u["embedded_in"]]
            cursor = host_start
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

        def near(words: str, what: str, ctx_a: int = ctx_a, ctx_b: int = ctx_b, a: int = a, b: int = b) -> str:
            ms = [m for m in locate(text, words, start=ctx_a, end=ctx_b) if m.end <= a or m.start >= b]
            if not ms:
                die(f"{uid} {what}: not found outside the utterance near it: {words!r}")
            best = min(ms, key=lambda m: min(abs(m.end - a), abs(m.start - b)))
            return flow_span(best)

        out.append(f"  - id: {uid}")
        out.append(f"    mode: {u['mode']}")
        out.append(f"    event: {u['event']}")
        out.append(f"    speaker: {u['speaker']}")
        out.append(f"    speaker_label: {flow_span(label) if label else 'null'}")
        out.append(f"    addressees: [{', '.join(u['addressees'])}]")
        out.append(f"    start: {a}")
        out.append(f"    end: {b}")
        out.append(f"    text: {yaml_quote(text[a:b])}")
        out.append(f"    cue: {near(u['cue'], 'cue') if u.get('cue') else 'null'}")
        out.append(f"    source_mention: {near(u['source'], 'source') if u.get('source') else 'null'}")
        out.append(f"    embedded_in: {u.get('embedded_in') or 'null'}")
        out.append(f"    language: {u['language']}")
        out.append("    translation:")
        out.append(f"      path: [{', '.join(u['path'])}]")
        out.append(f"      basis: {u['basis']}")
        if u.get("marker_ref"):  # inherited: point at the earlier marker
            out.append(f"      marker: {flow_span(find(text, u['marker_ref'], 0, None, 'marker_ref'))}")
        else:
            out.append(f"      marker: {flow_span(marker) if marker else 'null'}")
        out.append(f"      evidence: {yaml_quote(u['evidence'])}")
        if u.get("relay"):
            out.append("    relay:")
            for r in u["relay"]:
                cue = flow_span(find(text, r["cue"], 0, None, f"{uid} relay cue")) if r.get("cue") else "null"
                out.append(f"      - outlet: {r['outlet']}")
                out.append(f"        basis: {r['basis']}")
                out.append(f"        cue: {cue}")
                out.append(f"        note: {yaml_quote(r['note']) if r.get('note') else 'null'}")
        else:
            out.append("    relay: []")
        out.append(f"    topics: [{', '.join(u['topics'])}]")
        out.append("    dialogue_acts:")
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
        for s, e, fn in segs:
            s, e = strip_span(text, s, e)
            out.append(f"      - {{start: {s}, end: {e}, text: {yaml_quote(text[s:e])}, function: {fn}, note: null}}")
        if u.get("mentions"):
            out.append("    mentions:")
            pos = a
            for words, ent in u["mentions"]:
                m = find_word(text, words, pos, b, f"{uid} mention")
                out.append(f"      - {{start: {m.start}, end: {m.end}, text: {yaml_quote(m.text)}, entity: {ent}}}")
                pos = m.end
        else:
            out.append("    mentions: []")
        out.append(f"    note: {yaml_quote(u['note']) if u.get('note') else 'null'}")
    out.append("speech_events:" if spec.get("speech_events") else "speech_events: []")
    for n, s in enumerate(spec.get("speech_events", []), start=1):
        first = find(text, s["from"], 0, None, "speech event from")
        last = find(text, s["to"], first.start, None, "speech event to")
        a, b = first.start, last.end
        out.append(f"  - id: {doc_id}.s{n:03d}")
        out.append(f"    event: {s['event']}")
        out.append(f"    participants: [{', '.join(s['participants'])}]")
        out.append(f"    start: {a}")
        out.append(f"    end: {b}")
        out.append(f"    text: {yaml_quote(text[a:b])}")
        out.append(f"    cue: {flow_span(find(text, s['cue'], a, b, 'speech event cue')) if s.get('cue') else 'null'}")
        out.append(f"    topics: [{', '.join(s['topics'])}]")
        out.append(f"    note: {yaml_quote(s['note']) if s.get('note') else 'null'}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
