"""One canonical layout for the hand-edited files: fmt rewrites without changing content, --check enforces it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pamc.io.fmt import canonical

from .conftest import FIXTURES, REPO, run

FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "annotations").rglob("*.yaml"))


@pytest.mark.parametrize("rel", FILES)
def test_load_dump_load_is_identity(rel):
    text = (REPO / rel).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert yaml.safe_load(canonical(text, data, rel)) == data


def test_the_committed_annotations_are_canonical():
    result = run("fmt", "--root", str(REPO), "--check")
    assert result.exit_code == 0, result.output


def test_fmt_rewrites_a_reordered_file_and_keeps_its_content_and_header(valid_corpus: Path):
    path = valid_corpus / "annotations/persons.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shuffled = "# persons of the fixture\n" + yaml.safe_dump([dict(reversed(list(p.items()))) for p in data],
                                                              allow_unicode=True)
    path.write_text(shuffled, encoding="utf-8")
    check = run("fmt", "--root", str(valid_corpus), "--check")
    assert check.exit_code == 1 and "+- id: vladimir-putin" in check.output
    assert run("fmt", "--root", str(valid_corpus)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# persons of the fixture\n- id: vladimir-putin\n")
    assert yaml.safe_load(text) == data
    assert run("fmt", "--root", str(valid_corpus), "--check").exit_code == 0


def test_fmt_refuses_to_drop_a_comment(valid_corpus: Path):
    path = valid_corpus / "annotations/persons.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- id: press", "# the press is a group\n- id: press"), encoding="utf-8")
    result = run("fmt", "--root", str(valid_corpus))
    assert result.exit_code == 1 and "would be lost" in result.output
    assert "# the press is a group" in path.read_text(encoding="utf-8")


def test_fmt_leaves_invalid_files_alone_and_reports_them(valid_corpus: Path):
    fixture = FIXTURES / "invalid/schema-unknown-field/annotations/documents/kremlin-mini.yaml"
    target = valid_corpus / "annotations/documents/kremlin-mini.yaml"
    target.write_bytes(fixture.read_bytes())
    result = run("fmt", "--root", str(valid_corpus))
    assert result.exit_code == 1 and "[schema-unknown-field]" in result.output
    assert target.read_bytes() == fixture.read_bytes()
