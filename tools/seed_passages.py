"""Add the passages of a document's witness utterances to annotations/alignments.yaml, cut at their dialogue acts.

    python tools/seed_passages.py DOCUMENT_ID [UTTERANCE_ID ...]

Without utterance ids: every transcript turn of the document. With them: those utterances (e.g. a quote that no
transcript holds, which is its own witness). Each utterance's dialogue-act segments become its passages, with
the next free ids (pNNNN); an utterance that already has passages is left alone. This is a first cut only
(guidelines §9): split or join passages by hand where the renderings correspond to other stretches, then
`python build_dataset.py fmt` and `validate`. Only offsets are computed here; no decision is made.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    document, wanted = argv[0], set(argv[1:])
    annotations = ROOT / "annotations"
    source = annotations / "documents" / f"{document}.yaml"
    if not source.is_file():
        print(f"error: {source}: no annotation file for document {document!r}", file=sys.stderr)
        return 1
    utterances = yaml.safe_load(source.read_text(encoding="utf-8"))["utterances"]
    path = annotations / "alignments.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else "alignments: []\n"
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    data = yaml.safe_load(text) or {}
    passages = data.get("passages") or []
    have = {p["witness"] for p in passages}
    number = max((int(p["id"][1:]) for p in passages), default=0)
    added = 0
    for u in utterances:
        chosen = u["id"] in wanted if wanted else u["mode"] == "transcript_turn"
        if not chosen or u["id"] in have:
            continue
        for act in u["dialogue_acts"]:
            number += 1
            added += 1
            passages.append({"id": f"p{number:04d}", "witness": u["id"],
                             "span": {"start": act["start"], "end": act["end"], "text": act["text"]}, "note": None})
    out = {"passages": passages, "alignments": data.get("alignments") or []}
    path.write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100_000), encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {added} passage(s) added for {document}; run `python build_dataset.py fmt`")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
