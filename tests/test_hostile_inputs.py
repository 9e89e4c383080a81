"""Hostile input, careless contributors, OS faults and races: every case gets a clean answer.

Each test damages a copy of the real checkout the way a contributor or an attacker could, runs the real command
line as a separate process (memory-capped, with a timeout) and asserts the documented exit code, no traceback,
no crash signal, the damaged file named in the message, and dist/ untouched wherever nothing may be published.
The cases numbered 1-16 are the defects of issue 16; the others are further cases of the same classes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from .conftest import REPO, copy_inputs
from .hostile import add_changelog_entry, dist_state, pamc

SOCHI = "annotations/documents/kremlin-2018-05-17-sochi.yaml"
SCHILLER = "annotations/documents/schiller-2017-11-21-sochi.yaml"
LIST_FILES = ["annotations/documents.yaml", "annotations/events.yaml", "annotations/persons.yaml",
              "annotations/entities.yaml"]
MAPPING_FILES = [SOCHI, "annotations/alignments.yaml", "annotations/vocabularies/topics.yaml"]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the real checkout with the last published release in its dist/ (which nothing may touch)."""
    root = copy_inputs(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "dist" / "1.3.1", root / "dist" / "1.3.1")
    return root


def build(root: Path, version: str = "1.4.0", *extra: str):
    return pamc("build", "--root", str(root), "--version", version, *extra)


def refused_build(root: Path, names: str | None = None, version: str = "1.4.0") -> str:
    """A build that must publish nothing: exit 1, clean message naming ``names``, dist/ exactly as before."""
    before = dist_state(root)
    answer = build(root, version)
    answer.assert_clean(1, names=names)
    assert dist_state(root) == before, "a refused build changed dist/"
    return answer.output


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# 1. ---------------------------------------------------------------------------------------------------------

def test_many_documents_with_worker_processes_give_the_same_findings_as_one_process(checkout):
    """16+ files use the worker pool; records holding a translation once could not be rebuilt in the parent,
    whose result thread died and left it waiting forever."""
    for i in range(18):
        shutil.copy(checkout / SOCHI, checkout / f"annotations/documents/zz-{i:02}.yaml")
    pooled = pamc("validate", "--root", str(checkout), "--jobs", "2", timeout=120)
    single = pamc("validate", "--root", str(checkout), "--jobs", "1", timeout=120)
    pooled.assert_clean(1, names="annotations/documents/zz-17.yaml")
    assert pooled.stdout == single.stdout


def test_many_valid_documents_added_as_the_contributing_guide_says_validate_cleanly_in_parallel(checkout):
    """Documents added the documented way (raw file, documents.yaml record, annotation file) with a worker
    per CPU: no hang, 0 errors, the same result as one process."""
    source = (checkout / SOCHI).read_text(encoding="utf-8")
    raw = checkout / "raw/kremlin_2018-05-17_sochi_statements-following-talks.txt"
    record = (checkout / "annotations/documents.yaml").read_text(encoding="utf-8")
    start = record.index("- id: kremlin-2018-05-17-sochi")
    end = record.find("\n- id:", start + 1)
    block = record[start:end if end > 0 else len(record)].rstrip("\n") + "\n"
    extra = []
    for i in range(17):
        doc = f"kremlin-2018-05-17-sochi-copy{i:02}"
        shutil.copy(raw, checkout / f"raw/copy{i:02}.txt")
        extra.append(block.replace("kremlin-2018-05-17-sochi", doc)
                     .replace("raw/kremlin_2018-05-17_sochi_statements-following-talks.txt", f"raw/copy{i:02}.txt"))
        (checkout / f"annotations/documents/{doc}.yaml").write_text(
            source.replace("kremlin-2018-05-17-sochi", doc), encoding="utf-8")
    with (checkout / "annotations/documents.yaml").open("a", encoding="utf-8") as fh:
        fh.write("".join(extra))
    pooled = pamc("validate", "--root", str(checkout), "--jobs", "2", timeout=120)
    single = pamc("validate", "--root", str(checkout), "--jobs", "1", timeout=120)
    assert single.returncode in (0, 1) and "Traceback" not in single.output
    assert (pooled.returncode, pooled.stdout) == (single.returncode, single.stdout)
    assert "[id-" not in pooled.stdout and "[raw-" not in pooled.stdout, pooled.stdout[-2000:]


