"""Raw fixity: the raw files are byte-identical to what documents.yaml records, and nothing else is in raw/."""

from __future__ import annotations

import hashlib

from pamc.io.corpus import Corpus
from pamc.model.findings import Finding, make
from pamc.io.paths import link_message, regular_file


def check(corpus: Corpus) -> list[Finding]:
    findings: list[Finding] = []
    root = corpus.paths.root
    listed = set()
    for rec in corpus.documents:
        doc = rec.model
        path = root / doc.raw_file
        listed.add(doc.raw_file)
        if path.is_symlink() or not path.resolve().is_relative_to(corpus.paths.raw.resolve()):
            findings.append(rec.finding("raw-path", ("raw_file",), f"{doc.raw_file} {link_message(path, root)}"
                                        if path.is_symlink() else f"{doc.raw_file} must be a regular file inside raw/"))
            continue
        if not path.exists():
            findings.append(rec.finding("raw-missing", ("raw_file",), f"{doc.raw_file} does not exist"))
            continue
        if not regular_file(path):  # a folder, or a named pipe that would block the reader
            findings.append(rec.finding("raw-path", ("raw_file",), f"{doc.raw_file} is not a regular file; "
                                        "restore the raw file from its seed"))
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != doc.sha256:
            findings.append(rec.finding("raw-hash-mismatch", ("sha256",),
                                        f"{doc.raw_file} has SHA-256 {digest}, recorded {doc.sha256}: raw files "
                                        "must stay byte-identical to their seeds; restore the file"))
            continue
        text = data.decode("utf-8")
        if len(data) != doc.n_bytes:
            findings.append(rec.finding("raw-length-mismatch", ("n_bytes",),
                                        f"{doc.raw_file} has {len(data)} bytes, recorded {doc.n_bytes}"))
        if len(text) != doc.n_chars:
            findings.append(rec.finding("raw-length-mismatch", ("n_chars",),
                                        f"{doc.raw_file} has {len(text)} characters, recorded {doc.n_chars}"))
        corpus.intact[doc.id] = doc.raw_file
    raw_dir = corpus.paths.raw
    for path in sorted(raw_dir.iterdir()) if raw_dir.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if rel not in listed and corpus.documents:
            findings.append(make("raw-unlisted", rel, "is in raw/ but not listed in annotations/documents.yaml"))
    return findings


def check_annotated(corpus: Corpus) -> list[Finding]:
    """After the annotation files have been read: which documents none of them annotates."""
    return [rec.finding("document-unannotated", ("id",), f"document {rec.model.id!r} has no file "
                        f"annotations/documents/{rec.model.id}.yaml yet")
            for rec in corpus.documents if rec.model.id not in corpus.annotated | corpus.unreadable]
