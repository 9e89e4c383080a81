"""Atomic, immutable publication of a release under dist/<version>/.

The release is written into dist/.tmp-<version>-<pid>/, flushed to disk, then renamed to dist/<version>/
(atomic on POSIX; the rename fails rather than overwrite). A published version is never touched again:
rebuilding it with identical inputs is a no-op, with different inputs an error.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import AnnotationFile, Corpus
from ..findings import Finding
from ..kinds import RELEASE_ROW_MODELS
from ..paths import Paths
from ..validate import has_errors, validate
from . import card, figures, tables, viewer, writers
from .arrow import arrow_schema
from .summary import Summary

if TYPE_CHECKING:
    from .. import models as m

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
TMP_PREFIX = ".tmp-"
INPUTS = "INPUTS.sha256"
SUMS = "SHA256SUMS"


_FAULT_ENV = "PAMC_FAULT_KILL_AT"  # crash tests only: SIGKILL this process at the Nth fault point
_fault_count = 0


def fault_point() -> None:
    """Where a crash test may kill the build (after each file, before and after the final rename)."""
    global _fault_count
    target = os.environ.get(_FAULT_ENV)
    if target:
        _fault_count += 1
        if _fault_count == int(target):
            os.kill(os.getpid(), signal.SIGKILL)


class ReleaseError(Exception):
    """A build that must not happen (bad version, changed inputs, missing changelog...)."""


@dataclass(frozen=True)
class Outcome:
    version: str
    path: Path
    written: bool
    message: str


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def published_versions(dist: Path) -> list[str]:
    if not dist.is_dir():
        return []
    return sorted((p.name for p in dist.iterdir() if p.is_dir() and VERSION.match(p.name)), key=version_key)


def input_files(paths: Paths) -> list[Path]:
    """Everything a release is built from: raw texts, hand-edited annotations, the changelog."""
    files = [p for p in paths.raw.rglob("*") if p.is_file()]
    files += [p for p in paths.annotations.rglob("*.yaml") if p.is_file() and "proposed" not in p.parts]
    agreement = paths.root / "agreement"
    files += [p for p in agreement.rglob("*.yaml") if p.is_file()] if agreement.is_dir() else []
    files.append(paths.root / "CHANGELOG.md")
    if (paths.root / "CITATION.cff").is_file():
        files.append(paths.root / "CITATION.cff")
    return sorted(files, key=lambda p: p.relative_to(paths.root).as_posix())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def manifest(root: Path, files: list[Path]) -> str:
    """``sha256  relative/path`` lines, the format ``sha256sum -c`` reads."""
    return "".join(f"{sha256_file(p)}  {p.relative_to(root).as_posix()}\n" for p in files)


def changelog_entry(paths: Paths, version: str) -> str:
    path = paths.root / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    match = re.search(rf"^## {re.escape(version)}\b.*?(?=^## |\Z)", text, flags=re.M | re.S)
    if not match:
        raise ReleaseError(f"CHANGELOG.md has no '## {version}' entry: say what this version changes before publishing")
    return match.group(0)


def clean_stale(dist: Path) -> list[str]:
    """Remove temporary directories left by builds that died; return what was removed."""
    removed = []
    if not dist.is_dir():
        return removed
    for p in sorted(dist.iterdir()):
        if not p.name.startswith(TMP_PREFIX):
            continue
        pid = p.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p.name)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_tree(root: Path) -> None:
    for p in sorted(root.rglob("*"), reverse=True):
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def agreement_section(paths: Paths) -> str | None:
    """Agreement figures before and after adjudication, when the repository has the two passes."""
    from ..agreement import Pass, compare, render

    first, second = paths.root / "agreement/first-pass", paths.root / "agreement/second-pass"
    if not (first.is_dir() and second.is_dir()):
        return None
    blind = Pass.read(second)
    before = render(compare(Pass.read(first), blind), "Before adjudication (first pass vs. blind second pass)")
    after = render(compare(Pass.read(paths.document_annotations), blind),
                   "After adjudication (published annotations vs. blind second pass)", ("adjudicated", "second pass"))
    return before.replace("## ", "### ") + "\n" + after.replace("## ", "### ")


class ReleaseWriter:
    """Writes a release into ``target`` (an empty directory) while the validator streams the annotation
    files past (the FileConsumer methods); ``finish`` writes the rest once every file has been checked."""

    def __init__(self, target: Path, shard_rows: int) -> None:
        self.target = target
        self.schemas = {name: arrow_schema(name) for name in RELEASE_ROW_MODELS}
        self.writers = {name: writers.TableWriter(name, self.schemas[name], target, shard_rows)
                        for name in RELEASE_ROW_MODELS}
        self.summary = Summary()

    def start(self, corpus: Corpus) -> None:
        """The corpus-wide tables, read before the first annotation file."""
        self.entity_types = tables.entity_types(corpus)
        self.persons = {r.model.id: r.model.name for r in corpus.persons}
        self.events = {r.model.id: r.model.model_dump(mode="json") for r in corpus.events}
        self.links = viewer.links(sorted((r.model for r in corpus.alignments), key=lambda a: a.id))
        self.documents = {d.id: d for d in tables.documents_in_order(corpus)}
        (self.target / "viewer").mkdir()

    def prepare(self, f: AnnotationFile, raw: str | None) -> tuple[str, dict[str, list[dict[str, Any]]], str | None]:
        """A file's rows and viewer page (in the process that checked the file)."""
        rows = tables.file_rows(f, self.entity_types)
        doc = self.documents.get(f.document)
        page = self._page(doc, raw, rows["utterances"], rows["speech_events"]) if doc and raw is not None else None
        return f.document, rows, page

    def accept(self, corpus: Corpus, payload: tuple[str, dict[str, list[dict[str, Any]]], str | None]) -> None:
        document, rows, page = payload
        for name, batch in rows.items():
            self.writers[name].add(batch)
            self.summary.add(name, batch)
        if page is not None:
            (self.target / "viewer" / f"{document}.html").write_text(page, encoding="utf-8")

    def _page(self, doc: m.Document, raw: str, utterances: list[dict], speech_events: list[dict]) -> str:
        return viewer.document_page(tables.document_row(doc, raw), utterances, speech_events,
                                    self.links.get(doc.id, []), self.persons, self.events)

    def finish(self, corpus: Corpus, version: str, inputs: str, changelog: str) -> None:
        target, summary = self.target, self.summary
        documents = []
        for doc in self.documents.values():
            raw = corpus.raw_text(doc.id)
            assert raw is not None  # a valid corpus has every raw file intact
            row = tables.document_row(doc, raw)
            self.writers["documents"].add([row])
            summary.add("documents", [row])
            documents.append({k: v for k, v in row.items() if k != "raw_text"})
            if doc.id not in corpus.annotated:  # its page has no utterances
                (target / "viewer" / f"{doc.id}.html").write_text(self._page(doc, raw, [], []), encoding="utf-8")
        summary.keep("documents", documents)
        small = {**tables.corpus_rows(corpus), "alignments": tables.alignment_rows(corpus)}
        for name, rows in small.items():
            key = (lambda r: (r["vocabulary"], r["id"])) if name == "vocabularies" else None
            self.writers[name].add(rows, key)
            summary.add(name, rows)
            summary.keep(name, rows)
        shards: dict[str, list[str]] = {}
        for name in RELEASE_ROW_MODELS:
            writer = self.writers[name]
            writer.close_jsonl()
            fault_point()
            shards[name] = writer.close()
            summary.nbytes[name] = writer.nbytes
            fault_point()
        from . import croissant

        figure_files = figures.render(summary)
        for name, svg in figure_files.items():
            (target / "figures").mkdir(exist_ok=True)
            (target / "figures" / name).write_text(svg, encoding="utf-8")
        fault_point()
        citation_cff = corpus.paths.root / "CITATION.cff"
        if citation_cff.is_file():
            (target / "CITATION.cff").write_bytes(citation_cff.read_bytes())
        (target / "croissant.json").write_text(croissant.dumps(croissant.metadata(
            version, card.SUMMARY, {rel: sha256_file(target / rel) for paths in shards.values() for rel in paths},
            self.schemas, shards, card.bibtex(version))), encoding="utf-8")
        fidelity = None
        if small["alignments"]:
            from ..fidelity import render_report, report

            fidelity = render_report(report(corpus, small["alignments"]))
        (target / "README.md").write_text(card.render(summary, self.schemas, version, changelog,
                                                      agreement_section(corpus.paths), fidelity,
                                                      sorted(figure_files), shards), encoding="utf-8")
        (target / "viewer" / "index.html").write_text(
            viewer.index_page(documents, summary.utterances_per_document()), encoding="utf-8")
        fault_point()
        (target / INPUTS).write_text(inputs, encoding="utf-8")
        files = sorted((p for p in target.rglob("*") if p.is_file()), key=lambda p: p.relative_to(target).as_posix())
        (target / SUMS).write_text(manifest(target, files), encoding="utf-8")