# 2. ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "build"])
def test_an_utterance_ending_one_past_the_raw_text_is_a_finding(checkout, command):
    edit(checkout, SCHILLER, "    end: 5515\n", "    end: 5516\n")
    add_changelog_entry(checkout)
    if command == "build":
        output = refused_build(checkout, SCHILLER)
    else:
        answer = pamc("validate", "--root", str(checkout))
        answer.assert_clean(1, names=SCHILLER)
        output = answer.output
    assert "[span-out-of-bounds]" in output


@pytest.mark.parametrize("field,value", [("start", "-1"), ("end", "99999999999999999999999"),
                                         ("start", "5600"), ("end", "0")])
def test_utterance_offsets_anywhere_are_findings(checkout, field, value):
    line = "    start: 5423\n" if field == "start" else "    end: 5515\n"
    edit(checkout, SCHILLER, line, f"    {field}: {value}\n")
    pamc("validate", "--root", str(checkout)).assert_clean(1, names=SCHILLER)


# 3. ---------------------------------------------------------------------------------------------------------

def test_a_backup_copy_of_an_annotation_file_is_refused_by_build_as_by_validate(checkout):
    shutil.copy(checkout / SOCHI, checkout / "annotations/documents/kremlin-2018-05-17-sochi.bak.yaml")
    add_changelog_entry(checkout)
    output = refused_build(checkout, "kremlin-2018-05-17-sochi.bak.yaml")
    assert "[file-document-mismatch]" in output or "[id-duplicate]" in output


# 4. ---------------------------------------------------------------------------------------------------------

DEEP = {
    "flow lists": "[" * 25_000 + "]" * 25_000,
    "flow mappings": "{a: " * 25_000 + "}" * 25_000,
    "block lists": "- " * 25_000 + "x",
    "mixed": "[{a: " * 12_500 + "}]" * 12_500,
}


@pytest.mark.parametrize("shape", DEEP)
@pytest.mark.parametrize("rel", [*LIST_FILES[:1], *MAPPING_FILES])
def test_deep_nesting_is_refused_before_it_is_composed(checkout, rel, shape):
    (checkout / rel).write_text(DEEP[shape] + "\n", encoding="utf-8")
    pamc("validate", "--root", str(checkout), timeout=60).assert_clean(1, names=rel)


def test_deep_nesting_inside_a_record_is_refused_by_build_without_leaving_a_temporary_directory(checkout):
    edit(checkout, SOCHI, "    relay: []\n", "    relay: " + "[" * 25_000 + "]" * 25_000 + "\n")
    add_changelog_entry(checkout)
    output = refused_build(checkout, SOCHI)
    assert "[yaml-too-deep]" in output


def test_deep_nesting_in_an_agreement_pass_is_refused(checkout):
    rel = "agreement/second-pass/kremlin-2018-05-17-sochi.yaml"
    (checkout / rel).write_text("[" * 25_000 + "]" * 25_000 + "\n", encoding="utf-8")
    add_changelog_entry(checkout)
    refused_build(checkout, rel)
    answer = pamc("agreement", str(checkout / "agreement/first-pass"), str(checkout / "agreement/second-pass"))
    answer.assert_clean(1, names="kremlin-2018-05-17-sochi.yaml")


# 5. ---------------------------------------------------------------------------------------------------------

