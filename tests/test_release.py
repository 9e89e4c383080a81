"""Publishing a release: loadable by every library, equal to the annotations, reproducible, immutable, atomic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pamc.io.paths import Paths
from pamc.release import writers
from pamc.checks.validate import validate

from .conftest import FIXTURES, REPO, apply_fixture, run, tree_digest

VERSION = "1.0.0"
CONFIGS_WITH_ROWS = ["utterances", "dialogue_acts", "mentions", "speech_events", "alignments", "documents", "events",
                     "persons", "entities", "vocabularies"]


def changelog(root: Path, version: str) -> None:
    with (root / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n## {version}\n\nTest release.\n")


@pytest.fixture
def built(real_release) -> Path:
    return real_release


def test_every_config_loads_with_datasets_and_the_card_claims_only_what_datasets_finds(built):
    """Each config loads with as many rows as the card says; the card gives no byte sizes, which datasets
    computes from its own casting of the Parquet files (earlier cards published sizes that differed)."""
    import datasets
    import yaml

    header = yaml.safe_load((built / "README.md").read_text(encoding="utf-8").split("---")[1])
    infos = {i["config_name"]: i for i in header["dataset_info"]}
    for config in CONFIGS_WITH_ROWS:
        ds = datasets.load_dataset(str(built), config, split="train")
        assert ds.num_rows == len((built / f"jsonl/{config}.jsonl").read_text(encoding="utf-8").splitlines())
        assert ds.num_rows > 0
        assert infos[config]["splits"] == [{"name": "train", "num_examples": ds.num_rows}]
        assert "dataset_size" not in infos[config]


def test_utterances_stream_with_datasets(built):
    import datasets

    stream = datasets.load_dataset(str(built), "utterances", split="train", streaming=True)
    first = next(iter(stream))
    assert first["text"] and first["speaker"] in {"vladimir-putin", "bashar-al-assad"}


def test_pandas_duckdb_and_polars_read_the_same_rows(built):
    import duckdb
    import pandas as pd
    import polars as pl

    path = built / "data/utterances/train-00000-of-00001.parquet"
    n = len(pd.read_parquet(path))
    assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0] == n
    assert pl.scan_parquet(path).select(pl.len()).collect().item() == n
    joined = duckdb.sql(
        f"SELECT u.id, e.date FROM '{path}' u JOIN '{built}/data/events/train-00000-of-00001.parquet' e "
        "ON u.event = e.id").fetchall()
    assert len(joined) == n


def test_an_empty_table_keeps_its_parquet_and_jsonl_files_but_is_not_a_config(valid_corpus):
    import pyarrow.parquet as pq

    (valid_corpus / "annotations/alignments.yaml").unlink()
    assert run("build", "--root", str(valid_corpus), "--version", "0.1.0").exit_code == 0
    release = valid_corpus / "dist/0.1.0"
    table = pq.read_table(release / "data/alignments/train-00000-of-00001.parquet")
    assert table.num_rows == 0 and "news_utterance" in table.column_names
    assert (release / "jsonl/alignments.jsonl").read_text() == ""
    header = (release / "README.md").read_text(encoding="utf-8").split("---")[1]
    assert "config_name: alignments" not in header and "config_name: utterances" in header


def test_published_utterances_equal_the_annotations(built):
    """Round trip: every annotated utterance, field for field, and nothing else."""
    corpus, _ = validate(Paths(built.parents[1]))
    expected = {u.model.id: {**u.model.model_dump(mode="json"), "document": f.document}
                for f, u in corpus.utterances()}
    published = [json.loads(line) for line in (built / "jsonl/utterances.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(published) == len(expected)
    derived = ("n_words", "text_normalised", "passages", "renders")
    for row in published:
        n_words, normalised, passages, renders = (row.pop(k) for k in derived)
        assert row == expected[row["id"]]
        assert n_words == len(row["text"].split())
        assert "\u00a0" not in normalised and "  " not in normalised  # a phrase search finds "President of Syria"
        assert normalised.split() == row["text"].translate(STRAIGHT_QUOTES).split()
        assert renders == (bool(passages) and row["mode"] != "transcript_turn"
                           and row["id"] not in WITNESSES_OF_THEIR_OWN)


STRAIGHT_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
# Quotes and reports that no transcript holds: each is the witness of its own passages.
WITNESSES_OF_THEIR_OWN = {f"syria-times-sochi-summit.u0{n}" for n in (14, 15, 16, 18, 19, 20, 21, 29, 30, 31)}


def test_documents_carry_the_raw_text_byte_for_byte(built):
    import pandas as pd

    docs = pd.read_parquet(built / "data/documents/train-00000-of-00001.parquet")
    for _, d in docs.iterrows():
        raw = (REPO / d["raw_file"]).read_bytes()
        assert d["raw_text"].encode("utf-8") == raw
        assert hashlib.sha256(raw).hexdigest() == d["sha256"]


def test_the_card_declares_every_nonempty_config_and_utterances_is_default(built):
    card = (built / "README.md").read_text(encoding="utf-8")
    header = card.split("---")[1]
    for config in CONFIGS_WITH_ROWS:
        assert f"config_name: {config}" in header
    assert "- config_name: utterances\n  default: true" in header


def test_verify_accepts_the_release_and_names_a_changed_file(built, tmp_path):
    import shutil

    assert run("verify", "9.9.9", "--dist", str(built.parent)).exit_code == 0
    copy = tmp_path / "dist"
    shutil.copytree(built, copy / "9.9.9")
    with (copy / "9.9.9/jsonl/utterances.jsonl").open("a") as fh:
        fh.write("\n")
    result = run("verify", "9.9.9", "--dist", str(copy))
    assert result.exit_code == 1
    assert "jsonl/utterances.jsonl: checksum differs" in result.output


def test_two_builds_from_the_same_inputs_are_byte_identical(real_corpus, tmp_path):
    changelog(real_corpus, "2.0.0")
    for name in ("a", "b"):
        assert run("build", "--root", str(real_corpus), "--version", "2.0.0", "--dist",
                   str(tmp_path / name)).exit_code == 0
    a, b = tree_digest(tmp_path / "a/2.0.0"), tree_digest(tmp_path / "b/2.0.0")
    assert a.keys() == b.keys() and len(a) > 20
    assert {k: hashlib.sha256(v).hexdigest() for k, v in a.items()} == \
           {k: hashlib.sha256(v).hexdigest() for k, v in b.items()}


def test_rebuilding_a_published_version_is_a_no_op_and_changed_inputs_are_refused(valid_corpus):
    assert run("build", "--root", str(valid_corpus), "--version", "0.1.0").exit_code == 0
    before = tree_digest(valid_corpus / "dist")
    again = run("build", "--root", str(valid_corpus), "--version", "0.1.0")
    assert again.exit_code == 0 and "already published from identical inputs" in again.output
    note = valid_corpus / "annotations/persons.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("The press", "The press corps"), encoding="utf-8")
    refused = run("build", "--root", str(valid_corpus), "--version", "0.1.0")
    assert refused.exit_code == 1
    assert "annotations/persons.yaml" in refused.output and "never overwritten" in refused.output
    assert tree_digest(valid_corpus / "dist") == before


def test_an_older_version_than_the_newest_published_is_refused(valid_corpus):
    changelog(valid_corpus, "0.2.0")
    assert run("build", "--root", str(valid_corpus), "--version", "0.2.0").exit_code == 0
    result = run("build", "--root", str(valid_corpus), "--version", "0.1.5")
    assert result.exit_code == 1 and "older than the published 0.2.0" in result.output


def test_a_version_without_changelog_entry_or_of_bad_form_is_refused(valid_corpus):
    for version, message, code in [("0.3.0", "no '## 0.3.0' entry", 1), ("1.0", "MAJOR.MINOR.PATCH", 2)]:
        result = run("build", "--root", str(valid_corpus), "--version", version)
        assert result.exit_code == code and message in result.output
    assert not (valid_corpus / "dist").exists() or not any((valid_corpus / "dist").iterdir())


def test_invalid_annotations_publish_nothing(valid_corpus):
    apply_fixture(FIXTURES / "invalid" / "span-text-mismatch", valid_corpus)
    result = run("build", "--root", str(valid_corpus), "--version", "0.1.0")
    assert result.exit_code == 1
    assert "[span-text-mismatch]" in result.output and "nothing published" in result.output
    assert not (valid_corpus / "dist" / "0.1.0").exists()


def test_a_build_that_fails_midway_leaves_dist_as_it_was(valid_corpus, monkeypatch):
    changelog(valid_corpus, "0.2.0")
    assert run("build", "--root", str(valid_corpus), "--version", "0.1.0").exit_code == 0
    before = tree_digest(valid_corpus / "dist")
    calls = {"n": 0}
    real = writers.TableWriter.close

    def failing(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(self)

    monkeypatch.setattr(writers.TableWriter, "close", failing)
    result = run("build", "--root", str(valid_corpus), "--version", "0.2.0")
    assert result.exit_code == 1 and "No space left on device (ENOSPC)" in result.output
    assert tree_digest(valid_corpus / "dist") == before
    assert sorted(p.name for p in (valid_corpus / "dist").iterdir()) == ["0.1.0"]


def test_a_stale_temporary_directory_is_removed_and_reported(valid_corpus):
    stale = valid_corpus / "dist" / ".tmp-0.1.0-999999999"
    stale.mkdir(parents=True)
    (stale / "half-written.parquet").write_bytes(b"PAR1")
    result = run("build", "--root", str(valid_corpus), "--version", "0.1.0")
    assert result.exit_code == 0
    assert "removed .tmp-0.1.0-999999999" in result.output
    assert not stale.exists()


def test_the_tokens_config_labels_source_cue_and_content_of_every_utterance(built):
    """Each utterance is one attribution: its tokens are the raw text at their offsets; the CONTENT tokens are
    exactly the tokens of its words, SOURCE those of its speaker label or source mention, CUE those of its cue;
    every labelled run starts with B-."""
    import re

    corpus, _ = validate(Paths(built.parents[1]))
    utterances = {u.model.id: (f.document, u.model) for f, u in corpus.utterances()}
    rows = [json.loads(line) for line in (built / "jsonl/tokens.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(utterances)
    word = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")
    for r in rows:
        document, u = utterances[r["id"]]
        raw = corpus.raw_text(document)
        assert [raw[s:e] for s, e in zip(r["token_starts"], r["token_ends"])] == r["tokens"]
        assert len(r["labels"]) == len(r["tokens"])

        def labelled(part):
            return [t for t, label in zip(r["tokens"], r["labels"]) if label.endswith("-" + part)]

        assert labelled("CONTENT") == word.findall(u.text), r["id"]
        source = u.speaker_label or u.source_mention
        assert labelled("SOURCE") == (word.findall(source.text) if source else []), r["id"]
        assert labelled("CUE") == (word.findall(u.cue.text) if u.cue else []), r["id"]
        for previous, label in zip(["O", *r["labels"]], r["labels"]):
            if label.startswith("I-"):
                assert previous[2:] == label[2:], r["id"]
