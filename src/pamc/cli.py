"""Command line: ``pamc <command>`` or ``python build_dataset.py <command>``.

Exit codes, the same for every command: 0 success (warnings alone included), 1 invalid data, a refused release
or a failed check, 2 usage error (unknown command or option, missing argument).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

import click

from pamc.io.paths import Paths
from pamc.model.findings import shown

_ADVICE = {
    errno.EROFS: "the file system is read-only: choose a writable place (--dist)",
    errno.ENOSPC: "free some space and run the command again",
    errno.EDQUOT: "free some space within your quota and run the command again",
    errno.EACCES: "check the permissions of that path",
    errno.EPERM: "check the permissions of that path",
    errno.ENOENT: "check that the path exists",
    errno.ENOTDIR: "a file stands where a folder is expected: move it away",
    errno.EISDIR: "a folder stands where a file is expected: move it away",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and run the command again",
}


def os_error_line(exc: OSError) -> str:
    """One line for an operating-system error: the path, what went wrong, what to do."""
    where = f"{shown(str(exc.filename))}: " if exc.filename else ""
    what = exc.strerror or str(exc)
    advice = _ADVICE.get(exc.errno or 0, "fix the cause and run the command again")
    return f"error: {where}{what} ({errno.errorcode.get(exc.errno or 0, exc.errno)}); {advice}; nothing was published or changed"


class _Commands(click.Group):
    """Every command answers an operating-system fault (a full disk, a read-only folder) with one line and exit
    1, never a traceback; what it was writing is removed by the command itself before the error arrives here."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader of our output went away (| head): nothing to say
                sys.exit(1)
            click.echo(os_error_line(exc), err=True)
            sys.exit(1)
        except MemoryError:
            click.echo("error: out of memory; close other programs or use a machine with more memory", err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug: one line, unless asked for the traceback
            if os.environ.get("PAMC_DEBUG"):
                raise
            click.echo(f"error: internal error ({type(exc).__name__}: {str(exc)[:300]}); this is a bug in pamc: "
                       "please report it with the command you ran (PAMC_DEBUG=1 shows the traceback); nothing "
                       "was published", err=True)
            sys.exit(1)


def _version(value: str) -> str:
    """A release version, refused before any work when it is malformed."""
    from pamc.release.publish import VERSION

    if not VERSION.fullmatch(value):
        raise click.BadParameter(f"{shown(value)!r} is not of the form MAJOR.MINOR.PATCH (e.g. 1.4.0)")
    return value


def _paths(root: str | None, checkout: bool = True) -> Paths:
    """The checkout the command works on; exit 1 with one line when there is none (``checkout``)."""
    paths = Paths(Path(root).resolve()) if root else Paths.discover()
    if checkout and not (paths.annotations.is_dir() and paths.raw.is_dir()):
        click.echo(f"error: not a corpus checkout: {shown(str(paths.root))} has no annotations/ and raw/ folders; "
                   "run the command inside a checkout, or give its place with --root", err=True)
        sys.exit(1)
    return paths


root_option = click.option("--root", type=click.Path(file_okay=False), default=None,
                           help="Repository root (default: $PAMC_ROOT or the nearest parent with annotations/ and raw/).")


def _release(root: str | None, release: str | None):
    """The published release a command reads instead of a checkout (``--release``), or None; exit 1 with one line
    when the folder is not a release. ``--root`` with it is a usage error: a command reads one or the other."""
    if release is None:
        return None
    if root is not None:
        raise click.UsageError("--root and --release cannot be used together: the command reads either a checkout "
                               "or a published release")
    from pamc.release.reader import Release, ReleaseReadError

    try:
        return Release.open(Path(release), shown(release.rstrip("/") or release))
    except ReleaseReadError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@contextlib.contextmanager
def _reading_release():
    """A release that cannot be read (a damaged line, a missing table) ends the command with one line, exit 1."""
    from pamc.release.reader import ReleaseReadError

    try:
        yield
    except ReleaseReadError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


release_option = click.option("--release", type=click.Path(), default=None,
                              help="Read a published release folder (e.g. dist/2.0.0, or a copy downloaded from the "
                                   "Hub: its jsonl/ tables) instead of a checkout.")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="putin-assad-meetings-corpus")
