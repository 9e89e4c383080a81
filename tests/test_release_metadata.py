"""What a user meets first: the card's snippets run, Croissant and CITATION.cff validate, figures are in place."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pamc.release.publish import published_versions

from .conftest import REPO

CFFCONVERT = os.environ.get("CFFCONVERT") or shutil.which("cffconvert")


@pytest.fixture
def release(real_release) -> Path:
    return real_release


def card_snippets(release: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (release / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_each_question_snippet_prints_what_the_card_says_it_prints(release, monkeypatch, capsys):
    """The card's answers to the three questions are what its DuckDB, pandas and Polars snippets print."""
    card = (release / "README.md").read_text(encoding="utf-8")
    section = card.split("## Questions researchers ask")[1].split("\n## ")[0]
    pairs = re.findall(r"```python\n(.*?)```\n\nIt prints:\n\n```text\n(.*?)```", section, flags=re.S)
    assert [("duckdb" in c, "pandas" in c, "polars" in c) for c, _ in pairs] == [
        (True, False, False), (False, True, False), (False, False, True)]
    monkeypatch.chdir(release)
    for code, printed in pairs:
        exec(compile(code, "README.md", "exec"), {})
        assert capsys.readouterr().out == printed


def test_words_spoken_count_each_passage_once_and_come_from_transcripts(release):
    """Khmeimim 2017: the transcript has Assad 152 words and Putin 195 (runs of letters and digits); summing
    every document that reports the meeting would give Assad three times as many, and more than Putin."""
    from collections import Counter

    passages = _jsonl(release, "passages")
    assert len({p["id"] for p in passages}) == len(passages)
    spoken = Counter()
    for p in passages:
        if p["is_transcript"] and p["event"] == "khmeimim-2017-12-11-meeting":
            spoken[p["speaker"]] += p["n_words"]
    turns = [u for u in _jsonl(release, "utterances") if u["document"] == "kremlin-2017-12-11-khmeimim"
             and u["mode"] == "transcript_turn"]
    by_turns = Counter()
    for u in turns:
        by_turns[u["speaker"]] += len(re.findall(r"\w+(?:['\u2019]\w+)*", u["text"]))
    assert spoken == by_turns == Counter({"bashar-al-assad": 152, "vladimir-putin": 195})


