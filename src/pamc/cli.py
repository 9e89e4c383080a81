"""Command line: ``pamc <command>`` or ``python build_dataset.py <command>``.

Exit codes: 0 success, 1 invalid data or refused release, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .paths import Paths


def _paths(root: str | None) -> Paths:
    return Paths(Path(root).resolve()) if root else Paths.discover()


root_option = click.option("--root", type=click.Path(file_okay=False), default=None,
                           help="Repository root (default: $PAMC_ROOT or the nearest parent with annotations/ and raw/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="putin-assad-meetings-corpus")
def cli() -> None:
    """Validate the Putin–Assad Meetings Corpus annotations and publish releases."""


@cli.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable lines or one JSON document.")
def validate(root: str | None, fmt: str) -> None:
    """Check every annotation file; print every problem as file:line:column: /pointer: [check-id] message.

    Exits 1 if there is any error (warnings alone exit 0). Never writes anything.
    """
    from .findings import render_json, render_text
    from .validate import has_errors, validate as run

    _, findings = run(_paths(root))
    click.echo(render_json(findings) if fmt == "json" else render_text(findings))
    sys.exit(1 if has_errors(findings) else 0)


@cli.command()
@root_option
@click.option("--version", "version", required=True, help="Version to publish, MAJOR.MINOR.PATCH.")
@click.option("--dist", type=click.Path(file_okay=False), default=None, help="Release directory (default: dist/).")
def build(root: str | None, version: str, dist: str | None) -> None:
    """Validate, then publish dist/VERSION/ atomically (Parquet + JSONL per config, data card, SHA256SUMS).

    A published version is never overwritten: with identical inputs the build is a no-op, otherwise an error.
    """
    from .findings import render_text
    from .release.publish import ReleaseError, clean_stale, publish
    from .validate import has_errors, validate as run

    paths = _paths(root)
    dist_path = Path(dist).resolve() if dist else paths.dist
    for name in clean_stale(dist_path):
        click.echo(f"removed {name}: left by a build that did not finish", err=True)
    corpus, findings = run(paths)
    if has_errors(findings):
        click.echo(render_text(findings), err=True)
        click.echo("nothing published: fix the errors above", err=True)
        sys.exit(1)
    try:
        outcome = publish(corpus, paths, version, dist_path)
    except ReleaseError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(outcome.message)


@cli.command()
@root_option
@click.option("--check", is_flag=True, help="Do not write; exit 1 if schema/ differs from the models.")
def schema(root: str | None, check: bool) -> None:
    """Write schema/*.json (JSON Schema 2020-12) generated from the pydantic models."""
    from .schema import stale, write

    paths = _paths(root)
    if check:
        problems = stale(paths.schema)
        for rel in problems:
            click.echo(f"schema/{rel}: differs from the models; run `pamc schema`", err=True)
        sys.exit(1 if problems else 0)
    for path in write(paths.schema):
        click.echo(path.relative_to(paths.root).as_posix())


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the table of docs/checks.md.")
def checks(markdown: bool) -> None:
    """List every validator check id with its severity and description."""
    from .checks.registry import CHECKS, markdown_table

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
    """Recompute the checksums of a published release and report every file that differs from SHA256SUMS."""
    from .release.publish import verify as run

    paths = _paths(root)
    release = (Path(dist).resolve() if dist else paths.dist) / version
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
    from .locate import flow_span, locate as find
    from .sources import load_documents_index

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

    from .agreement import Pass, compare, disagreements as listing, render

    a, b = Pass.read(Path(first)), Pass.read(Path(second))
    if disagreements:
        for line in listing(a, b):
            click.echo(line)
        return
    report = compare(a, b)
    click.echo(json.dumps(report, indent=2) if fmt == "json" else render(report, title), nl=fmt == "json")


@cli.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
def fidelity(root: str | None, fmt: str) -> None:
    """Summarise quote fidelity: alignments per outlet and relation, similarity, automatic-candidate precision."""
    import json

    from .fidelity import render_report, report
    from .findings import render_text
    from .release.tables import alignment_rows
    from .validate import has_errors, validate as run

    corpus, findings = run(_paths(root))
    if has_errors(findings):
        click.echo(render_text(findings), err=True)
        sys.exit(1)
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

    from .checks.schema import check_source
    from .fmt import canonical, layout_for, stray_comments, write_atomically
    from .sources import read_yaml

    paths = _paths(root)
    targets = [Path(f).resolve() for f in files] or sorted(paths.annotations.rglob("*.yaml"))
    schema_names = {"DocumentAnnotations": ("document-annotations", 2), "Vocabulary": ("vocabulary", 0),
                    "Document": ("documents", 1), "Event": ("events", 1), "Person": ("persons", 1),
                    "Entity": ("entities", 1), "AlignmentsFile": ("alignments", 2)}
    problems = changed = 0
    for path in targets:
        rel = path.relative_to(paths.root).as_posix() if path.is_relative_to(paths.root) else str(path)
        layout = layout_for(rel)
        if layout is None:
            continue
        source, findings = read_yaml(path, paths.root)
        if source is None:
            problems += len(findings)
            for f in findings:
                click.echo(f.render(), err=True)
            continue
        schema_name, depth = schema_names[layout[0].__name__]
        errors, _ = check_source(source, schema_name, depth)
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

    from .release.diff import diff, render

    base = Path(dist).resolve() if dist else _paths(root).dist
    for version in (old, new):
        if not (base / version).is_dir():
            click.echo(f"error: no published release {base / version}", err=True)
            sys.exit(1)
    result = diff(base / old, base / new)
    click.echo(json.dumps(result, indent=2) if fmt == "json" else render(result, old, new))


def main() -> None:
    cli(prog_name="pamc")


if __name__ == "__main__":
    main()
