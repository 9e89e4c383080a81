"""Inter-annotator agreement: the measures are right, and the committed passes give the figures in the card."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pamc.analysis.agreement import Pass, cohen_kappa, compare, match, render
from pamc.release.publish import published_versions

from .conftest import REPO, run


def test_cohen_kappa_on_a_textbook_table():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o 0.7, p_e 0.5, kappa 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_cohen_kappa_edge_cases():
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a")] * 3) == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)


def test_overlapping_spans_are_matched_one_to_one_largest_first():
    a = [{"start": 0, "end": 10}, {"start": 10, "end": 20}]
    b = [{"start": 5, "end": 18}]
    assert match(a, b) == [(a[1], b[0])]  # 8 characters of overlap beat 5


def test_a_pass_agrees_perfectly_with_itself():
    first = Pass.read(REPO / "annotations" / "documents")
    report = compare(first, copy.deepcopy(first))
    assert report["utterances"]["exact_boundary_f1"] == 1.0 == report["utterances"]["char_f1"]
    assert set(report["kappa"].values()) == {1.0}
    assert report["topics"]["pooled_binary_kappa"] == 1.0


def test_a_changed_speaker_lowers_speaker_kappa_only():
    first = Pass.read(REPO / "annotations" / "documents")
    second = copy.deepcopy(first)
    u = second.docs["kremlin-2021-09-14-moscow"]["utterances"][1]
    u["speaker"] = "vladimir-putin"
    report = compare(first, second)
    assert report["kappa"]["speaker"] < 1.0 and report["kappa"]["mode"] == 1.0


def test_the_committed_passes_cover_all_five_documents():
    for name in ("first-pass", "second-pass"):
        assert len(Pass.read(REPO / "agreement" / name).docs) == 5


def test_the_newest_card_prints_the_figures_the_agreement_command_computes_now():
    card = (REPO / "dist" / published_versions(REPO / "dist")[-1] / "README.md").read_text(encoding="utf-8")
    before = run("agreement", str(REPO / "agreement/first-pass"), str(REPO / "agreement/second-pass"),
                 "--title", "x").output
    after = run("agreement", str(REPO / "annotations/documents"), str(REPO / "agreement/second-pass"),
                "--title", "x").output
    for output in (before, after):
        table = output.split("| measure | value |")[1].split("\n\n")[0]
        assert table in card


def test_disagreements_are_listed_for_adjudication():
    result = run("agreement", str(REPO / "agreement/first-pass"), str(REPO / "agreement/second-pass"),
                 "--disagreements")
    assert result.exit_code == 0
    assert "syria-times-sochi-summit.u005 boundaries" in result.output


def test_render_names_both_passes():
    first = Pass.read(REPO / "annotations" / "documents")
    text = render(compare(first, first), "Self", ("a", "b"))
    assert text.startswith("## Self") and "| document | a | b |" in text


# The character-level measures count characters by interval arithmetic; their definition is per character.
_functions = st.sampled_from(["inform", "request", "thank"])
_acts = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), _functions), max_size=4)
_utterances = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), _acts), max_size=5)


def _doc(spans) -> dict:
    utterances = [{"id": f"d.u{i:03d}", "start": s, "end": e, "speaker": "p", "mode": "transcript_turn",
                   "event": "e", "translation": {"path": ["ru", "en"], "basis": "official"}, "relay": [],
                   "addressees": [], "topics": [], "mentions": [],
                   "dialogue_acts": [{"start": a, "end": b, "function": f} for a, b, f in acts]}
                  for i, (s, e, acts) in enumerate(spans)]
    return {"document": "d", "utterances": utterances, "speech_events": []}


def _per_character(a: list[dict], b: list[dict]) -> tuple[float | None, float | None]:
    """Character F1 of the spans and the per-character dialogue-act kappa, character by character."""
    chars_a = {k for u in a for k in range(u["start"], u["end"])}
    chars_b = {k for u in b for k in range(u["start"], u["end"])}
    both = len(chars_a & chars_b)
    f1 = None if not chars_a and not chars_b else 2 * both / (len(chars_a) + len(chars_b))
    pairs = []
    for x, y in match(a, b):
        fx = {k: d["function"] for d in x["dialogue_acts"] for k in range(d["start"], d["end"])}
        fy = {k: d["function"] for d in y["dialogue_acts"] for k in range(d["start"], d["end"])}
        pairs += [(fx[k], fy[k]) for k in sorted(set(fx) & set(fy))]
    return f1, cohen_kappa(pairs)


@settings(max_examples=300, deadline=None)
@given(_utterances, _utterances)
def test_character_measures_equal_their_per_character_definition(first, second):
    a, b = _doc(first), _doc(second)
    report = compare(Pass({"d": a}), Pass({"d": b}))
    f1, kappa = _per_character(a["utterances"], b["utterances"])
    assert report["utterances"]["char_f1"] == f1
    assert report["dialogue_acts"]["function_kappa_per_character"] == kappa


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=40))
def test_kappa_is_observed_against_chance_agreement(pairs):
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    chance = sum((sum(a == k for a, _ in pairs) / n) * (sum(b == k for _, b in pairs) / n) for k in "abc")
    kappa = cohen_kappa(pairs)
    if chance == 1.0:
        assert kappa == 1.0
    else:
        assert kappa == pytest.approx((observed - chance) / (1 - chance))