def test_a_scalar_alias_bomb_is_refused_within_bounded_memory(checkout):
    """One 1 MB string with an anchor, referenced two million times in a record that fails the schema."""
    big = "x" * 1_000_000
    refs = ", ".join(["*s"] * 2_000_000)
    text = (checkout / SOCHI).read_text(encoding="utf-8")
    text = text.replace("    relay: []\n", f"    relay: [&s \"{big}\", {refs}]\n", 1)
    (checkout / SOCHI).write_text(text, encoding="utf-8")
    answer = pamc("validate", "--root", str(checkout), memory=2 << 30, timeout=120)
    answer.assert_clean(1, names=SOCHI)
    assert "[yaml-alias]" in answer.output


@pytest.mark.parametrize("rel", [LIST_FILES[1], "annotations/vocabularies/topics.yaml", "annotations/alignments.yaml"])
def test_any_alias_is_refused_in_any_annotation_file(checkout, rel):
    """Even an alias of one short text: no annotation file needs one."""
    lines = (checkout / rel).read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if "id: " in line)
    lines[first] = lines[first].replace("id: ", "id: &a ", 1)
    lines.append("- *a" if lines[0].startswith("- ") or lines[first].startswith("- ") else "extra: *a")
    (checkout / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1, names=rel)
    assert "[yaml-alias]" in answer.output


# 6, 7. --------------------------------------------------------------------------------------------------------

@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("a file outside the repository\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("rel", ["raw/evil.txt", "annotations/extra.yaml", "CHANGELOG.md", "CITATION.cff",
                                 "agreement/first-pass/extra.yaml"])
def test_a_symlink_to_a_file_outside_the_repository_is_refused(checkout, secret, rel):
    add_changelog_entry(checkout)
    if rel == "CHANGELOG.md":
        shutil.copy(checkout / rel, secret)  # the same text, but outside
    (checkout / rel).unlink(missing_ok=True)
    os.symlink(secret, checkout / rel)
    output = refused_build(checkout, rel)
    assert "outside the repository" in output
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in output


@pytest.mark.parametrize("rel", ["raw", "annotations/documents", "annotations", "agreement",
                                 "annotations/vocabularies"])
def test_a_symlinked_directory_pointing_outside_the_repository_is_refused(checkout, tmp_path, rel):
    outside = tmp_path / "elsewhere"
    shutil.move(checkout / rel, outside)
    os.symlink(outside, checkout / rel)
    add_changelog_entry(checkout)
    output = refused_build(checkout, rel)
    assert "outside the repository" in output
    pamc("validate", "--root", str(checkout)).assert_clean(1, names=rel)


def test_a_symlink_inside_the_repository_is_refused_too(checkout):
    """Annotation inputs are regular files: a link would publish one file's bytes under two names."""
    os.symlink("kremlin_2018-05-17_sochi_statements-following-talks.txt", checkout / "raw/alias.txt")
    add_changelog_entry(checkout)
    refused_build(checkout, "raw/alias.txt")


# 8. ---------------------------------------------------------------------------------------------------------

def test_two_builds_of_one_version_at_once_publish_it_once_and_neither_crashes(checkout):
    add_changelog_entry(checkout)
    answers = [None, None]

    def run(i: int) -> None:
        answers[i] = build(checkout)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a in answers:
        assert a.returncode in (0, 1) and "Traceback" not in a.output, a.output
    assert any(a.returncode == 0 for a in answers)
    assert sorted(p.name for p in (checkout / "dist").iterdir()) == ["1.3.1", "1.4.0"]
    pamc("verify", "--root", str(checkout), "1.4.0").assert_clean(0)


def test_a_release_published_by_another_build_meanwhile_is_reported_not_raised(checkout, monkeypatch):
    """The loser of the race: its final rename finds the version taken (ENOTEMPTY)."""
    from click.testing import CliRunner

    from pamc.cli import cli

    add_changelog_entry(checkout)
    real_rename = os.rename

    def rename(src, dst):
        if str(dst).endswith("1.4.0") and ".tmp-" in str(src):
            raise OSError(errno.ENOTEMPTY, "Directory not empty", str(dst))
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    before = dist_state(checkout)
    result = CliRunner().invoke(cli, ["build", "--root", str(checkout), "--version", "1.4.0"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "published meanwhile" in result.output and "dist/1.4.0" in result.output
    assert dist_state(checkout) == before


# 9, 10. -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code,words", [(errno.EROFS, "read-only"), (errno.ENOSPC, "no space left"),
                                        (errno.EACCES, "permission denied"), (errno.EDQUOT, "quota")])
