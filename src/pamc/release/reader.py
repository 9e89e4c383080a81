"""A published release directory read back, for the tools that work without a checkout (``pamc stats``,
``show`` and ``fidelity`` with ``--release``): a folder of one version as ``pamc build`` writes it, or a copy
downloaded from the Hub (``data/<table>/*.parquet``, ``jsonl/<table>.jsonl``, ``README.md``, ``croissant.json``,
``SHA256SUMS``).

Only the JSON Lines tables are read, with the standard library (no pyarrow). A release was validated before it
was published, so nothing is checked again here but what the tools need to run: every line is a JSON object,
and the columns the tools read are there with the right kinds of value. Anything else is a ``ReleaseReadError``
of one line (the file, the line, what is wrong and what to do), never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pamc.model.findings import shown

SUMS = "SHA256SUMS"
DAMAGED = "the release is damaged: run `pamc verify`"
# Tables an older release may lack (no such table then): passages arrived after the first releases.
OPTIONAL_TABLES = frozenset({"passages"})

_SPAN = {"start": int, "end": int}
# Per table, the columns the tools read and the kind of their values (a tuple: any of them; None: null).
# A nested dict checks the keys of a mapping; a list of one dict checks every item of a list.
COLUMNS: dict[str, dict[str, Any]] = {
    "documents": {"id": str, "publisher": str, "genre": str, "raw_text": str},
    "utterances": {"id": str, "document": str, "mode": str, "speaker": str, "text": str, "start": int, "end": int,
                   "dialogue_acts": [_SPAN]},
    "alignments": {"id": str, "news_utterance": str, "transcript_utterance": (str, None),
                   "transcript_span": (_SPAN, None), "relation": str, "confidence": str, "news_document": str,
                   "relay": [({"outlet": str}, str)], "token_set_ratio": (int, float, None)},
    "passages": {"id": str, "witness": str, "span": {"start": int, "end": int, "text": str}},
    "speech_events": {"id": str, "document": str},
    "events": {"id": str},
    "persons": {"id": str},
    "entities": {"id": str},
}
_KIND_NAMES = {str: "text", int: "an integer", float: "a number", None: "null", bool: "true or false"}


class ReleaseReadError(Exception):
    """What makes a release unreadable, as one line (without the leading ``error: ``)."""


def not_a_release(shown_path: str) -> ReleaseReadError:
    return ReleaseReadError(f"not a release directory: {shown_path} has no jsonl/ tables; give the folder of one "
                            "published version, e.g. dist/2.0.0")


def _fits(value: Any, kind: Any) -> bool:
    if isinstance(kind, tuple):
        return any(_fits(value, k) for k in kind)
    if kind is None:
        return value is None
    if isinstance(kind, dict):
        return isinstance(value, dict) and all(k in value and _fits(value[k], v) for k, v in kind.items())
    if isinstance(kind, list):
        return isinstance(value, list) and all(_fits(item, kind[0]) for item in value)
    if kind is int or kind is float:
        return type(value) is kind  # JSON true/false are bool, never a number
    return isinstance(value, kind)


def _describe(kind: Any) -> str:
    if isinstance(kind, tuple):
        return " or ".join(_describe(k) for k in kind)
    if isinstance(kind, dict):
        return "an object with " + ", ".join(kind)
    if isinstance(kind, list):
        return f"a list of {_describe(kind[0])}"
    return _KIND_NAMES.get(kind, getattr(kind, "__name__", str(kind)))


class Release:
    """One published version's folder; its tables are read when first asked for, then kept."""

    def __init__(self, path: Path, shown_as: str | None = None) -> None:
        self.path = path
        self.shown_as = shown_as if shown_as is not None else shown(str(path))
        self._tables: dict[str, list[dict[str, Any]]] = {}
        self._listed: set[str] | None = None

    @classmethod
    def open(cls, path: Path, shown_as: str | None = None) -> "Release":
        """The release at ``path``; a ``ReleaseReadError`` when it is not one (no jsonl/ folder or no SHA256SUMS)."""
        release = cls(path, shown_as)
        try:
            ok = (path / "jsonl").is_dir() and (path / SUMS).is_file()
        except OSError:  # a name too long, a path through a file
            ok = False
        if not ok:
            raise not_a_release(release.shown_as)
        return release

    def listed(self) -> set[str]:
        """The files SHA256SUMS lists (relative paths); a line that is not 'digest  path' is left out."""
        if self._listed is None:
            text = (self.path / SUMS).read_bytes().decode("utf-8", errors="replace")
            self._listed = {line.split("  ", 1)[1] for line in text.splitlines() if "  " in line}
        return self._listed

    def has(self, table: str) -> bool:
        """Whether the release holds ``table`` (an older one may lack an optional table)."""
        rel = f"jsonl/{table}.jsonl"
        return (self.path / rel).is_file() or rel in self.listed()

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of ``jsonl/<name>.jsonl``; an optional table the release does not have (nor lists) is empty."""
        if name not in self._tables:
            rel = f"jsonl/{name}.jsonl"
            path = self.path / rel
            where = f"{self.shown_as}/{rel}"
            if not path.is_file():
                if name in OPTIONAL_TABLES and rel not in self.listed():
                    self._tables[name] = []
                    return self._tables[name]
                raise ReleaseReadError(f"{where}: missing or not a file; {DAMAGED}")
            self._tables[name] = self._read(path, where, COLUMNS.get(name, {}))
        return self._tables[name]

    @staticmethod
    def _read(path: Path, where: str, columns: dict[str, Any]) -> list[dict[str, Any]]:
        rows = []
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ReleaseReadError(f"{where}:{number}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                                           f"column {exc.start + 1}); {DAMAGED}") from None
                try:
                    value = json.loads(line)
                except (ValueError, RecursionError) as exc:  # ValueError: also a number of too many digits
                    what = (f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError)
                            else "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:100])
                    raise ReleaseReadError(f"{where}:{number}: not valid JSON ({what}); {DAMAGED}") from None
                if not isinstance(value, dict):
                    raise ReleaseReadError(f"{where}:{number}: not a JSON object (a row); {DAMAGED}")
                for column, kind in columns.items():
                    if column not in value:
                        raise ReleaseReadError(f"{where}:{number}: the row has no column {column!r}; {DAMAGED}")
                    if not _fits(value[column], kind):
                        raise ReleaseReadError(f"{where}:{number}: column {column!r} is not {_describe(kind)}; "
                                               f"{DAMAGED}")
                rows.append(value)
        return rows

    def damaged(self, table: str, row: dict[str, Any], what: str) -> ReleaseReadError:
        """A row that names something its release does not hold."""
        return ReleaseReadError(f"{self.shown_as}/jsonl/{table}.jsonl: row {shown(str(row.get('id')))!r} {what}; "
                                f"{DAMAGED}")

    def documents(self) -> dict[str, dict[str, Any]]:
        return {d["id"]: d for d in self.table("documents")}

    def utterances(self) -> list[dict[str, Any]]:
        """The utterance rows, each checked to name a document of the release."""
        docs = self.documents()
        rows = self.table("utterances")
        for u in rows:
            if u["document"] not in docs:
                raise self.damaged("utterances", u, f"names the document {shown(u['document'])!r}, which the "
                                   "documents table lacks")
        return rows


# The fidelity report (pamc.analysis.fidelity.report) reads a corpus: its documents' publishers and genres, its
# utterances by annotation file, and the raw texts. The classes below give it the same attributes from release
# rows.


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _Document:
    id: str
    publisher: str
    genre: str


@dataclass(frozen=True)
class _Utterance:
    id: str
    mode: str
    speaker: str
    text: str
    dialogue_acts: tuple[_Span, ...]


@dataclass(frozen=True)
class _Record:
    model: Any


@dataclass(frozen=True)
class _File:
    document: str


class CorpusView:
    """The part of a corpus the fidelity report reads, made from a release's documents and utterances (the
    utterances by document, in id order within one: the order of the annotation files and their records)."""

    def __init__(self, release: Release) -> None:
        docs = release.documents()
        self.documents = [_Record(_Document(d["id"], d["publisher"], d["genre"])) for d in docs.values()]
        self.raw_texts = {d["id"]: d["raw_text"] for d in docs.values()}
        rows = sorted(release.utterances(), key=lambda u: (u["document"], u["id"]))
        self._utterances = [
            (_File(u["document"]), _Record(_Utterance(u["id"], u["mode"], u["speaker"], u["text"],
                                                      tuple(_Span(d["start"], d["end"]) for d in u["dialogue_acts"]))))
            for u in rows]

    def utterances(self) -> list[tuple[_File, _Record]]:
        return list(self._utterances)


def fidelity_report(release: Release) -> dict[str, Any]:
    """The fidelity report of a release, from its rows (the same as the checkout's for the same corpus)."""
    from pamc.analysis.fidelity import report

    corpus = CorpusView(release)
    documents = {r.model.id for r in corpus.documents}
    # Releases up to 1.4 give an alignment's relay as the outlets' ids, later ones as structs with the outlet.
    alignments = [{**a, "relay": [{"outlet": r} if isinstance(r, str) else r for r in a["relay"]]}
                  for a in release.table("alignments")]
    for a in alignments:
        if a["news_document"] not in documents:
            raise release.damaged("alignments", a, f"names the news document {shown(a['news_document'])!r}, "
                                  "which the documents table lacks")
        if a["transcript_utterance"] is not None and a["transcript_span"] is None:
            raise release.damaged("alignments", a, "names a transcript utterance without its span")
    return report(corpus, alignments)