def test_every_python_snippet_of_the_card_runs_from_the_release_directory(release, monkeypatch, capsys):
    snippets = card_snippets(release)
    assert len(snippets) >= 4
    monkeypatch.chdir(release)
    for snippet in snippets:
        exec(compile(snippet, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "vladimir-putin" in out and "direct_quote" in out


def test_croissant_metadata_validates_with_mlcroissant_and_reads_records(release):
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(release / "croissant.json"))
    assert dataset.metadata.issues.errors == set()
    persons = list(dataset.records("persons"))
    assert {p["persons/id"] for p in persons} >= {b"vladimir-putin", b"bashar-al-assad"}


def test_croissant_lists_every_parquet_file_with_its_checksum(release):
    import json

    from pamc.release.publish import sha256_file

    meta = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    for f in meta["distribution"]:
        assert sha256_file(release / f["contentUrl"]) == f["sha256"]
    assert {r["name"] for r in meta["recordSet"]} == {p.parent.name for p in (release / "data").rglob("*.parquet")}


@pytest.mark.skipif(CFFCONVERT is None, reason="cffconvert is not installed (it needs jsonschema<4, so .ci/run puts "
                                               "it in its own virtual environment and sets CFFCONVERT)")
def test_citation_cff_validates(release):
    for path in (REPO / "CITATION.cff", release / "CITATION.cff"):
        proc = subprocess.run([CFFCONVERT, "--validate", "-i", str(path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_citation_names_the_newest_release():
    import yaml

    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == published_versions(REPO / "dist")[-1]


def test_the_card_embeds_the_figures_and_they_are_svg(release):
    card = (release / "README.md").read_text(encoding="utf-8")
    figures = sorted(p.name for p in (release / "figures").iterdir())
    assert figures == ["relations-by-outlet.svg", "words-by-event.svg"]
    for name in figures:
        assert f"(figures/{name})" in card
        text = (release / "figures" / name).read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml") and "<svg" in text and "<dc:date>" not in text


def test_the_cards_feature_listing_is_what_datasets_writes_for_every_table():
    from datasets import DatasetInfo, Features

    from pamc.model.kinds import RELEASE_ROW_MODELS
    from pamc.release.arrow import arrow_schema
    from pamc.release.card import features

    for name in RELEASE_ROW_MODELS:
        expected = DatasetInfo(features=Features.from_arrow_schema(arrow_schema(name)))._to_yaml_dict()["features"]
        assert features(name) == expected, name


def _jsonl(release, config):
    import json

    lines = (release / "jsonl" / f"{config}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _bars(svg: str) -> dict[str, dict[str, int]]:
    """category → series → value, read back from the tooltips of a figure's bar segments."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    bars: dict[str, dict[str, int]] = {}
    for rect in ET.fromstring(svg.encode("utf-8")).iter(f"{ns}rect"):
        title = rect.find(f"{ns}title")
        if title is not None:
            category, rest = title.text.rsplit(": ", 1)
            series, value = rest.rsplit(" ", 1)
            bars.setdefault(category, {})[series] = int(value.replace(",", ""))
    return bars


def test_the_figures_show_what_the_published_tables_hold(release):
    """Each bar segment of the figures, read back from the SVG, is the sum the tables give: words spoken per
    event and speaker from the transcript passages (each counted once), renderings per outlet and relation from
    the alignments."""
    from collections import Counter

    events = {e["id"]: e for e in _jsonl(release, "events")}
    label = {"vladimir-putin": "Putin", "bashar-al-assad": "Assad"}
    words: dict[str, Counter] = {}
    for p in _jsonl(release, "passages"):
        if p["speaker"] in label and p["is_transcript"]:
            event = f"{events[p['event']]['date'] or 'undated'}  {p['event']}"
            words.setdefault(event, Counter())[label[p["speaker"]]] += p["n_words"]
    assert _bars((release / "figures/words-by-event.svg").read_text(encoding="utf-8")) == words
    publisher = {d["id"]: d["publisher"] for d in _jsonl(release, "documents")}
    relations: dict[str, Counter] = {}
    for a in _jsonl(release, "alignments"):
        outlet = publisher[a["news_document"]] + (" via " + " > ".join(r["outlet"] for r in a["relay"])
                                                  if a["relay"] else "")
        relations.setdefault(outlet, Counter())[a["relation"]] += 1
    assert _bars((release / "figures/relations-by-outlet.svg").read_text(encoding="utf-8")) == relations
    assert sum(sum(c.values()) for c in relations.values()) == len(_jsonl(release, "alignments")) > 0


def test_the_figures_are_accessible_svg_with_titles_and_text_not_paths(release):
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    for path in sorted((release / "figures").glob("*.svg")):
        root = ET.fromstring(path.read_bytes())
        assert root.get("role") == "img" and root.find(f"{ns}title").text and root.find(f"{ns}desc").text, path
        texts = [t.text for t in root.iter(f"{ns}text")]
        assert "0" in texts and len(texts) > 10 and not list(root.iter(f"{ns}path")), path


@pytest.mark.parametrize("largest", [0, 1, 3, 6, 7, 12, 99, 446, 1452, 7000, 123456])
def test_axis_steps_are_one_two_or_five_times_a_power_of_ten_and_as_fine_as_six_ticks_allow(largest):
    from pamc.release.charts import nice_step

    step = nice_step(largest)
    digits = str(step).rstrip("0")
    assert digits in ("1", "2", "5") and -(-largest // step) <= 6
    finer = {"1": step // 2, "2": step // 2, "5": step * 2 // 5}[digits]  # the next smaller nice step
    assert finer == 0 or -(-largest // finer) > 6


def test_a_chart_of_nothing_or_of_zeros_is_still_a_well_formed_svg():
    import xml.etree.ElementTree as ET

    from pamc.release.charts import Series, stacked_bars

    for categories, values in (([], []), (["a", "b"], [0, 0])):
        svg = stacked_bars("t", "d", categories, [Series("s", "#000000", values)], "x")
        root = ET.fromstring(svg.encode("utf-8"))
        assert _bars(svg) == {} and root.get("height") and root.get("height").isdigit()
    assert stacked_bars("t", "d", ["a"], [Series("s", "#000", [3])], "x") == stacked_bars(
        "t", "d", ["a"], [Series("s", "#000", [3])], "x")


# The sections of the Hub's dataset card template (huggingface_hub, src/huggingface_hub/templates/
# datasetcard_template.md), each as a heading of the card at its level.
HUB_TEMPLATE_SECTIONS = [
    "## Dataset Details", "### Dataset Description", "### Dataset Sources", "## Uses", "### Direct Use",
    "### Out-of-Scope Use", "## Dataset Structure", "## Dataset Creation", "### Curation Rationale",
    "### Source Data", "#### Data Collection and Processing", "#### Who are the source data producers?",
    "### Annotations", "#### Annotation process", "#### Who are the annotators?",
    "### Personal and Sensitive Information", "## Bias, Risks, and Limitations", "### Recommendations",
    "## Citation", "## Glossary", "## More Information", "## Dataset Card Authors", "## Dataset Card Contact",
]


def test_the_card_has_every_section_of_the_hub_template_in_order_and_none_is_a_placeholder(release):
    card = (release / "README.md").read_text(encoding="utf-8")
    headings = [line for line in card.splitlines() if line.startswith("#")]
    positions = [headings.index(h) for h in HUB_TEMPLATE_SECTIONS]
    assert positions == sorted(positions)
    assert "More Information Needed" not in card
    header = card.split("---")[1]
    for key in ("annotations_creators:", "language_creators:", "source_datasets:", "task_ids:"):
        assert key in header
    assert "viewer/index.html" in card and "croissant.json" in card


def test_the_card_changelog_lists_every_version_up_to_this_one_under_its_heading(release):
    card = (release / "README.md").read_text(encoding="utf-8")
    log = card.split("\n## Changelog\n")[1]
    versions = re.findall(r"(?m)^### (\d+\.\d+\.\d+)$", log)
    assert versions[0] == release.name and "1.0.0" in versions
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    assert not re.search(r"(?m)^## ", log)