@dataclass(frozen=True)
class Plan:
    """A release that may be written: its version is new and its changelog entry exists."""

    version: str
    final: Path
    inputs: str
    changelog: str


def plan(paths: Paths, version: str, dist: Path | None = None) -> Plan | Outcome:
    """What publishing ``version`` would do: a Plan, or the Outcome of a no-op (same inputs already published).

    Raises ReleaseError when it must not happen."""
    if not VERSION.match(version):
        raise ReleaseError(f"version {version!r} is not of the form MAJOR.MINOR.PATCH (e.g. 1.0.0)")
    dist = dist or paths.dist
    final = dist / version
    inputs = manifest(paths.root, input_files(paths))
    if final.exists():
        previous = (final / INPUTS).read_text(encoding="utf-8") if (final / INPUTS).is_file() else ""
        if previous == inputs:
            return Outcome(version, final, False, f"{version} is already published from identical inputs; nothing written")
        changed = sorted(set(inputs.splitlines()) ^ set(previous.splitlines()))
        paths_changed = sorted({line.split("  ", 1)[-1] for line in changed})
        raise ReleaseError(f"{version} is already published and its inputs have changed since "
                           f"({', '.join(paths_changed[:8])}{', ...' if len(paths_changed) > 8 else ''}); "
                           "a published version is never overwritten: publish a new version")
    newer = [v for v in published_versions(dist) if version_key(v) > version_key(version)]
    if newer:
        raise ReleaseError(f"{version} is older than the published {newer[-1]}; choose a version above it")
    return Plan(version, final, inputs, changelog_entry(paths, version))


