"""Annotator's aid: turn a compact spec of hand-made alignment decisions into annotations/alignments.yaml.

    python tools/compile_alignments.py SPEC.yaml > annotations/alignments.yaml

Spec (YAML list, in the order of the news utterances):
  - news: syria-times-sochi-summit.u022          # news utterance id
    news_from: "Indeed, the threat"               # optional: first words of the sub-span (default: whole utterance)
    news_to: "the whole world,"                   # optional: last words of the sub-span
    transcript: kremlin-2017-12-11-khmeimim.u007  # transcript utterance id, or null for no counterpart
    transcript_from: "True, the"                  # first / last words of the transcript sub-span
    transcript_to: "the entire world."
    relation: different_translation
    confidence: strong
    reason: null                                  # no_counterpart only: why
    note: "..."
Only bookkeeping happens here: words are looked up inside the given utterance (tolerant of no-break spaces and
quote marks); anything not found, or found outside the utterance, stops the script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from pamc.locate import flow_span, locate, yaml_quote  # noqa: E402
from pamc.locate import Match  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    docs = {d["id"]: d for d in yaml.safe_load(open(ROOT / "annotations/documents.yaml", encoding="utf-8"))}
    texts = {i: (ROOT / d["raw_file"]).read_text(encoding="utf-8") for i, d in docs.items()}
    utts = {}
    for path in sorted((ROOT / "annotations/documents").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for u in data["utterances"]:
            utts[u["id"]] = (data["document"], u)

    def sub(uid: str, first: str | None, last: str | None) -> str:
        doc, u = utts[uid]
        raw = texts[doc]
        a, b = u["start"], u["end"]
        if first:
            ms = locate(raw, first, start=a, end=b)
            if not ms:
                raise SystemExit(f"{uid}: not found in the utterance: {first!r}")
            a = ms[0].start
        if last:
            ms = locate(raw, last, start=a, end=u["end"])
            if not ms:
                raise SystemExit(f"{uid}: not found in the utterance: {last!r}")
            b = ms[0].end
        return flow_span(Match(a, b, raw[a:b]))

    out = ["# Alignments of news passages with the transcript passages they reproduce (docs/annotation-guidelines.md §8).",
           "# Hand-checked; offsets computed by tools/compile_alignments.py.", "alignments:"]
    for n, a in enumerate(spec, start=1):
        out.append(f"  - id: a{n:04d}")
        out.append(f"    news_utterance: {a['news']}")
        out.append(f"    news_span: {sub(a['news'], a.get('news_from'), a.get('news_to'))}")
        if a.get("transcript"):
            out.append(f"    transcript_utterance: {a['transcript']}")
            out.append(f"    transcript_span: {sub(a['transcript'], a.get('transcript_from'), a.get('transcript_to'))}")
        else:
            out.append("    transcript_utterance: null")
            out.append("    transcript_span: null")
        out.append(f"    relation: {a['relation']}")
        out.append(f"    confidence: {a['confidence']}")
        out.append(f"    no_counterpart_reason: {yaml_quote(a['reason']) if a.get('reason') else 'null'}")
        out.append(f"    note: {yaml_quote(a['note']) if a.get('note') else 'null'}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
