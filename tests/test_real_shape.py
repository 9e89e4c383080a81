"""validate and build, through the real CLI with the default --jobs, on a corpus of the real annotation files'
shape (issue 16): all five real documents copied (bench/real_shape.py), so that every field the corpus uses
(translation, relay, cues, embedded reports, speech events, dialogue acts, mentions, alignments) is present in
more files than the worker pool's threshold, and the worker results (records holding a translation, alignment
rows) cross process boundaries."""

from __future__ import annotations

import importlib.util
import json

import pyarrow.parquet as pq
import pytest

from .conftest import REPO
from .hostile import pamc

COPIES = 5  # 25 documents: above the 16 files from which validate and build start worker processes
TIMEOUT = 120  # seconds per command; both take a few seconds (a hang fails here instead of stalling CI)
MEMORY = 3 << 30


def _real_shape():
    spec = importlib.util.spec_from_file_location("real_shape", REPO / "bench/real_shape.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    real_shape = _real_shape()
    root = tmp_path_factory.mktemp("real-shape") / "corpus"
    counts = real_shape.make(root, COPIES, "all")
    return root, counts, real_shape.real_utterances("all")


def _rows(release, table: str) -> int:
    return sum(pq.read_metadata(p).num_rows for p in sorted((release / "data" / table).glob("*.parquet")))


def test_the_corpus_has_the_real_shape(corpus):
    root, counts, real = corpus
    assert len(real) == 5 and counts["documents"] == 5 * COPIES >= 20
    assert counts["utterances"] == COPIES * sum(real.values())
    text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "annotations/documents").glob("*.yaml"))
    for field in ("translation:", "marker: {", "- outlet: kremlin", "cue: {", "source_mention: {",
                  f"embedded_in: syria-times-sochi-summit-c{COPIES:04d}.u", "dialogue_acts:", "mentions:",
                  "speech_events:\n  - id:"):
        assert field in text, field
    assert counts["alignments"] >= 40 * COPIES
    assert "news_utterance: syria-times-sochi-summit-c0005.u" in (root / "annotations/alignments.yaml").read_text()


def test_validate_and_build_with_the_default_jobs(corpus):
    root, counts, real = corpus
    checked = pamc("validate", "--root", str(root), timeout=TIMEOUT, memory=MEMORY)
    checked.assert_clean(0)
    assert "0 error(s)" in checked.output

    built = pamc("build", "--root", str(root), "--version", "0.0.1", timeout=TIMEOUT, memory=MEMORY)
    built.assert_clean(0)
    release = root / "dist/0.0.1"
    assert (release / "SHA256SUMS").is_file() and (release / "README.md").is_file()
    assert f"Published {release}".lower() in built.output.lower()
    assert _rows(release, "utterances") == COPIES * sum(real.values()) == counts["utterances"]
    assert _rows(release, "documents") == counts["documents"]
    assert _rows(release, "alignments") == counts["alignments"]
    with (release / "jsonl/utterances.jsonl").open(encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh]
    assert len(ids) == len(set(ids)) == counts["utterances"]
    assert "## Quote fidelity" in (release / "README.md").read_text(encoding="utf-8")
