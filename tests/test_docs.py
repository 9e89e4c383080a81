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
