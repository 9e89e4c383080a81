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

    from pamc.release.arrow import arrow_schema
    from pamc.release.card import features
    from pamc.schema import RELEASE_TABLES

    for name, model in RELEASE_TABLES.items():
        schema = arrow_schema(model)
        expected = DatasetInfo(features=Features.from_arrow_schema(schema))._to_yaml_dict()["features"]
        assert features(schema) == expected, name


def test_the_figures_drawn_in_the_figure_process_are_those_drawn_in_the_builds_own_process(release):
    """The build draws its figures in a child process forked at its start (matplotlib's import overlaps the
    validation); drawing them in-process from the release's own rows gives the same bytes."""
    import json

    from pamc.release.figures import render
    from pamc.release.summary import Summary

    def rows(config):
        lines = (release / "jsonl" / f"{config}.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    summary = Summary()
    summary.add("utterances", rows("utterances"))
    for config in ("events", "alignments"):
        summary.keep(config, rows(config))
    summary.keep("documents", [{k: v for k, v in r.items() if k != "raw_text"} for r in rows("documents")])
    drawn = render(summary)
    assert sorted(drawn) == sorted(p.name for p in (release / "figures").iterdir())
    for name, svg in drawn.items():
        assert (release / "figures" / name).read_text(encoding="utf-8") == svg, name


def test_a_failure_in_the_figure_process_is_raised_by_the_build_and_leaves_no_process():
    import multiprocessing

    from pamc.release.figures import Drawer
    from pamc.release.summary import Summary

    drawer = Drawer()
    with pytest.raises(RuntimeError, match="drawing the figures failed in the figure process"):
        drawer.render(Summary())  # no events table: drawing raises KeyError in the child
    assert not [p for p in multiprocessing.active_children() if p.name == "pamc-figures"]
    Drawer().close()  # a build that stops before drawing does not wait for the child
    assert not [p for p in multiprocessing.active_children() if p.name == "pamc-figures"]


def test_a_build_that_publishes_nothing_leaves_no_figure_process(valid_corpus):
    """The CLI forks the figure process before it knows whether it will publish; every way out stops it."""
    import multiprocessing

    from .conftest import run

    def figure_processes():
        return [p for p in multiprocessing.active_children() if p.name == "pamc-figures"]

    assert run("build", "--root", str(valid_corpus), "--version", "not-a-version").exit_code == 1
    assert not figure_processes()
    path = valid_corpus / "annotations/persons.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: person", "kind: persn", 1), encoding="utf-8")
    changelog = valid_corpus / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8") + "\n## 9.9.9\n\nA test.\n", encoding="utf-8")
    result = run("build", "--root", str(valid_corpus), "--version", "9.9.9")
    assert result.exit_code == 1 and "nothing published" in result.output
    assert not figure_processes()
