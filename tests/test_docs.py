"""The README's code is run, so that what users copy works."""

from __future__ import annotations

import os
import re

import pytest

from pamc.release.publish import published_versions

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SNIPPETS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.splitlines()[0][:40] for s in SNIPPETS])
def test_readme_python_snippets_run(snippet, monkeypatch):
    monkeypatch.chdir(REPO)
    exec(compile(snippet, "README.md", "exec"), {})


def test_readme_commands_use_the_newest_published_version():
    newest = published_versions(REPO / "dist")[-1]
    used = set(re.findall(r"dist/(\d+\.\d+\.\d+)|--version (\d+\.\d+\.\d+)", README))
    assert {a or b for a, b in used} == {newest}


def test_ci_runs_the_readme_test_command():
    command = re.search(r"Install and run the tests:\n\n```bash\n(.*?)\n```", README, flags=re.S).group(1)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert command.split("&& ", 1)[1].replace(". .venv/bin/activate && ", "") in ci
    assert os.access(REPO / ".ci" / "run", os.X_OK)


def test_no_page_calls_the_annotations_hand_checked_without_saying_by_what():
    """The annotations were made by an AI language model: every page a reader meets says so, and "hand-checked"
    appears only where the same sentence says that the checking was done by that model (the changelog's
    historical uses, qualified where they stand)."""
    from pamc.release.publish import published_versions

    newest = REPO / "dist" / published_versions(REPO / "dist")[-1]
    pages = [REPO / "README.md", REPO / "CITATION.cff", REPO / "pyproject.toml", REPO / "CHANGELOG.md",
             newest / "README.md", newest / "CITATION.cff", newest / "croissant.json",
             *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "annotations").rglob("*.yaml"))]
    for page in pages:
        text = " ".join(page.read_text(encoding="utf-8").split())
        for found in re.finditer("hand-checked", text, flags=re.I):
            around = text[max(0, found.start() - 150):found.end() + 150]
            assert "AI" in around and "model" in around, (page, around)
    for page in (REPO / "README.md", newest / "README.md", REPO / "CITATION.cff", newest / "croissant.json"):
        assert "AI language model" in " ".join(page.read_text(encoding="utf-8").split()), page


def test_the_card_says_who_the_annotators_are():
    from pamc.release.publish import published_versions

    card = (REPO / "dist" / published_versions(REPO / "dist")[-1] / "README.md").read_text(encoding="utf-8")
    header = card.split("---")[1]
    assert "annotations_creators:\n- machine-generated" in header
    section = card.split("## Who are the annotators", 1)[1].split("\n## ", 1)[0]
    for words in ("AI language model", "blind second pass", "Adjudication", "Mechanical checks", "no human annotator"):
        assert words in section, words