def publish(paths: Paths, release: Plan, shard_rows: int = writers.SHARD_ROWS,
            jobs: int = 1) -> tuple[Outcome | None, list[Finding]]:
    """Validate and write in one pass over the annotation files; publish only if no error was found.

    Returns the outcome (None when nothing was published) and the findings."""
    dist = release.final.parent
    dist.mkdir(parents=True, exist_ok=True)
    tmp = dist / f"{TMP_PREFIX}{release.version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        writer = ReleaseWriter(tmp, shard_rows)
        # The fidelity report compares every news utterance with every transcript turn: it needs them all.
        keep = (paths.annotations / "alignments.yaml").is_file()
        corpus, findings = validate(paths, keep=keep, consumer=writer, jobs=jobs)
        if has_errors(findings):
            shutil.rmtree(tmp, ignore_errors=True)
            return None, findings
        writer.finish(corpus, release.version, release.inputs, release.changelog)
        _fsync_tree(tmp)
        fault_point()
        os.rename(tmp, release.final)  # atomic; fails if final appeared meanwhile
        fault_point()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Outcome(release.version, release.final, True, f"published {release.final}"), findings


def verify(release: Path) -> list[str]:
    """Files of a published release that differ from, or are missing in, its SHA256SUMS (empty: all good)."""
    sums = release / SUMS
    if not sums.is_file():
        return [f"{SUMS} is missing"]
    problems = []
    listed = set()
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        listed.add(rel)
        path = release / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{rel}: checksum differs from {SUMS}")
    for path in release.rglob("*"):
        rel = path.relative_to(release).as_posix()
        if path.is_file() and rel != SUMS and rel not in listed:
            problems.append(f"{rel}: not listed in {SUMS}")
    return sorted(problems)
