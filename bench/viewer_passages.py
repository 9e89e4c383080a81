"""Time the viewer's pages and the passage helpers on a corpus, apart from the rest of the build.

    python bench/viewer_passages.py capture ROOT CAPTURE.pkl   # validate once, keep each page's inputs
    python bench/viewer_passages.py time CAPTURE.pkl [OUT]     # time document_page, index_page, attribution_tokens,
                                                               # normalised_text/word_count; OUT: write the outputs

The capture holds exactly what the release writer hands these functions, so the timings are those of the
build's calls; OUT lets two versions' outputs be compared byte for byte (cmp).
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import sys
import tempfile
import time
from pathlib import Path


def capture(root: str, out: str) -> None:
    from pamc.checks.validate import validate
    from pamc.io.paths import Paths
    from pamc.release import tables, viewer
    from pamc.release.contents import ReleaseWriter

    gc.disable()
    corpus, _ = validate(Paths(Path(root).resolve()), keep=True)
    with tempfile.TemporaryDirectory() as tmp:
        w = ReleaseWriter(Path(tmp))
        w.start(corpus)
    pages, tokens, texts = [], [], []
    for f in corpus.annotations:
        raw = corpus.raw_text(f.document)
        rows = tables.file_rows(f, w.entity_types, w.speech_links, raw)
        doc = w.documents[f.document]
        pages.append((tables.document_row(doc, raw), rows["utterances"], rows["speech_events"]))
        for rec in f.utterances:
            u = rec.model
            source = u.speaker_label or u.source_mention
            tokens.append((raw, (u.start, u.end), (source.start, source.end) if source else None,
                           (u.cue.start, u.cue.end) if u.cue else None))
    texts = ([rec.model.span.text for rec in corpus.passages],  # passage_rows: normalised text and word count
             [u.model.text for f in corpus.annotations for u in f.utterances])  # file_rows: normalised text
    with open(out, "wb") as fh:
        pickle.dump({"speech": w.speech, "persons": w.persons, "events": w.events, "pages": pages,
                     "tokens": tokens, "texts": texts}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(pages)} pages, {len(tokens)} utterances, {len(texts)} texts")


def _time(name, fn, repeat=3):
    """The best of ``repeat`` runs, in CPU seconds of this process (steadier than wall time on a shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        result = fn()
        best = min(best, time.process_time() - t)
    print(f"{name:32s} {best:8.3f} s CPU")
    return result


def run(cap: str, out: str | None = None) -> None:
    from pamc.analysis import passages
    from pamc.release import viewer

    gc.disable()
    with open(cap, "rb") as fh:
        c = pickle.load(fh)
    speech, persons, events = c["speech"], c["persons"], c["events"]
    pages = _time("document_page", lambda: [viewer.document_page(d, us, ss, speech, persons, events)
                                            for d, us, ss in c["pages"]])
    toks = _time("attribution_tokens", lambda: [passages.attribution_tokens(*a) for a in c["tokens"]])
    both = getattr(passages, "normalised_and_count", None)
    in_passages, in_utterances = c["texts"]
    norm = _time("passages: text+word_count", lambda: [(passages.normalised_text(t), passages.word_count(t))
                                                       for t in in_passages])
    if both is not None:
        assert _time("passages: normalised_and_count", lambda: [both(t) for t in in_passages]) == norm
    norm = (norm, _time("utterances: normalised_text", lambda: [passages.normalised_text(t) for t in in_utterances]))
    index = None
    if len(sys.argv) > 4:  # a release folder whose jsonl/ the index reads
        release = Path(sys.argv[4])
        docs = [d for d, _, _ in c["pages"]]
        index = _time("index_page", lambda: viewer.index_page(docs, {}, "0.0.1", release, ["a.svg"]))
    digest = hashlib.sha256(pickle.dumps((pages, toks, norm, index))).hexdigest()
    print("outputs sha256", digest)
    if out:
        with open(out, "wb") as fh:
            pickle.dump((pages, toks, norm, index), fh)


if __name__ == "__main__":
    if sys.argv[1] == "capture":
        capture(sys.argv[2], sys.argv[3])
    else:
        run(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None)