def test_an_os_error_while_writing_a_release_is_one_line_naming_the_path(checkout, monkeypatch, code, words):
    from click.testing import CliRunner

    from pamc.cli import cli

    add_changelog_entry(checkout)
    real_open = open
    import io

    def failing_open(file, mode="r", *args, **kwargs):
        if ".tmp-1.4.0" in str(file) and ("w" in mode or "a" in mode):
            raise OSError(code, os.strerror(code), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    monkeypatch.setattr(io, "open", failing_open)  # pathlib opens through io.open
    before = dist_state(checkout)
    result = CliRunner().invoke(cli, ["build", "--root", str(checkout), "--version", "1.4.0"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and words in error_lines[0].lower() and "dist" in error_lines[0], result.output
    assert dist_state(checkout) == before
    assert not [p for p in (checkout / "dist").iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories; the monkeypatched case covers it")
def test_a_read_only_dist_is_one_line(checkout):
    add_changelog_entry(checkout)
    os.chmod(checkout / "dist", 0o555)
    try:
        answer = build(checkout)
    finally:
        os.chmod(checkout / "dist", 0o755)
    answer.assert_clean(1, names="dist")


# 11, 12, 13. ------------------------------------------------------------------------------------------------

def test_a_raw_file_name_that_is_not_utf8_is_refused_with_its_name_escaped(checkout):
    name = os.fsencode(checkout / "raw") + b"/bad\xff.txt"
    with open(name, "wb") as fh:
        fh.write(b"text\n")
    add_changelog_entry(checkout)
    output = refused_build(checkout, "raw/bad\\xff.txt")
    assert "bad\udcff" not in output


@pytest.mark.parametrize("name", ["evil\n-- forged.txt", "esc\x1b[31mred.txt", "tab\there.txt"])
def test_a_raw_file_name_with_control_characters_is_refused_and_printed_escaped(checkout, name):
    (checkout / "raw" / name).write_text("text\n", encoding="utf-8")
    add_changelog_entry(checkout)
    output = refused_build(checkout)
    assert name not in output and repr(name)[1:-1].replace("\\\\", "\\") in output.replace("\\\\", "\\")
    assert "\x1b" not in output
    for line in output.splitlines():
        assert not line.startswith("-- forged")


def test_an_annotation_file_name_with_a_newline_cannot_forge_finding_lines(checkout):
    shutil.copy(checkout / SOCHI, checkout / "annotations/documents/x\ny.yaml:1:1: [fake] ok.yaml")
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1)
    assert not any(line.startswith("y.yaml:1:1: [fake]") for line in answer.output.splitlines())
    assert "x\\ny.yaml" in answer.output


# 14. --------------------------------------------------------------------------------------------------------

@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    shutil.copytree(REPO / "dist" / "1.3.1", dist / "1.3.1")
    shutil.copytree(REPO / "dist" / "1.3.0", dist / "1.3.0")
    return dist


@pytest.mark.parametrize("content", [b"\xff\xfe garbage\n", b"no two spaces here\n", b"abc  \n",
                                     b"0" * 64 + b"  ../../../etc/passwd\n", b"0" * 64 + b"  /etc/passwd\n",
                                     b"0" * 64 + b"  data/../../outside\n", b"", b"\x00" * 100])
def test_verify_reports_a_damaged_manifest_in_one_line(release_copy, content):
    (release_copy / "1.3.1" / "SHA256SUMS").write_bytes(content)
    answer = pamc("verify", "--dist", str(release_copy), "1.3.1")
    answer.assert_clean(1, names="SHA256SUMS")


def test_verify_refuses_a_release_file_replaced_by_a_symlink(release_copy, secret):
    target = release_copy / "1.3.1" / "CITATION.cff"
    target.unlink()
    os.symlink(secret, target)
    pamc("verify", "--dist", str(release_copy), "1.3.1").assert_clean(1, names="CITATION.cff")


def test_verify_accepts_an_intact_release(release_copy):
    pamc("verify", "--dist", str(release_copy), "1.3.1").assert_clean(0)


# 15. --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", [b"{not json\n", b"\xff\xfe\n", b"[1, 2]\n", b'{"no_id": 1}\n'])
def test_diff_reports_a_damaged_table_and_exits_1(release_copy, damage):
    path = release_copy / "1.3.1" / "jsonl" / "utterances.jsonl"
    path.write_bytes(path.read_bytes() + damage)
    answer = pamc("diff", "--dist", str(release_copy), "1.3.0", "1.3.1")
    answer.assert_clean(1, names="utterances.jsonl")


def test_diff_exits_1_when_a_table_file_is_missing(release_copy):
    (release_copy / "1.3.1" / "jsonl" / "mentions.jsonl").unlink()
    pamc("diff", "--dist", str(release_copy), "1.3.0", "1.3.1").assert_clean(1, names="mentions.jsonl")


def test_diff_of_intact_releases_exits_0(release_copy):
    pamc("diff", "--dist", str(release_copy), "1.3.0", "1.3.1").assert_clean(0)


# 16. --------------------------------------------------------------------------------------------------------

def test_fmt_keeps_the_header_comment_of_a_file_that_starts_with_a_bom(checkout):
    path = checkout / SOCHI
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    answer = pamc("fmt", "--root", str(checkout), str(path))
    assert answer.returncode in (0, 1) and "Traceback" not in answer.output
    text = path.read_bytes().decode("utf-8").lstrip("\ufeff")
    assert text.startswith("# Annotations of kremlin-2018-05-17-sochi")


# Weak spots named in issue 16 ---------------------------------------------------------------------------------

def test_excerpts_that_look_alike_are_shown_with_their_code_points(checkout):
    text = (checkout / SOCHI).read_text(encoding="utf-8")
    # the speaker label's no-break space written as a plain space: both print the same
    edit(checkout, SOCHI, 'text: "President of\\u00a0Russia Vladimir Putin"', 'text: "President of Russia Vladimir Putin"')
    assert text != (checkout / SOCHI).read_text(encoding="utf-8")
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1, names=SOCHI)
    assert "U+00A0" in answer.output and "U+0020" in answer.output


def test_the_root_cause_is_listed_before_what_follows_from_it(checkout):
    """A broken persons.yaml makes every speaker unknown: the file's own problem comes first."""
    (checkout / "annotations/persons.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1)
    lines = [line for line in answer.stdout.splitlines() if "[" in line]
    assert "annotations/persons.yaml" in lines[0] and "[yaml-syntax]" in lines[0], lines[:3]


def test_build_shows_warnings(checkout):
    shutil.copy(checkout / "raw/kremlin_2018-05-17_sochi_statements-following-talks.txt", checkout / "raw/unlisted.txt")
    add_changelog_entry(checkout)
    answer = build(checkout)
    # an unlisted raw file is a warning: the build may publish, but says so
    assert "raw/unlisted.txt" in answer.output and "warning" in answer.output, answer.output


@pytest.mark.parametrize("char,name", [("\x07", "U+0007"), ("\u0085", "U+0085"), ("\u2028", "U+2028"), ("\r", "U+000D")])
def test_control_characters_and_unusual_line_breaks_are_located_on_their_line_and_named(checkout, char, name):
    rel = "annotations/persons.yaml"
    lines = (checkout / rel).read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9] + char + " "
    (checkout / rel).write_bytes("\n".join(lines).encode("utf-8"))
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1, names=f"{rel}:10:")
    assert name in answer.output


def test_a_too_long_note_says_it_is_too_long(checkout):
    edit(checkout, "annotations/persons.yaml", "  note: null", "  note: \"" + "x" * 5000 + "\"")
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1, names="annotations/persons.yaml")
    assert "not of type 'null'" not in answer.output and "long" in answer.output


