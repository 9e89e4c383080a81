"""A build killed at any moment leaves dist/ with the previous state or the complete new version, never half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from pamc.model.kinds import RELEASE_ROW_MODELS
from pamc.release.publish import verify

from .conftest import REPO, tree_digest

# one per table's JSON Lines file + figures and viewer index + Parquet files + before and after the rename
N_FAULT_POINTS = len(RELEASE_ROW_MODELS) + 4


def build(root, version, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, str(REPO / "build_dataset.py"), "build", "--root", str(root), "--version",
                           version], capture_output=True, text=True, env=env, check=False)


def add_version(root, version):
    with (root / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n## {version}\n\nCrash test.\n")


@pytest.mark.parametrize("kill_at", [1, 2, *range(N_FAULT_POINTS - 5, N_FAULT_POINTS + 1)])
def test_sigkill_during_publication_never_leaves_a_partial_release(valid_corpus, kill_at):
    assert build(valid_corpus, "0.1.0").returncode == 0
    add_version(valid_corpus, "0.2.0")
    previous = tree_digest(valid_corpus / "dist" / "0.1.0")
    killed = build(valid_corpus, "0.2.0", {"PAMC_FAULT_KILL_AT": str(kill_at)})
    assert killed.returncode == -signal.SIGKILL
    dist = valid_corpus / "dist"
    assert tree_digest(dist / "0.1.0") == previous
    new = dist / "0.2.0"
    if kill_at < N_FAULT_POINTS:
        assert not new.exists()                      # killed before the rename: nothing published
    else:
        assert verify(new) == []                     # killed after the rename: complete
    again = build(valid_corpus, "0.2.0")
    assert again.returncode == 0
    if kill_at < N_FAULT_POINTS:
        assert "left by a build that did not finish" in again.stderr
    assert [p.name for p in sorted(dist.iterdir())] == ["0.1.0", "0.2.0"]
    assert verify(new) == []


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_sigkill_at_an_arbitrary_moment(valid_corpus, delay):
    add_version(valid_corpus, "0.2.0")
    proc = subprocess.Popen([sys.executable, str(REPO / "build_dataset.py"), "build", "--root", str(valid_corpus),
                             "--version", "0.2.0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    dist = valid_corpus / "dist"
    published = [p for p in dist.iterdir() if not p.name.startswith(".")] if dist.exists() else []
    for release in published:
        assert verify(release) == []
    assert build(valid_corpus, "0.2.0").returncode == 0
    assert verify(dist / "0.2.0") == [] and not [p for p in dist.iterdir() if p.name.startswith(".tmp-")]