def cli() -> None:
    """Validate the Putin–Assad Meetings Corpus annotations and publish releases.

    Exit codes: 0 success, 1 invalid data / refused release / failed check, 2 usage error.
    """


@cli.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable lines or one JSON document.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for the annotation files (0: one per CPU; small corpora use one).")
def validate(root: str | None, fmt: str, jobs: int) -> None:
    """Check every annotation file; print every problem as file:line:column: /pointer: [check-id] message.

    Exits 1 if there is any error (warnings alone exit 0). Never writes anything.
    """
    from pamc.model.findings import render_json, render_text
    from pamc.checks.validate import has_errors, validate as run

    from pamc.checks.validate import default_jobs

    _, findings = run(_paths(root), keep=False, jobs=jobs or default_jobs())
    click.echo(render_json(findings) if fmt == "json" else render_text(findings))
    sys.exit(1 if has_errors(findings) else 0)


@cli.command()
@root_option
@click.option("--version", "version", required=True, callback=lambda ctx, param, value: _version(value),
              help="Version to publish, MAJOR.MINOR.PATCH.")
@click.option("--dist", type=click.Path(file_okay=False), default=None, help="Release directory (default: dist/).")
@click.option("--shard-rows", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="At most this many rows per Parquet file; bigger tables are split into shards.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for the annotation files (0: one per CPU; small corpora use one).")
def build(root: str | None, version: str, dist: str | None, shard_rows: int, jobs: int) -> None:
    """Validate, then publish dist/VERSION/ atomically (Parquet + JSONL per config, data card, SHA256SUMS).

    A published version is never overwritten: with identical inputs the build is a no-op, otherwise an error.
    """
    from pamc.model.findings import render_text
    from pamc.release.publish import Outcome, ReleaseError, clean_stale, plan, publish

    import gc

    gc.disable()  # a batch run over acyclic data: the cyclic collector only rescans the growing heap
    paths = _paths(root)
    dist_path = Path(dist).resolve() if dist else paths.dist
    for name in clean_stale(dist_path):
        click.echo(f"removed {name}: left by a build that did not finish", err=True)

    def refuse(findings) -> None:
        click.echo(render_text(findings), err=True)
        click.echo("nothing published: fix the errors above", err=True)
        sys.exit(1)

    try:
        release = plan(paths, version, dist_path)
    except ReleaseError as exc:
        release = exc
    def warn(findings) -> None:  # warnings do not stop a build, but the builder sees them
        warnings = [f for f in findings if f.severity == "warning"]
        if warnings:
            click.echo("\n".join(f.render() for f in warnings), err=True)
            click.echo(f"{len(warnings)} warning(s): published anyway; check them", err=True)

    if not isinstance(release, Outcome) and not isinstance(release, ReleaseError):
        click.echo(f"validating and writing {version} (tables, JSON Lines, viewer, figures, card, manifests) ...",
                   err=True)
        try:
            outcome, findings = publish(paths, release, shard_rows, jobs)  # imports the validator after forking
        except ReleaseError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        if outcome is None:
            refuse(findings)
        warn(findings)
        click.echo(outcome.message)
        return
    # Nothing to write: still say what is wrong with the data first, as a build that writes would.
    from pamc.checks.validate import default_jobs, has_errors, validate as run

    click.echo("validating ...", err=True)
    _, findings = run(paths, keep=False, jobs=jobs or default_jobs())
    if has_errors(findings):
        refuse(findings)
    if isinstance(release, ReleaseError):
        click.echo(f"error: {release}", err=True)
        sys.exit(1)
    warn(findings)
    click.echo(release.message)


@cli.command()
@root_option
@click.option("--check", is_flag=True, help="Do not write; exit 1 if schema/ differs from the models.")
def schema(root: str | None, check: bool) -> None:
    """Write schema/*.json (JSON Schema 2020-12) generated from the pydantic models."""
    from pamc.model.schema import stale, write

    paths = _paths(root, checkout=False)
    if check:
        problems = stale(paths.schema)
        for rel in problems:
            click.echo(f"schema/{rel}: differs from the models; run `pamc schema`", err=True)
        if not problems:
            click.echo("schema/ is up to date with the models")
        sys.exit(1 if problems else 0)
    for path in write(paths.schema):
        click.echo(path.relative_to(paths.root).as_posix())


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the table of docs/checks.md.")
def checks(markdown: bool) -> None:
    """List every validator check id with its severity and description."""
    from pamc.model.catalogue import CHECKS, markdown_table

    if markdown:
        click.echo(markdown_table(), nl=False)
        return
    for c in CHECKS.values():
        click.echo(f"{c.id:28} {c.severity:8} {c.description}")


