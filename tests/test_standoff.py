"""The brat standoff export reads back: every span is the text at its offsets, every utterance is there with its
mode, speaker, source and cue, and annotation.conf declares everything the .ann files use."""

from __future__ import annotations

import json
import re

import pytest


def read_ann(text: str) -> dict:
    """A reader of brat's standoff format (https://brat.nlplab.org/standoff.html), written from its description:
    T (text-bound), A (attribute), R (relation) and # (note) lines."""
    spans, attributes, relations, notes = {}, [], [], {}
    for line in text.splitlines():
        key, rest = line.split("\t", 1)
        if key.startswith("T"):
            head, span_text = rest.split("\t")
            kind, offsets = head.split(" ", 1)
            fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
            spans[key] = (kind, fragments, span_text)
        elif key.startswith("A"):
            name, target, value = rest.split(" ")
            attributes.append((name, target, value))
        elif key.startswith("R"):
            name, arg1, arg2 = rest.split(" ")
            relations.append((name, arg1.removeprefix("Arg1:"), arg2.removeprefix("Arg2:")))
        elif key.startswith("#"):
            head, note = rest.split("\t")
            notes[head.split(" ")[1]] = note
        else:
            raise ValueError(f"not a brat standoff line: {line!r}")
    return {"spans": spans, "attributes": attributes, "relations": relations, "notes": notes}


@pytest.fixture(scope="module")
def standoff(real_release):
    return real_release / "standoff"


def test_every_document_has_its_text_byte_for_byte_and_its_annotations(real_release, standoff):
    documents = [json.loads(line) for line in (real_release / "jsonl/documents.jsonl").read_text(encoding="utf-8").splitlines()]
    for d in documents:
        assert (standoff / f"{d['id']}.txt").read_bytes() == d["raw_text"].encode("utf-8")
        assert (standoff / f"{d['id']}.ann").is_file()


def test_the_annotations_read_back_as_the_utterances(real_release, standoff):
    utterances = [json.loads(line) for line in (real_release / "jsonl/utterances.jsonl").read_text(encoding="utf-8").splitlines()]
    conf = (standoff / "annotation.conf").read_text(encoding="utf-8")
    declared = set(re.findall(r"(?m)^(\w+)", conf))
    for document in sorted({u["document"] for u in utterances}):
        text = (standoff / f"{document}.txt").read_text(encoding="utf-8")
        ann = read_ann((standoff / f"{document}.ann").read_text(encoding="utf-8"))
        for kind, fragments, span_text in ann["spans"].values():
            assert kind in declared
            assert " ".join(text[a:b] for a, b in fragments) == span_text
            assert all("\n" not in text[a:b] for a, b in fragments)
        contents = {ann["notes"][t]: t for t, (kind, _, _) in ann["spans"].items() if kind == "Content"}
        mine = [u for u in utterances if u["document"] == document]
        assert sorted(contents) == sorted(u["id"] for u in mine)
        attributes = {(name, target): value for name, target, value in ann["attributes"]}
        linked = {(name, arg2): ann["spans"][arg1][2] for name, arg1, arg2 in ann["relations"]}
        for u in mine:
            t = contents[u["id"]]
            _, fragments, _ = ann["spans"][t]
            assert fragments[0][0] == u["start"] and fragments[-1][1] == u["end"]
            assert attributes[("Mode", t)] == u["mode"] and attributes[("Speaker", t)] == u["speaker"]
            assert f"|{u['speaker']}" in conf or f":{u['speaker']}" in conf
            source = u["speaker_label"] or u["source_mention"]
            assert linked.get(("SourceOf", t)) == (" ".join(source["text"].split("\n")).strip() if source else None)
            cue = u["cue"] if u["cue"] and u["cue"]["text"] else None
            assert linked.get(("CueOf", t)) == (cue["text"] if cue else None)
