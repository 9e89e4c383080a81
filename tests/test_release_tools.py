"""``pamc stats``, ``show`` and ``fidelity`` on a published release (``--release PATH``), as a user who has only
the release folder runs them: the real entry point, in a folder outside any checkout, on a copy of a release
that lies outside the checkout too (so that nothing can fall back to the checkout's files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

TIMEOUT = 120
DAMAGED = "the release is damaged: run `pamc verify`"


class Answer:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def one_line_error(self, code: int = 1) -> str:
        """The answer is exit ``code`` with one line on stderr, nothing on stdout, no traceback: that line."""
        assert self.code == code, (self.code, self.out, self.err)
        assert "Traceback" not in self.out + self.err
        assert self.out == "", self.out
        assert self.err.count("\n") == 1, self.err
        return self.err.rstrip("\n")


def pamc(*args: str, cwd: Path) -> Answer:
    """``python -m pamc.cli ARGS`` run from ``cwd`` with no $PAMC_ROOT."""
    env = {k: v for k, v in os.environ.items() if k != "PAMC_ROOT"}
    return Answer(subprocess.run([sys.executable, "-m", "pamc.cli", *args], cwd=cwd, env=env, capture_output=True,
                                 text=True, timeout=TIMEOUT, check=False))


@pytest.fixture(scope="session")
def outside(tmp_path_factory) -> Path:
    """A working folder outside the checkout (no annotations/ nor raw/ above it)."""
    here = tmp_path_factory.mktemp("elsewhere")
    assert not here.resolve().is_relative_to(REPO.resolve())
    assert not any((p / "annotations").is_dir() and (p / "raw").is_dir() for p in (here, *here.parents))
    return here


@pytest.fixture(scope="session")
def downloaded(real_release: Path, tmp_path_factory) -> Path:
    """A copy of the real release, as downloaded from the Hub: outside the checkout, away from its sources."""
    copy = tmp_path_factory.mktemp("downloaded") / "putin-assad-meetings-corpus"
    shutil.copytree(real_release, copy)
    assert not copy.resolve().is_relative_to(REPO.resolve())
    assert not (copy.parent / "annotations").exists() and not (copy.parent / "raw").exists()
    return copy


@pytest.fixture(scope="session")
def checkout(real_release: Path) -> Path:
    """The checkout the release was built from."""
    return real_release.parent.parent


@pytest.fixture
def damaged_copy(downloaded: Path, tmp_path: Path):
    """A fresh copy of the release to damage, and a function that replaces one line of one of its tables."""
    copy = tmp_path / "release"
    shutil.copytree(downloaded, copy)

    def damage(table: str, number: int, text: str) -> None:
        path = copy / "jsonl" / f"{table}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[number - 1] = text + "\n"
        path.write_text("".join(lines), encoding="utf-8")

    return copy, damage


def test_stats_of_a_release_equals_stats_of_the_checkout(downloaded, checkout, outside):
    on_release = pamc("stats", "--release", str(downloaded), cwd=outside)
    on_checkout = pamc("stats", "--root", str(checkout), cwd=outside)
    assert on_release.code == on_checkout.code == 0, on_release.err + on_checkout.err
    assert on_release.out == on_checkout.out
    assert on_release.out.startswith("documents 5, annotated 5, ")


def _show_parts(output: str) -> tuple[str, dict, str]:
    """(the lines before the fields: place and context, the fields, the passage and alignment lines after)."""
    head, rest = output.split("\n{\n", 1)
    fields, tail = ("{\n" + rest).split("\n}\n", 1)
    return head, json.loads(fields + "\n}"), tail


@pytest.mark.parametrize("utterance", ["kremlin-2018-05-17-sochi.u001", "schiller-2017-11-21-sochi.u009",
                                       "syria-times-sochi-summit.u035"])
def test_show_on_a_release_shows_the_fields_it_shows_on_the_checkout(downloaded, checkout, outside, utterance):
    on_release = pamc("show", "--release", str(downloaded), utterance, "--context", "40", cwd=outside)
    on_checkout = pamc("show", "--root", str(checkout), utterance, "--context", "40", cwd=outside)
    assert on_release.code == on_checkout.code == 0, on_release.err + on_checkout.err
    head, fields, tail = _show_parts(on_release.out)
    checkout_head, checkout_fields, checkout_tail = _show_parts(on_checkout.out)
    assert head == checkout_head  # the place and the text in context
    assert {k: fields.get(k) for k in checkout_fields} == checkout_fields  # every field, plus the release's own
    assert fields["document"] == utterance.rsplit(".", 1)[0]
    assert tail == checkout_tail  # the passages it witnesses, its alignments and the passages each renders
    assert "alignment a" in tail


def test_show_on_a_release_lists_passages_and_what_alignments_render(downloaded, outside):
    out = pamc("show", "--release", str(downloaded), "kremlin-2018-05-17-sochi.u001", cwd=outside).out
    assert "passage p0020 [197:367]: During our today" in out
    assert "alignment a0001: syria-times-sochi-summit.u001 -> kremlin-2018-05-17-sochi.u001 paraphrase (strong), " \
           "renders p0020" in out


def test_show_of_an_unknown_id_on_a_release_suggests_ids_as_on_the_checkout(downloaded, checkout, outside):
    on_release = pamc("show", "--release", str(downloaded), "schiller-2017-11-21-sochi.u099", cwd=outside)
    on_checkout = pamc("show", "--root", str(checkout), "schiller-2017-11-21-sochi.u099", cwd=outside)
    line = on_release.one_line_error(1)
    assert line == on_checkout.one_line_error(1)
    assert line.startswith("error: no utterance 'schiller-2017-11-21-sochi.u099'; in that document: "
                           "schiller-2017-11-21-sochi.u001, ")


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_fidelity_of_a_release_equals_fidelity_of_the_checkout(downloaded, checkout, outside, fmt):
    on_release = pamc("fidelity", "--release", str(downloaded), "--format", fmt, cwd=outside)
    on_checkout = pamc("fidelity", "--root", str(checkout), "--format", fmt, cwd=outside)
    assert on_release.code == on_checkout.code == 0, on_release.err + on_checkout.err
    assert on_release.out == on_checkout.out
    if fmt == "json":
        assert json.loads(on_release.out)["candidates"]["evaluated"] > 0


@pytest.mark.parametrize("command", ["stats", "show", "fidelity"])
def test_help_mentions_release(command, outside):
    answer = pamc(command, "--help", cwd=outside)
    assert answer.code == 0 and "--release" in answer.out


COMMANDS = [["stats"], ["show", "kremlin-2018-05-17-sochi.u001"], ["fidelity"]]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("what", ["empty", "missing", "no-sums", "no-jsonl", "a-file"])
def test_a_folder_that_is_not_a_release_is_one_line(command, what, downloaded, tmp_path, outside):
    folder = tmp_path / "folder"
    if what == "empty":
        folder.mkdir()
    elif what == "no-sums":
        shutil.copytree(downloaded, folder)
        (folder / "SHA256SUMS").unlink()
    elif what == "no-jsonl":
        shutil.copytree(downloaded, folder)
        shutil.rmtree(folder / "jsonl")
    elif what == "a-file":
        folder.write_text("not a folder\n")
    line = pamc(*command, "--release", str(folder), cwd=outside).one_line_error(1)
    assert line == (f"error: not a release directory: {folder} has no jsonl/ tables; give the folder of one "
                    "published version, e.g. dist/2.0.0")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_line_is_one_line_naming_the_file_and_line(command, damaged_copy, outside):
    copy, damage = damaged_copy
    damage("utterances", 3, '{"id": "kremlin-2017-12-11-khmeimim.u003", "mode": ')
    line = pamc(*command, "--release", str(copy), cwd=outside).one_line_error(1)
    assert line.startswith(f"error: {copy}/jsonl/utterances.jsonl:3: not valid JSON (")
    assert line.endswith(f"); {DAMAGED}")


@pytest.mark.parametrize("table,text,says", [
    ("utterances", b"[1, 2]", "not a JSON object"),
    ("utterances", b'{"id": "x"}', "the row has no column 'document'"),
    ("utterances", b'{"id": "x", "document": "kremlin-2018-05-17-sochi", "mode": "transcript_turn", "speaker": "a", '
                   b'"text": 3, "start": 0, "end": 1, "dialogue_acts": []}', "column 'text' is not text"),
    ("documents", b"\xff{}", "not UTF-8 text"),
    ("alignments", b"9" * 5000, "not valid JSON ("),
])
@pytest.mark.parametrize("command", COMMANDS)
def test_other_damage_is_one_line_too(table, text, says, command, damaged_copy, outside):
    copy, _ = damaged_copy
    path = copy / "jsonl" / f"{table}.jsonl"
    path.write_bytes(text + b"\n" + path.read_bytes())
    line = pamc(*command, "--release", str(copy), cwd=outside).one_line_error(1)
    assert line.startswith(f"error: {copy}/jsonl/{table}.jsonl:1: {says}"), line
    assert line.endswith(DAMAGED)


def test_a_missing_table_is_one_line(damaged_copy, outside):
    copy, _ = damaged_copy
    (copy / "jsonl" / "utterances.jsonl").unlink()
    line = pamc("stats", "--release", str(copy), cwd=outside).one_line_error(1)
    assert line == f"error: {copy}/jsonl/utterances.jsonl: missing or not a file; {DAMAGED}"


def test_a_release_older_than_passages_still_shows(damaged_copy, outside):
    """A release made before the passages table: none listed in its SHA256SUMS, none in its folder."""
    copy, _ = damaged_copy
    (copy / "jsonl" / "passages.jsonl").unlink()
    sums = copy / "SHA256SUMS"
    sums.write_text("".join(l for l in sums.read_text().splitlines(keepends=True) if "passages" not in l))
    answer = pamc("show", "--release", str(copy), "kremlin-2018-05-17-sochi.u001", cwd=outside)
    assert answer.code == 0, answer.err
    assert "passage p0020" not in answer.out and "alignment a0001" in answer.out


@pytest.mark.parametrize("command", COMMANDS)
def test_root_and_release_together_are_a_usage_error(command, downloaded, checkout, outside):
    answer = pamc(*command, "--root", str(checkout), "--release", str(downloaded), cwd=outside)
    assert answer.code == 2, answer.err
    assert "--root and --release cannot be used together" in answer.err
    assert answer.out == "" and "Traceback" not in answer.err


def test_published_releases_in_dist_can_be_read(outside):
    """Every release published in dist/ (older ones without the passages table) is read, not written."""
    dist = REPO / "dist"
    releases = sorted(p for p in dist.glob("*") if (p / "jsonl").is_dir()) if dist.is_dir() else []
    if not releases:
        pytest.skip("no published release in dist/")
    for release in releases:
        answer = pamc("stats", "--release", str(release), cwd=outside)
        assert answer.code == 0, (release, answer.err)
        assert answer.out.startswith("documents ")
        answer = pamc("fidelity", "--release", str(release), cwd=outside)  # older relays: the outlets' ids
        assert answer.code == 0, (release, answer.err)