@cli.command()
@root_option
@click.argument("version")
@click.option("--dist", type=click.Path(file_okay=False), default=None, help="Release directory (default: dist/).")
def verify(root: str | None, version: str, dist: str | None) -> None:
    """Recompute the checksums of a published release and report every file that differs from SHA256SUMS.

    With --dist, no checkout is needed (e.g. a release downloaded from the Hub: --dist its parent folder).
    """
    from pamc.release.publish import verify as run

    release = (Path(dist).resolve() if dist else _paths(root).dist) / version
    if not release.is_dir():
        click.echo(f"error: no published release {release}", err=True)
        sys.exit(1)
    problems = run(release)
    for p in problems:
        click.echo(p, err=True)
    click.echo(f"{version}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    sys.exit(1 if problems else 0)


@cli.command()
@root_option
@click.argument("document")
@click.argument("words")
@click.option("--after", type=int, default=0, help="Search from this character offset on.")
def locate(root: str | None, document: str, words: str, after: int) -> None:
    """Print the exact span(s) of WORDS in DOCUMENT, as the annotation files write them.

    Spaces, quote marks and dashes match their variants (no-break space, curly quotes, en/em dashes).
    """
    from pamc.io.locate import flow_span, locate as find
    from pamc.io.sources import load_documents_index

    texts = load_documents_index(_paths(root))
    if document not in texts:
        click.echo(f"error: unknown document {document!r}; known: {', '.join(sorted(texts))}", err=True)
        sys.exit(1)
    matches = find(texts[document], words, start=after)
    for m in matches:
        click.echo(flow_span(m))
    if not matches:
        click.echo(f"not found in {document}: {words!r}", err=True)
        sys.exit(1)


@cli.command()
@click.argument("first", type=click.Path(exists=True, file_okay=False))
@click.argument("second", type=click.Path(exists=True, file_okay=False))
@click.option("--title", default="Agreement", help="Heading of the report.")
@click.option("--disagreements", is_flag=True, help="List every disagreement (for adjudication) instead of figures.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
def agreement(first: str, second: str, title: str, disagreements: bool, fmt: str) -> None:
    """Compare two annotation passes (directories of document annotation files): span F1 and Cohen's kappa."""
    import json

    from pamc.analysis.agreement import Pass, PassError, compare, disagreements as listing, render
    from pamc.model.findings import render_text

    try:
        a, b = Pass.read(Path(first)), Pass.read(Path(second))
    except PassError as exc:
        click.echo(render_text(exc.findings), err=True)
        sys.exit(1)
    if disagreements:
        for line in listing(a, b):
            click.echo(line)
        return
    report = compare(a, b)
    click.echo(json.dumps(report, indent=2) if fmt == "json" else render(report, title), nl=fmt == "json")


@cli.command()
@root_option
@release_option
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
def fidelity(root: str | None, release: str | None, fmt: str) -> None:
    """Summarise quote fidelity: alignments per outlet and relation, similarity, automatic-candidate precision.

    With --release, the same report from a published release (its jsonl/ tables), no checkout needed.
    """
    import json

    from pamc.analysis.fidelity import render_report, report

    published = _release(root, release)
    if published is not None:
        from pamc.release.reader import fidelity_report

        with _reading_release():
            rep = fidelity_report(published)
    else:
        from pamc.release.tables import alignment_rows

        corpus = _valid_corpus(root)
        rep = report(corpus, alignment_rows(corpus))
    click.echo(json.dumps(rep, indent=2) if fmt == "json" else render_report(rep), nl=fmt == "json")


@cli.command()
@root_option
@click.option("--check", is_flag=True, help="Do not write; print a diff and exit 1 if a file is not canonical.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
def fmt(root: str | None, check: bool, files: tuple[str, ...]) -> None:
    """Rewrite annotation files in their canonical layout (key order from the models), without changing content.

    With no FILES, every file under annotations/. Files with errors are left alone and reported.
    """
    import difflib

    from pamc.checks.schema import check_source
    from pamc.io.fmt import canonical, stray_comments, write_atomically
    from pamc.model.kinds import file_kind
    from pamc.io.sources import read_yaml

    paths = _paths(root)
    targets = [Path(f).resolve() for f in files] or sorted(paths.annotations.rglob("*.yaml"))
    problems = changed = 0
    for path in targets:
        rel = path.relative_to(paths.root).as_posix() if path.is_relative_to(paths.root) else str(path)
        kind = file_kind(rel)
        if kind is None:
            continue
        source, findings = read_yaml(path, paths.root)
        if source is None:
            problems += len(findings)
            for f in findings:
                click.echo(f.render(), err=True)
            continue
        errors, _ = check_source(source, kind.schema, kind.record_depth)
        if errors:
            problems += len(errors)
            for f in errors:
                click.echo(f.render(), err=True)
            continue
        text = path.read_text(encoding="utf-8")
        stray = stray_comments(text)
        if stray:
            problems += 1
            click.echo(f"{rel}:{stray[0]}: a comment after the file header would be lost by fmt; move it to the "
                       "header or into a note field", err=True)
            continue
        new = canonical(text, source.data, rel)
        if new == text:
            continue
        changed += 1
        if check:
            click.echo("".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True), rel, rel + " (canonical)")))
        else:
            write_atomically(path, new)
            click.echo(f"reformatted {rel}")
    if check and changed:
        click.echo(f"{changed} file(s) not in canonical form; run `pamc fmt`", err=True)
    elif check and not problems:
        click.echo(f"{len(targets)} file(s) in canonical form")
    sys.exit(1 if problems or (check and changed) else 0)