def test_an_empty_version_directory_is_not_reported_as_published(checkout):
    (checkout / "dist/1.4.0").mkdir()
    add_changelog_entry(checkout)
    answer = build(checkout)
    answer.assert_clean(1, names="dist/1.4.0")
    assert "already published" not in answer.output and "empty" in answer.output
    assert list((checkout / "dist/1.4.0").iterdir()) == []


# Further cases of the same classes -----------------------------------------------------------------------------

@pytest.mark.parametrize("rel", [SOCHI, "annotations/persons.yaml", "raw/kremlin_2018-05-17_sochi_statements-following-talks.txt"])
def test_a_fifo_in_place_of_an_input_is_refused_without_hanging(checkout, rel):
    (checkout / rel).unlink()
    os.mkfifo(checkout / rel)
    add_changelog_entry(checkout)
    pamc("validate", "--root", str(checkout), timeout=60).assert_clean(1, names=rel)
    refused_build(checkout, rel)


def test_a_directory_in_place_of_a_raw_file_is_refused(checkout):
    rel = "raw/kremlin_2018-05-17_sochi_statements-following-talks.txt"
    (checkout / rel).unlink()
    (checkout / rel).mkdir()
    add_changelog_entry(checkout)
    refused_build(checkout, rel)


def test_a_changelog_that_is_not_utf8_is_refused(checkout):
    add_changelog_entry(checkout)
    with (checkout / "CHANGELOG.md").open("ab") as fh:
        fh.write(b"\xff\xfe broken\n")
    refused_build(checkout, "CHANGELOG.md")


