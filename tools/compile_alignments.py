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
from pamc.io.fmt import dump  # noqa: E402
from pamc.io.locate import locate  # noqa: E402
from pamc.model.tables import AlignmentsFile  # noqa: E402

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

    def sub(uid: str, first: str | None, last: str | None) -> dict:
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
        return {"start": a, "end": b, "text": raw[a:b]}

    header = ["# Alignments of news passages with the transcript passages they reproduce (docs/annotation-guidelines.md §8).",
              "# Annotated by an AI language model; offsets computed by tools/compile_alignments.py, checked by `pamc validate`."]
    alignments = [{
        "id": f"a{n:04d}", "news_utterance": a["news"], "news_span": sub(a["news"], a.get("news_from"), a.get("news_to")),
        "transcript_utterance": a.get("transcript") or None,
        "transcript_span": sub(a["transcript"], a.get("transcript_from"), a.get("transcript_to"))
        if a.get("transcript") else None,
        "relation": a["relation"], "confidence": a["confidence"], "no_counterpart_reason": a.get("reason") or None,
        "note": a.get("note") or None} for n, a in enumerate(spec, start=1)]
    print(dump({"alignments": alignments}, AlignmentsFile, False, header), end="")

if __name__ == "__main__":
    main()
