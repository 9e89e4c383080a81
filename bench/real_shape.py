"""A corpus of the real annotation files' shape, for scale benchmarks and tests: the real documents, copied.

    python bench/real_shape.py OUT_DIR --copies 158 [--documents all|transcripts] [--no-agreement]

OUT_DIR holds the real corpus (raw texts, annotations, alignments, events, persons, entities, vocabularies,
the agreement passes, CITATION.cff) with every chosen document present ``--copies`` times: copy 1 is the
real document itself, copies 2..N are the same raw bytes and the same annotations under new names:

- the document id gets the suffix ``-cNNNN`` (``kremlin-2018-05-17-sochi-c0002``), and with it every
  utterance and speech event id (``<document id>.uNNN``, ``.sNNN``), ``embedded_in``, the file name
  ``annotations/documents/<document id>.yaml`` and any mention of the id in a note;
- the raw file gets the same suffix before ``.txt``; its bytes, and so the SHA-256, byte and character
  counts recorded in ``annotations/documents.yaml``, are unchanged, and so are all spans;
- the alignments between chosen documents are repeated for every copy with renumbered ids (``aNNNN``), the
  news utterances of copy k aligned to the transcript utterances of copy k; so are the passages of their
  witnesses (``pNNNN``, more digits past 9999);
- events, persons, entities and vocabularies are shared (the events' date evidence points to copy 1).

``--documents all`` copies the five documents (3 Kremlin transcripts, the Syria Times article, the Schiller
Institute release: every field the corpus uses, translation, relay, cues, embedded reports, speech events,
dialogue acts, mentions and alignments); ``--documents transcripts`` copies the three Kremlin transcripts and
keeps the two news documents once, as issue 16 measured. A CHANGELOG.md with a ``## 0.0.1`` entry is written
so that ``pamc validate --root OUT_DIR`` and ``pamc build --root OUT_DIR --version 0.0.1`` run unchanged.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
MAX_ALIGNMENTS = 9999  # alignment ids are a0001..a9999


def _records(text: str, marker: str) -> tuple[str, list[str]]:
    """A YAML list written one record per ``marker`` line: (the text before the first record, the records)."""
    starts = [m.start() for m in re.finditer(rf"^{re.escape(marker)}", text, re.M)]
    if not starts:
        return text, []
    return text[:starts[0]], [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]


def _renamer(ids: list[str]):
    pattern = re.compile(r"(?<![a-z0-9-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
                         + r")(?![a-z0-9-])")
    return lambda text, suffix: pattern.sub(lambda m: m.group(1) + suffix, text) if suffix else text


def make(out: Path, copies: int, documents: str = "all", *, source: Path = REPO, agreement: bool = True) -> dict:
    """Write the corpus to ``out`` (replaced); return its counts (documents, utterances, alignments)."""
    if copies < 1:
        raise ValueError("at least one copy")
    docs = yaml.load((source / "annotations/documents.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    genre = {d["id"]: d["genre"] for d in docs}
    raw_file = {d["id"]: d["raw_file"] for d in docs}
    chosen = [d["id"] for d in docs if documents == "all" or d["genre"] == "transcript"]
    rename = _renamer(chosen)
    suffixes = [""] + [f"-c{k:04d}" for k in range(2, copies + 1)]

    shutil.rmtree(out, ignore_errors=True)
    (out / "raw").mkdir(parents=True)
    (out / "annotations/documents").mkdir(parents=True)
    shutil.copytree(source / "annotations/vocabularies", out / "annotations/vocabularies")
    for name in ("events.yaml", "persons.yaml", "entities.yaml"):
        shutil.copy2(source / "annotations" / name, out / "annotations" / name)
    if agreement and (source / "agreement").is_dir():
        shutil.copytree(source / "agreement", out / "agreement")
    if (source / "CITATION.cff").exists():
        shutil.copy2(source / "CITATION.cff", out / "CITATION.cff")
    (out / "CHANGELOG.md").write_text("# Changelog\n\n## 0.0.1\n\nReal-shape benchmark corpus "
                                      f"({copies} copies of {documents}).\n", encoding="utf-8")

    # documents.yaml: the real records, then every copy's, record by record (the layout is kept as written)
    head, records = _records((source / "annotations/documents.yaml").read_text(encoding="utf-8"), "- id: ")
    by_id = {yaml.load(r, Loader=yaml.CSafeLoader)[0]["id"]: r for r in records}
    parts = [head, *records]
    n_utterances = 0
    ann_text = {d: (source / f"annotations/documents/{d}.yaml").read_text(encoding="utf-8") for d in genre}
    utterances_in = {d: len(re.findall(r"^  - id: \S+\.u\d{3}$", t, re.M)) for d, t in ann_text.items()}
    for doc in genre:
        raw = (source / raw_file[doc]).read_bytes()
        for suffix in (suffixes if doc in chosen else [""]):
            raw_rel = raw_file[doc][:-len(".txt")] + suffix + ".txt"
            (out / raw_rel).write_bytes(raw)
            text = rename(ann_text[doc], suffix).replace(raw_file[doc], raw_rel)
            (out / f"annotations/documents/{doc}{suffix}.yaml").write_text(text, encoding="utf-8")
            n_utterances += utterances_in[doc]
            if suffix:
                parts.append(rename(by_id[doc], suffix).replace(raw_file[doc], raw_rel))
    (out / "annotations/documents.yaml").write_text("".join(parts), encoding="utf-8")

    # alignments.yaml: the real ones, then for each copy those whose both sides are copied documents
    n_alignments = 0
    path = source / "annotations/alignments.yaml"
    if path.exists():
        head, records = _records(path.read_text(encoding="utf-8"), "  - id: a")
        # the passages come first: every copy of a witness's document gets copies of its passages, renumbered
        before, passages = _records(head, "  - id: p")
        if passages:
            passages[-1], alignments_key = passages[-1].split("alignments:\n", 1)[0], "alignments:\n"
            witness = [yaml.load(r, Loader=yaml.CSafeLoader)[0]["witness"].split(".")[0] for r in passages]
            parts, n = [before], 0
            for suffix in suffixes:
                for r, doc in zip(passages, witness):
                    if suffix and doc not in chosen:
                        continue
                    n += 1
                    parts.append(re.sub(r"^  - id: p\d{4,}", f"  - id: p{n:04d}", rename(r, suffix)))
            head = "".join(parts) + alignments_key
        data = [yaml.load(r, Loader=yaml.CSafeLoader)[0] for r in records]
        copied = [r for r, a in zip(records, data)
                  if a["news_utterance"].split(".")[0] in chosen
                  and (a["transcript_utterance"] is None or a["transcript_utterance"].split(".")[0] in chosen)]
        n_alignments = len(records) + len(copied) * (copies - 1)
        if n_alignments > MAX_ALIGNMENTS:
            raise ValueError(f"{n_alignments} alignments: ids allow at most {MAX_ALIGNMENTS}; use fewer copies")
        parts, n = [head], 0
        for suffix in suffixes:
            for r in (records if not suffix else copied):
                n += 1
                parts.append(re.sub(r"^  - id: a\d{4}", f"  - id: a{n:04d}", rename(r, suffix)))
        (out / "annotations/alignments.yaml").write_text("".join(parts), encoding="utf-8")
    n_documents = len(genre) + len(chosen) * (copies - 1)
    return {"documents": n_documents, "utterances": n_utterances, "alignments": n_alignments}


def real_utterances(documents: str = "all", source: Path = REPO) -> dict[str, int]:
    """Utterances per real document of the chosen kind (transcripts or all)."""
    docs = yaml.load((source / "annotations/documents.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    out = {}
    for d in docs:
        if documents == "all" or d["genre"] == "transcript":
            data = yaml.load((source / f"annotations/documents/{d['id']}.yaml").read_text(encoding="utf-8"),
                             Loader=yaml.CSafeLoader)
            out[d["id"]] = len(data["utterances"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--documents", choices=["all", "transcripts"], default="all")
    parser.add_argument("--no-agreement", action="store_true", help="leave out the agreement passes")
    args = parser.parse_args()
    counts = make(args.out, args.copies, args.documents, agreement=not args.no_agreement)
    print(f"{args.out}: {counts['documents']} documents, {counts['utterances']} utterances, "
          f"{counts['alignments']} alignments")


if __name__ == "__main__":
    main()