@pytest.mark.parametrize("version", ["../../escape", "1.4.0/../../x", "1.4", "01.4.0", "1.4.0\n"])
def test_a_malformed_version_is_refused_before_validation(checkout, version):
    answer = build(checkout, version)
    answer.assert_clean(2)  # a usage error, found before any work
    assert "MAJOR.MINOR.PATCH" in answer.output and "validating" not in answer.output


def test_a_dist_that_is_a_file_is_one_line(checkout):
    shutil.rmtree(checkout / "dist")
    (checkout / "dist").write_text("not a directory\n")
    add_changelog_entry(checkout)
    answer = build(checkout)
    answer.assert_clean(1, names="dist")


@pytest.mark.parametrize("text", ["", "\ufeff", "---\n...\n", "a: 1\n---\nb: 2\n", "\t- x\n", "? [a, b]\n: c\n",
                                  "document: x\nutterances: !!set {a, b}\n", "!!binary aGVsbG8=\n",
                                  "document: " + "9" * 5000 + "\n"])
def test_odd_yaml_in_a_document_file_is_a_finding(checkout, text):
    (checkout / SOCHI).write_text(text, encoding="utf-8")
    pamc("validate", "--root", str(checkout)).assert_clean(1, names=SOCHI)


def test_crlf_line_endings_do_not_change_the_findings(checkout):
    path = checkout / SOCHI
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    pamc("validate", "--root", str(checkout)).assert_clean(0)


@pytest.mark.parametrize("command", [["stats"], ["show", "kremlin-2018-05-17-sochi.u001"], ["fidelity"],
                                     ["locate", "kremlin-2018-05-17-sochi", "Putin"]])
def test_tools_outside_a_checkout_say_so_in_one_line(tmp_path, command):
    answer = pamc(*command, cwd=tmp_path)
    answer.assert_clean(1)
    assert "not a corpus checkout" in answer.output
    assert answer.output.count("\n") <= 2, answer.output


