"""A synthetic corpus in the project's own hand-edited format, valid by construction, for scale benchmarks.

    python bench/synth.py OUT_DIR --documents 100 --utterances-per-document 100 [--seed 0]

Writes OUT_DIR/raw/*.txt, OUT_DIR/annotations/** (documents, events, persons, entities, the real
vocabularies, one annotation file per document in the canonical layout) and a CHANGELOG.md, so that
`pamc validate --root OUT_DIR` and `pamc build --root OUT_DIR --version 0.0.1` run on it unchanged.
Every document is a transcript of alternating turns; each turn has 2-4 sentences (one dialogue-act segment
each, some with no-break spaces and curly quotes, as in the real texts) and one or two entity mentions.
The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from pamc.model import tables as m  # noqa: E402
from pamc.io.fmt import dump  # noqa: E402

WORDS = ("terrorism settlement process political economic humanitarian cooperation support army territory "
         "refugees return constitution committee dialogue congress partners region sovereignty assistance "
         "reconstruction investment results operation meeting today important progress stability peace").split()
PLACES = [("Sochi", "sochi"), ("Moscow", "moscow"), ("Syria", "syria"), ("Russia", "russia"), ("Iran", "iran"),
          ("Turkey", "turkey")]
FUNCTIONS = ["inform", "inform", "inform", "thanking", "promise", "suggest", "agreement"]
TOPICS = ["counterterrorism", "political_settlement", "economic_cooperation", "humanitarian", "bilateral_relations",
          "protocol", "third_party_diplomacy", "military_cooperation"]
SPEAKERS = [("vladimir-putin", "President of Russia Vladimir Putin", "ru", ["ru", "en"]),
            ("bashar-al-assad", "President of Syria Bashar al-Assad", "ar", ["ar", "ru", "en"])]


def sentence(rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """A sentence and the (start, end, entity) of the place names in it."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    mentions: list[tuple[int, int, str]] = []
    place, entity = rng.choice(PLACES)
    words.insert(rng.randrange(1, len(words)), place)
    text = ""
    for i, w in enumerate(words):
        sep = "" if i == 0 else ("\u00a0" if rng.random() < 0.15 else " ")
        if w == place and not mentions:
            mentions.append((len(text) + len(sep), len(text) + len(sep) + len(w), entity))
        text += sep + w
    text = text[0].upper() + text[1:]
    if rng.random() < 0.1:
        text += " \u201cas agreed\u201d"
    return text + ".", mentions


def document(n: int, utterances: int, rng: random.Random) -> tuple[str, str, dict]:
    doc_id = f"synthetic-{n:05d}"
    header = f"Synthetic transcript {n}\n\nJanuary 1, 2020, Sochi\n\n"
    raw = header
    utts = []
    for k in range(utterances):
        speaker, label, lang, path = SPEAKERS[k % 2]
        label_start = len(raw)
        raw += label + ": "
        start = len(raw)
        acts, mentions = [], []
        for j in range(rng.randint(2, 4)):
            if j:
                raw += " "
            s_text, s_mentions = sentence(rng)
            s_start = len(raw)
            raw += s_text
            acts.append({"start": s_start, "end": len(raw), "text": s_text, "function": rng.choice(FUNCTIONS),
                         "note": None})
            mentions += [{"start": s_start + a, "end": s_start + b, "text": s_text[a:b], "entity": e}
                         for a, b, e in s_mentions]
        end = len(raw)
        raw += "\n\n"
        utts.append({
            "id": f"{doc_id}.u{k + 1:03d}",
            "mode": "transcript_turn", "event": "synthetic-2020-01-01-meeting", "speaker": speaker,
            "speaker_label": {"start": label_start, "end": label_start + len(label), "text": label},
            "addressees": [SPEAKERS[(k + 1) % 2][0]], "start": start, "end": end, "text": raw[start:end],
            "cue": None, "source_mention": None, "embedded_in": None, "language": lang,
            "translation": {"path": path, "basis": "inferred", "marker": None, "evidence": "Synthetic."},
            "relay": [], "topics": sorted(set(rng.sample(TOPICS, rng.randint(1, 3)))), "dialogue_acts": acts,
            "mentions": mentions, "note": None})
    return doc_id, raw, {"document": doc_id, "utterances": utts, "speech_events": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--utterances-per-document", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.utterances_per_document > 999:
        raise SystemExit("at most 999 utterances per document (ids are .uNNN)")
    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    (out / "raw").mkdir(parents=True)
    (out / "annotations/documents").mkdir(parents=True)
    shutil.copytree(REPO / "annotations/vocabularies", out / "annotations/vocabularies")
    shutil.copy2(REPO / "annotations/persons.yaml", out / "annotations/persons.yaml")
    shutil.copy2(REPO / "annotations/entities.yaml", out / "annotations/entities.yaml")
    rng = random.Random(args.seed)
    records = []
    for n in range(args.documents):
        doc_id, raw, ann = document(n, args.utterances_per_document, rng)
        raw_rel = f"raw/{doc_id}.txt"
        (out / raw_rel).write_text(raw, encoding="utf-8")
        data = raw.encode("utf-8")
        title = raw.index("Synthetic")
        records.append({"id": doc_id, "raw_file": raw_rel, "seed_file": f"{doc_id}.txt",
                        "sha256": hashlib.sha256(data).hexdigest(), "n_bytes": len(data), "n_chars": len(raw),
                        "publisher": "kremlin", "genre": "transcript", "language": "en",
                        "title": {"start": title, "end": raw.index("\n"), "text": raw[title:raw.index("\n")]},
                        "printed_date": {"span": {"start": raw.index("January"), "end": raw.index("January") + 15,
                                                  "text": "January 1, 2020"}, "normalized": "2020-01-01"},
                        "printed_place": {"span": None, "normalized": None}, "source_url": None, "licence": None,
                        "licence_note": "Synthetic benchmark text.", "note": None})
        (out / f"annotations/documents/{doc_id}.yaml").write_text(
            dump(ann, m.DocumentAnnotations, False), encoding="utf-8")
    (out / "annotations/documents.yaml").write_text(dump(records, m.Document, True), encoding="utf-8")
    first = records[0]
    event = {"id": "synthetic-2020-01-01-meeting", "title": "Synthetic meeting", "kind": "bilateral_meeting",
             "date": "2020-01-01", "date_precision": "day",
             "date_evidence": [{"document": first["id"], "span": first["printed_date"]["span"],
                                "reasoning": "Dateline."}],
             "place": "Sochi", "place_entity": "sochi", "participants": ["vladimir-putin", "bashar-al-assad"],
             "note": None}
    (out / "annotations/events.yaml").write_text(dump([event], m.Event, True), encoding="utf-8")
    (out / "CHANGELOG.md").write_text("# Changelog\n\n## 0.0.1\n\nSynthetic corpus.\n", encoding="utf-8")
    print(f"{out}: {args.documents} documents, {args.documents * args.utterances_per_document} utterances")


if __name__ == "__main__":
    main()
