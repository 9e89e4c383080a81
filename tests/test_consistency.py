"""Consistency checks (issue 17): the same words carry the same mentions and topics in every document that
prints them, unless a note says why; no two entities share a name or alias, unless a note says why."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pamc.checks.consistency import named_utterances, normalise
from pamc.io.paths import Paths
from pamc.checks.validate import validate

from .conftest import FIXTURES, REPO, apply_fixture, run

CHECKS = {"consistency-mentions", "consistency-topics", "entity-name-shared"}


def findings(root: Path) -> list[dict]:
    result = run("validate", "--root", str(root), "--format", "json")
    return json.loads(result.output)["findings"]


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def add_second_news(root: Path, *, raw_edit: tuple[str, str] | None = None) -> None:
    """A second news document, news-two, printing the same quote as news-mini ("Welcome to Sochi,"), annotated
    alike; its alignment says no counterpart, so that only the identical-text rule relates the two."""
    raw = (root / "raw/news-mini.txt").read_text(encoding="utf-8")
    if raw_edit is not None:
        assert raw.count(raw_edit[0]) == 1
        raw = raw.replace(*raw_edit)
    data = raw.encode("utf-8")
    (root / "raw/news-two.txt").write_bytes(data)
    documents = (root / "annotations/documents.yaml").read_text(encoding="utf-8")
    entry = documents[documents.index("- id: news-mini"):]
    entry = entry.split("\n- id:")[0].rstrip("\n") + "\n"
    old_sha = entry.split("sha256: ")[1].split("\n")[0]
    old_bytes = entry.split("n_bytes: ")[1].split("\n")[0]
    old_chars = entry.split("n_chars: ")[1].split("\n")[0]
    entry = (entry.replace("news-mini", "news-two")
             .replace(f"sha256: {old_sha}", f"sha256: {hashlib.sha256(data).hexdigest()}")
             .replace(f"n_bytes: {old_bytes}", f"n_bytes: {len(data)}")
             .replace(f"n_chars: {old_chars}", f"n_chars: {len(raw)}"))
    (root / "annotations/documents.yaml").write_text(documents.rstrip("\n") + "\n" + entry, encoding="utf-8")
    annotations = (root / "annotations/documents/news-mini.yaml").read_text(encoding="utf-8")
    if raw_edit is not None:
        annotations = annotations.replace(*raw_edit)
    (root / "annotations/documents/news-two.yaml").write_text(annotations.replace("news-mini", "news-two"),
                                                             encoding="utf-8")
    quote = 'Welcome to Sochi,' if raw_edit is None else raw_edit[1] + ' Sochi,'
    alignments = (root / "annotations/alignments.yaml").read_text(encoding="utf-8")
    # without a counterpart the quote is its own witness: a passage of its own, before the alignments
    passage = f"- id: p0099\n  witness: news-two.u001\n  span:\n    start: 64\n    end: 81\n    text: {quote}\n  note:\n"
    alignments = alignments.replace("alignments:\n", passage + "alignments:\n", 1)
    (root / "annotations/alignments.yaml").write_text(
        alignments + "- id: a0099\n  news_utterance: news-two.u001\n  news_span:\n    start: 64\n    end: 81\n"
        f"    text: {quote}\n"
        "  transcript_utterance:\n  transcript_span:\n  relation: no_counterpart\n  confidence: strong\n"
        "  no_counterpart_reason: Fixture.\n  note:\n", encoding="utf-8")


def test_identical_quotes_annotated_alike_are_fine(valid_corpus):
    add_second_news(valid_corpus)
    assert findings(valid_corpus) == []


def test_identical_quotes_with_other_mentions_are_reported_on_both_naming_the_other(valid_corpus):
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml", "entity: sochi", "entity: russia")
    got = findings(valid_corpus)
    assert {(f["file"], f["pointer"], f["check_id"]) for f in got} == {
        ("annotations/documents/news-mini.yaml", "/utterances/0/mentions/0/entity", "consistency-mentions"),
        ("annotations/documents/news-two.yaml", "/utterances/0/mentions/0/entity", "consistency-mentions")}
    mini = next(f for f in got if f["file"].endswith("news-mini.yaml"))
    assert "news-two.u001" in mini["message"] and "sochi" in mini["message"] and "russia" in mini["message"]
    assert "or say why in the note, naming the other utterance" in mini["message"]


def test_a_missing_mention_points_at_the_list_of_the_utterance_that_lacks_it(valid_corpus):
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml",
         "  mentions:\n  - start: 75\n    end: 80\n    text: Sochi\n    entity: sochi\n", "  mentions: []\n")
    got = {(f["file"], f["pointer"]) for f in findings(valid_corpus)}
    assert got == {("annotations/documents/news-mini.yaml", "/utterances/0/mentions/0/entity"),
                   ("annotations/documents/news-two.yaml", "/utterances/0/mentions")}


def test_identical_quotes_with_other_topics_are_reported(valid_corpus):
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml", "  - protocol\n",
         "  - protocol\n  - bilateral_relations\n")
    got = findings(valid_corpus)
    assert {(f["file"], f["pointer"], f["check_id"]) for f in got} == {
        ("annotations/documents/news-mini.yaml", "/utterances/0/topics", "consistency-topics"),
        ("annotations/documents/news-two.yaml", "/utterances/0/topics/1", "consistency-topics")}


def test_whitespace_and_no_break_space_differences_still_count_as_identical(valid_corpus):
    add_second_news(valid_corpus, raw_edit=("Welcome to", "Welcome\u00a0to"))
    edit(valid_corpus, "annotations/documents/news-two.yaml", "  - protocol\n", "  - bilateral_relations\n")
    assert {f["check_id"] for f in findings(valid_corpus)} == {"consistency-topics"}


def test_normalisation_of_whitespace_and_quote_marks():
    expected = '"Yes," he\'s here'
    assert normalise(" \u201cYes,\u201d\u00a0 he\u2019s\n here ") == normalise(expected) == expected
    assert normalise("Welcome to Sochi") != normalise("Welcome to sochi")  # case is not normalised


@pytest.mark.parametrize("document", ["news-mini", "news-two"])
def test_a_note_naming_the_other_utterance_exempts_the_pair(valid_corpus, document):
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml", "entity: sochi", "entity: russia")
    other = "news-two.u001" if document == "news-mini" else "news-mini.u001"
    path = valid_corpus / f"annotations/documents/{document}.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.rsplit("  note:\nspeech_events:", 1)
    path.write_text(f"{head}  note: Differs from {other} because the fixture says so.\nspeech_events:{tail}",
                    encoding="utf-8")
    assert findings(valid_corpus) == []


def test_a_note_naming_another_utterance_does_not_exempt_the_pair(valid_corpus):
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml", "entity: sochi", "entity: russia")
    path = valid_corpus / "annotations/documents/news-two.yaml"
    head, tail = path.read_text(encoding="utf-8").rsplit("  note:\nspeech_events:", 1)
    path.write_text(f"{head}  note: Unlike kremlin-mini.u002.\nspeech_events:{tail}", encoding="utf-8")
    assert {f["check_id"] for f in findings(valid_corpus)} == {"consistency-mentions"}


def test_named_utterances_are_whole_ids():
    assert named_utterances("differs from schiller-2017-11-21-sochi.u008 because ...") == {
        "schiller-2017-11-21-sochi.u008"}
    assert named_utterances("see u008 and x.u0012") == frozenset()
    assert named_utterances(None) == frozenset()


def test_an_aligned_verbatim_passage_with_other_entities_is_reported_on_both_sides(valid_corpus):
    apply_fixture(FIXTURES / "invalid/consistency-mentions", valid_corpus)
    got = findings(valid_corpus)
    assert {(f["file"], f["pointer"]) for f in got} == {
        ("annotations/documents/news-mini.yaml", "/utterances/0/mentions"),
        ("annotations/documents/kremlin-mini.yaml", "/utterances/1/mentions/0/entity")}
    assert all("alignment a0001, verbatim" in f["message"] for f in got)


def test_an_aligned_passage_with_a_note_naming_its_turn_is_exempt(valid_corpus):
    apply_fixture(FIXTURES / "invalid/consistency-mentions", valid_corpus)
    path = valid_corpus / "annotations/documents/news-mini.yaml"
    head, tail = path.read_text(encoding="utf-8").rsplit("  note:\nspeech_events:", 1)
    path.write_text(f"{head}  note: The transcript kremlin-mini.u002 names Sochi; this fixture does not link it."
                    f"\nspeech_events:{tail}", encoding="utf-8")
    assert findings(valid_corpus) == []


def test_only_relations_that_reproduce_the_words_are_compared(valid_corpus):
    for fixture in ("consistency-mentions", "consistency-topics"):
        apply_fixture(FIXTURES / "invalid" / fixture, valid_corpus)
    edit(valid_corpus, "annotations/alignments.yaml", "relation: verbatim", "relation: paraphrase")
    assert findings(valid_corpus) == []


def test_a_news_topic_must_be_a_topic_of_the_reproduced_turn_but_not_the_reverse(valid_corpus):
    # the valid corpus: news-mini.u001 has [protocol], its turn kremlin-mini.u002 [protocol, economic_cooperation]
    assert findings(valid_corpus) == []
    apply_fixture(FIXTURES / "invalid/consistency-topics", valid_corpus)
    got = findings(valid_corpus)
    assert {(f["file"], f["pointer"]) for f in got} == {
        ("annotations/documents/news-mini.yaml", "/utterances/0/topics/0"),
        ("annotations/documents/kremlin-mini.yaml", "/utterances/1/topics")}
    assert all("bilateral_relations" in f["message"] for f in got)


ENTITY = "- id: {id}\n  name: {name}\n  type: location\n  description: Fixture.\n{extra}  wikidata:\n  note: {note}\n"


def add_entity(root: Path, id: str, name: str, aliases: list[str] | None = None, note: str = "") -> None:
    extra = "" if aliases is None else "  aliases:\n" + "".join(f"  - {a}\n" for a in aliases)
    with (root / "annotations/entities.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENTITY.format(id=id, name=name, extra=extra, note=note))


def test_entities_sharing_an_alias_are_reported_at_the_later_alias(valid_corpus):
    add_entity(valid_corpus, "black-sea-resort", "Black Sea resort", ["the  SOCHI"])
    got = findings(valid_corpus)
    assert [(f["file"], f["pointer"], f["check_id"]) for f in got] == [
        ("annotations/entities.yaml", "/8/aliases/0", "entity-name-shared")]
    assert "sochi" in got[0]["message"] and "black-sea-resort" in got[0]["message"]


def test_an_alias_shared_between_two_aliases_is_reported(valid_corpus):
    add_entity(valid_corpus, "place-a", "Place A", ["Old Town"])
    add_entity(valid_corpus, "place-b", "Place B", ["old town"])
    assert [(f["pointer"], f["check_id"]) for f in findings(valid_corpus)] == [("/9/aliases/0", "entity-name-shared")]


def test_an_entity_whose_alias_repeats_its_own_name_is_not_reported(valid_corpus):
    add_entity(valid_corpus, "black-sea-resort", "Black Sea resort", ["the Black Sea resort"])
    assert findings(valid_corpus) == []


@pytest.mark.parametrize("where", ["later", "earlier"])
def test_a_note_naming_the_other_entity_exempts_the_pair(valid_corpus, where):
    if where == "later":
        add_entity(valid_corpus, "sochi-city", "Sochi", note="A city, unlike sochi, the fixture's event place.")
    else:
        edit(valid_corpus, "annotations/entities.yaml", "description: Fixture entity sochi.\n  wikidata:\n  note:\n",
             "description: Fixture entity sochi.\n  wikidata:\n  note: Not sochi-city.\n")
        add_entity(valid_corpus, "sochi-city", "Sochi")
    assert findings(valid_corpus) == []


def test_a_note_naming_a_longer_id_does_not_exempt(valid_corpus):
    add_entity(valid_corpus, "sochi-city", "Sochi", note="Not sochi-city-hall.")
    edit(valid_corpus, "annotations/entities.yaml", "description: Fixture entity sochi.\n  wikidata:\n  note:\n",
         "description: Fixture entity sochi.\n  wikidata:\n  note: Not sochi-city-hall.\n")
    assert {f["check_id"] for f in findings(valid_corpus)} == {"entity-name-shared"}


def test_the_findings_are_the_same_streamed_and_in_worker_processes(valid_corpus, monkeypatch):
    from pamc.checks import validate as validate_module
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml", "entity: sochi", "entity: russia")
    apply_fixture(FIXTURES / "invalid/consistency-topics", valid_corpus)
    _, whole = validate(Paths(valid_corpus), keep=True, jobs=1)
    monkeypatch.setattr(validate_module, "PARALLEL_MIN_FILES", 1)
    _, parallel = validate(Paths(valid_corpus), keep=False, jobs=2)
    assert {f.check_id for f in whole} == {"consistency-mentions", "consistency-topics"}
    assert parallel == whole


def test_the_real_corpus_is_consistent():
    _, found = validate(Paths(REPO), keep=False)
    assert [f.render() for f in found if f.check_id in CHECKS] == []


def test_an_utterance_with_another_error_is_left_out_until_that_is_fixed(valid_corpus):
    add_second_news(valid_corpus)
    edit(valid_corpus, "annotations/documents/news-two.yaml", "entity: sochi", "entity: atlantis")
    assert {f["check_id"] for f in findings(valid_corpus)} == {"ref-unknown-entity"}