def test_locate_with_a_missing_raw_file_is_one_line(checkout):
    (checkout / "raw/kremlin_2018-05-17_sochi_statements-following-talks.txt").unlink()
    answer = pamc("locate", "--root", str(checkout), "kremlin-2018-05-17-sochi", "Putin")
    answer.assert_clean(1, names="raw/kremlin_2018-05-17_sochi_statements-following-talks.txt")


def test_agreement_on_a_folder_of_broken_files_is_one_line_per_file(tmp_path):
    for name, body in [("a.yaml", "[unclosed\n"), ("b.yaml", "\xff"), ("c.yaml", "- just a list\n")]:
        for folder in ("one", "two"):
            (tmp_path / folder).mkdir(exist_ok=True)
            (tmp_path / folder / name).write_text(body, encoding="utf-8", errors="surrogateescape")
    answer = pamc("agreement", str(tmp_path / "one"), str(tmp_path / "two"))
    answer.assert_clean(1, names="a.yaml")


def test_a_huge_integer_offset_is_a_finding(checkout):
    edit(checkout, SOCHI, "    start: 197\n", "    start: " + "9" * 4500 + "\n")
    pamc("validate", "--root", str(checkout)).assert_clean(1, names=SOCHI)


# Real faults of the file system (a small or read-only tmpfs mounted over dist/): root and mount needed ----------

def _mount_tmpfs(where: Path, size: str, read_only: bool = False) -> bool:
    import subprocess

    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True,
                          check=False).returncode == 0


@pytest.fixture
def mounted_dist(checkout):
    mounts = []

    def mount(size: str, read_only: bool = False) -> Path:
        dist = checkout / "dist"
        shutil.rmtree(dist)
        if os.geteuid() != 0 or not _mount_tmpfs(dist, size, read_only):
            pytest.skip("needs root and permission to mount a tmpfs")
        mounts.append(dist)
        return dist

    yield mount
    import subprocess

    for dist in mounts:
        subprocess.run(["umount", str(dist)], check=False)


def test_a_really_full_disk_is_one_line_and_leaves_nothing_behind(checkout, mounted_dist):
    dist = mounted_dist("300k")  # far less than a release needs
    add_changelog_entry(checkout)
    answer = build(checkout)
    answer.assert_clean(1, names="dist")
    assert "No space left on device (ENOSPC)" in answer.output
    assert list(dist.iterdir()) == []


def test_a_really_read_only_dist_is_one_line(checkout, mounted_dist):
    dist = mounted_dist("1m", read_only=True)
    add_changelog_entry(checkout)
    answer = build(checkout)
    answer.assert_clean(1, names="dist")
    assert "Read-only file system (EROFS)" in answer.output
    assert list(dist.iterdir()) == []


def test_a_mistyped_id_or_vocabulary_value_gets_a_did_you_mean(checkout):
    edit(checkout, SOCHI, "    speaker: vladimir-putin\n", "    speaker: vladimir-puttin\n")
    edit(checkout, SOCHI, "topics: [meeting_agenda, counterterrorism,", "topics: [meeting_agenda, counter_terrorism,")
    answer = pamc("validate", "--root", str(checkout))
    answer.assert_clean(1, names=SOCHI)
    assert "'vladimir-puttin' is not a known person; did you mean 'vladimir-putin'?" in answer.output
    assert "did you mean 'counterterrorism'?" in answer.output


def test_errors_of_one_utterance_are_reported_where_they_are_not_again_by_the_alignments(checkout):
    """A mistyped speaker and a shifted span in a transcript turn: the file's own findings, not a cascade of
    alignment findings that follow from them (the alignments are judged once the turn is fixed)."""
    edit(checkout, SOCHI, "    speaker: vladimir-putin\n", "    speaker: vladimir-puttin\n")
    edit(checkout, SOCHI, "    start: 197\n", "    start: 198\n")
    add_changelog_entry(checkout)
    output = refused_build(checkout, SOCHI)
    ids = re.findall(r"\[([a-z-]+)\]", output)
    assert "ref-unknown-person" in ids and "span-text-mismatch" in ids
    assert not any(i.startswith("alignment-") for i in ids), output
