"""Fuzzing the validator: damaged annotation files give findings and exit 1, never a crash, never a write.

CI runs a bounded number of examples with a fixed seed (profile "ci"); set HYPOTHESIS_PROFILE=long locally
for a longer run. bench/fuzz_report.py prints how many mutated inputs were rejected or accepted.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamc.io.paths import Paths
from pamc.checks.validate import has_errors, validate

from .conftest import FIXTURES, REPO, copy_inputs, tree_digest
from .mutations import data_mutation, text_mutation

settings.register_profile("ci", max_examples=60, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def changed_fields(before: dict, after: dict) -> set[str]:
    """Names of the fields (at any depth) whose values differ between two sets of release tables."""
    def walk(a, b, name=""):
        if isinstance(a, dict) and isinstance(b, dict):
            for k in set(a) | set(b):
                yield from walk(a.get(k), b.get(k), k)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for x, y in zip(a, b):
                yield from walk(x, y, name)
        elif a != b:
            yield name
    return set(walk(before, after))


def tables(root: Path) -> dict:
    """The release tables a corpus would publish, keyed by row id (to compare accepted damage)."""
    from pamc.release.tables import build_tables

    corpus, _ = validate(Paths(root))
    return {name: {f"{r.get('vocabulary', '')}:{r['id']}": r for r in rows}
            for name, rows in build_tables(corpus).items()}


def check_mutation(mutate, seed: int) -> tuple[str, bool, bool]:
    """Damage a copy of the valid corpus: (what was done, must it be rejected, was it accepted)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_inputs(FIXTURES / "valid", Path(tmp) / "corpus")
        (root / "dist").mkdir()
        label, must_reject = mutate(root, random.Random(seed))
        before = tree_digest(root / "dist")
        _, findings = validate(Paths(root))          # must not raise, whatever the damage
        assert tree_digest(root / "dist") == before  # validation never writes
        accepted = not has_errors(findings)
        assert not (must_reject and accepted), label
        return label, must_reject, accepted


@given(st.integers(min_value=0, max_value=2**32))
def test_text_damage_is_reported_not_raised(seed):
    check_mutation(text_mutation, seed)


@given(st.integers(min_value=0, max_value=2**32))
def test_data_damage_is_reported_not_raised(seed):
    check_mutation(data_mutation, seed)


def _limited_validate(root: Path) -> subprocess.CompletedProcess:
    def limit():  # a hang or runaway allocation fails the test instead of the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    return subprocess.run([sys.executable, str(REPO / "build_dataset.py"), "validate", "--root", str(root)],
                          capture_output=True, text=True, timeout=120, preexec_fn=limit, check=False)


def test_a_billion_laughs_bomb_is_refused_within_bounded_memory(valid_corpus):
    bomb = ["vocabulary: topics", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    (valid_corpus / "annotations/vocabularies/topics.yaml").write_text("\n".join(bomb) + "\n")
    proc = _limited_validate(valid_corpus)
    assert proc.returncode == 1 and "[yaml-alias]" in proc.stdout


def test_a_huge_file_is_refused_without_reading_it(valid_corpus):
    path = valid_corpus / "annotations/entities.yaml"
    with open(path, "r+b") as fh:
        fh.truncate(3 * 1024**3)  # sparse: 3 GB claimed, no disk used; reading it would break the memory limit
    proc = _limited_validate(valid_corpus)
    assert proc.returncode == 1 and "[file-too-large]" in proc.stdout


def test_a_symlink_to_a_file_outside_the_repository_is_refused(valid_corpus, tmp_path):
    outside = tmp_path / "outside.yaml"
    shutil.copy2(valid_corpus / "annotations/persons.yaml", outside)
    (valid_corpus / "annotations/persons.yaml").unlink()
    os.symlink(outside, valid_corpus / "annotations/persons.yaml")
    proc = _limited_validate(valid_corpus)
    assert proc.returncode == 1 and "[file-symlink]" in proc.stdout