@cli.command(name="diff")
@root_option
@click.argument("old")
@click.argument("new")
@click.option("--dist", type=click.Path(file_okay=False), default=None, help="Release directory (default: dist/).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff_command(root: str | None, old: str, new: str, dist: str | None, fmt: str) -> None:
    """List, per table, the records added, removed and changed between two published versions (by id)."""
    import json

    from pamc.release.diff import DiffError, diff, render

    base = Path(dist).resolve() if dist else _paths(root).dist
    for version in (old, new):
        if not (base / version).is_dir():
            click.echo(f"error: no published release {base / version}", err=True)
            sys.exit(1)
    try:
        result = diff(base / old, base / new)
    except DiffError as exc:
        for line in exc.problems:
            click.echo(f"error: {line}", err=True)
        sys.exit(1)
    click.echo(json.dumps(result, indent=2) if fmt == "json" else render(result, old, new))


@cli.command()
@root_option
@click.argument("raw_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "doc_id", required=True, help="Document id (lower-case words joined by '-').")
@click.option("--seed-file", required=True, help="Name of the file the raw text was received as.")
@click.option("--publisher", required=True, help="Entity id of the publisher (an organization in entities.yaml).")
@click.option("--genre", required=True, type=click.Choice(["transcript", "news_article", "press_release"]))
@click.option("--title", required=True, help="The headline as printed (typed with ordinary spaces).")
@click.option("--date", "date_text", default=None, help="The date as printed, e.g. 'May 17, 2018'.")
@click.option("--date-iso", default=None, help="The same date as YYYY-MM-DD.")
@click.option("--place", default=None, help="The place as printed.")
@click.option("--place-name", default=None, help="The place's normal name.")
@click.option("--licence-note", required=True, help="What is known about the licence (null URL and licence unless citable).")
def provenance(root: str | None, raw_file: str, doc_id: str, seed_file: str, publisher: str, genre: str, title: str,
               date_text: str | None, date_iso: str | None, place: str | None, place_name: str | None,
               licence_note: str) -> None:
    """Print the documents.yaml record of a raw file: hash, lengths and the printed title, date and place as spans."""
    import hashlib

    from pamc.io.fmt import dump
    from pamc.io.locate import locate
    from pamc.model.tables import Document

    paths = _paths(root)
    path = Path(raw_file).resolve()
    data = path.read_bytes()
    text = data.decode("utf-8")

    def span(words: str | None) -> dict | None:
        if words is None:
            return None
        found = locate(text, words)
        if not found:
            click.echo(f"error: {words!r} is not in {raw_file}", err=True)
            sys.exit(1)
        return {"start": found[0].start, "end": found[0].end, "text": found[0].text}

    record = {
        "id": doc_id, "raw_file": path.relative_to(paths.root).as_posix(), "seed_file": seed_file,
        "sha256": hashlib.sha256(data).hexdigest(), "n_bytes": len(data), "n_chars": len(text),
        "publisher": publisher, "genre": genre, "language": "en", "title": span(title),
        "printed_date": {"span": span(date_text), "normalized": date_iso},
        "printed_place": {"span": span(place), "normalized": place_name},
        "source_url": None, "licence": None, "licence_note": licence_note, "note": None,
    }
    click.echo(dump([record], Document, True), nl=False)


def _valid_corpus(root: str | None):
    """The validated corpus, or exit 1 with the findings."""
    from pamc.model.findings import render_text
    from pamc.checks.validate import has_errors, validate as run

    corpus, findings = run(_paths(root))
    if has_errors(findings):
        click.echo(render_text(findings), err=True)
        sys.exit(1)
    return corpus


def _print_stats(counts: dict[str, int], utterances: list[tuple[str, str, str, str]]) -> None:
    """The lines of ``pamc stats``; ``utterances``: (document, mode, speaker, text) of each."""
    from collections import Counter

    click.echo(f"documents {counts['documents']}, annotated {counts['annotated']}, events {counts['events']}, "
               f"persons {counts['persons']}, entities {counts['entities']}")
    click.echo(f"utterances {len(utterances)}, speech events {counts['speech_events']}, "
               f"alignments {counts['alignments']}")
    by_doc = Counter((d, m) for d, m, _, _ in utterances)
    modes = sorted({m for _, m in by_doc})
    click.echo(f"{'document':32}" + "".join(f"{m:>17}" for m in modes))
    for doc in sorted({d for d, _ in by_doc}):
        click.echo(f"{doc:32}" + "".join(f"{by_doc[(doc, m)]:>17}" for m in modes))
    words: Counter = Counter()
    for _, _, speaker, text in utterances:
        words[speaker] += len(text.split())
    for speaker, n in sorted(Counter(speaker for _, _, speaker, _ in utterances).items()):
        click.echo(f"{speaker}: {n} utterances, {words[speaker]} words")


@cli.command()
@root_option
@release_option
def stats(root: str | None, release: str | None) -> None:
    """Counts of the corpus: utterances by document, mode and speaker; words; speech events; alignments.

    With --release, the same counts of a published release (its jsonl/ tables), no checkout needed.
    """
    published = _release(root, release)
    if published is not None:
        with _reading_release():
            utts = published.utterances()
            speech_events = published.table("speech_events")
            counts = {"documents": len(published.table("documents")),
                      # a document is annotated when it has an annotation file: in a release, records of its own
                      "annotated": len({u["document"] for u in utts} | {s["document"] for s in speech_events}),
                      "events": len(published.table("events")), "persons": len(published.table("persons")),
                      "entities": len(published.table("entities")), "speech_events": len(speech_events),
                      "alignments": len(published.table("alignments"))}
            _print_stats(counts, [(u["document"], u["mode"], u["speaker"], u["text"]) for u in utts])
        return
    corpus = _valid_corpus(root)
    counts = {"documents": len(corpus.documents), "annotated": len(corpus.annotations), "events": len(corpus.events),
              "persons": len(corpus.persons), "entities": len(corpus.entities),
              "speech_events": sum(len(f.speech_events) for f in corpus.annotations),
              "alignments": len(corpus.alignments)}
    _print_stats(counts, [(f.document, u.model.mode, u.model.speaker, u.model.text) for f, u in corpus.utterances()])


def _no_utterance(utterance_id: str, known: list[str]) -> None:
    """Exit 1: no such utterance, with the ids of its document when the id names one."""
    close = [k for k in sorted(known) if k.startswith(utterance_id.rsplit(".", 1)[0])][:5]
    click.echo(f"error: no utterance {utterance_id!r}" + (f"; in that document: {', '.join(close)}, ..."
                                                          if close else ""), err=True)
    sys.exit(1)


def _print_utterance(utterance_id: str, document: str, start: int, end: int, text: str, raw: str, context: int,
                     fields: dict, passages: list[tuple[str, int, int, str]],
                     alignments: list[tuple[str, str, str | None, str, str, list[str]]]) -> None:
    """The lines of ``pamc show``: ``passages`` (id, start, end, text) the utterance witnesses, in text order;
    ``alignments`` (id, news utterance, transcript utterance, relation, confidence, passages rendered) naming it."""
    import json

    before = raw[max(0, start - context):start]
    after = raw[end:end + context]
    click.echo(f"{utterance_id} in {document} [{start}:{end}]\n")
    click.echo(f"...{before}>>>{text}<<<{after}...\n")
    click.echo(json.dumps(fields, ensure_ascii=False, indent=2))
    for pid, p_start, p_end, p_text in passages:
        click.echo(f"passage {pid} [{p_start}:{p_end}]: {p_text[:70]}")
    for aid, news, transcript, relation, confidence, renders in alignments:
        click.echo(f"alignment {aid}: {news} -> {transcript or '(none)'} {relation} ({confidence})"
                   + (f", renders {' '.join(renders)}" if renders else ""))


@cli.command()
@root_option
@release_option
@click.argument("utterance_id")
@click.option("--context", type=int, default=120, show_default=True, help="Characters of raw text shown around it.")
def show(root: str | None, release: str | None, utterance_id: str, context: int) -> None:
    """Print one utterance: its text in context (marked with >>> <<<), all its fields, the passages it witnesses
    and its alignments with the passages each renders.

    With --release, from a published release (its jsonl/ tables; the fields are the release row's).
    """
    published = _release(root, release)
    if published is not None:
        with _reading_release():
            utts = published.utterances()
            found = [u for u in utts if u["id"] == utterance_id]
            if not found:
                _no_utterance(utterance_id, [u["id"] for u in utts])
            u = found[0]
            passages = sorted((p for p in published.table("passages") if p["witness"] == utterance_id),
                              key=lambda p: (p["span"]["start"], p["id"]))
            aligned = [a for a in published.table("alignments")
                       if utterance_id in (a["news_utterance"], a["transcript_utterance"])]
            _print_utterance(utterance_id, u["document"], u["start"], u["end"], u["text"],
                             published.documents()[u["document"]]["raw_text"], context, u,
                             [(p["id"], p["span"]["start"], p["span"]["end"], p["span"]["text"]) for p in passages],
                             [(a["id"], a["news_utterance"], a["transcript_utterance"], a["relation"],
                               a["confidence"], list(a.get("passages") or [])) for a in sorted(aligned, key=_by_id)])
        return
    from pamc.analysis.passages import overlapped

    corpus = _valid_corpus(root)
    found = [(f, u.model) for f, u in corpus.utterances() if u.model.id == utterance_id]
    if not found:
        _no_utterance(utterance_id, [u.model.id for _, u in corpus.utterances()])
    f, u = found[0]
    by_witness = {w: [r.model for r in recs] for w, recs in corpus.passages_by_witness().items()}
    aligned = [a.model for a in corpus.alignments if utterance_id in (a.model.news_utterance, a.model.transcript_utterance)]
    _print_utterance(utterance_id, f.document, u.start, u.end, u.text, corpus.raw_texts[f.document], context,
                     u.model_dump(mode="json"),
                     [(p.id, p.span.start, p.span.end, p.span.text) for p in by_witness.get(utterance_id, [])],
                     [(a.id, a.news_utterance, a.transcript_utterance, a.relation, a.confidence,
                       overlapped(by_witness.get(a.transcript_utterance, []), a.transcript_span.start,
                                  a.transcript_span.end) if a.transcript_utterance and a.transcript_span else [])
                      for a in sorted(aligned, key=lambda a: a.id)])


def _by_id(row: dict) -> str:
    return row["id"]


def main() -> None:
    """The process's entry point (console script and build_dataset.py): it exits when the command ends."""
    try:
        cli(prog_name="pamc")
    finally:
        # Python collects cycles once more as it exits, over every object still alive (20 ms of a small
        # build: the modules' objects); a command leaves no garbage worth it.
        import gc

        gc.freeze()


if __name__ == "__main__":
    main()
