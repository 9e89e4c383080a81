"""The releases committed under dist/ are intact and were built from the raw files that are still here."""

from __future__ import annotations

import pytest

from pamc.release.publish import published_versions, sha256_file, verify

from .conftest import REPO

VERSIONS = published_versions(REPO / "dist")


def test_there_is_a_published_release():
    assert "1.0.0" in VERSIONS


@pytest.mark.parametrize("version", VERSIONS)
def test_release_files_match_their_manifest(version):
    assert verify(REPO / "dist" / version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_release_was_built_from_the_raw_files_in_this_checkout(version):
    for line in (REPO / "dist" / version / "INPUTS.sha256").read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        if rel.startswith("raw/"):
            assert sha256_file(REPO / rel) == digest, rel


@pytest.mark.parametrize("version", VERSIONS)
def test_release_loads_with_datasets(version):
    import datasets

    ds = datasets.load_dataset(str(REPO / "dist" / version), "utterances", split="train")
    assert ds.num_rows > 0 and set(ds["mode"]) <= {"transcript_turn", "direct_quote", "indirect_report"}


def test_the_newest_release_is_built_from_the_inputs_in_this_checkout():
    """Annotations never change on main without a new release: the newest one matches them byte for byte."""
    from pamc.io.paths import Paths
    from pamc.release.publish import input_files, manifest

    newest = REPO / "dist" / VERSIONS[-1]
    assert (newest / "INPUTS.sha256").read_text(encoding="utf-8") == manifest(REPO, input_files(Paths(REPO)))
