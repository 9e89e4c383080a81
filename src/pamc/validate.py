"""Run every check on the hand-edited sources and collect the findings. Checks never write."""

from __future__ import annotations

from .checks import alignments, dates, ids, raw, references, spans
from .corpus import Corpus, load
from .findings import Finding, sort_findings
from .paths import Paths

CROSS_RECORD_CHECKS = (raw.check, ids.check, references.check, spans.check, dates.check, alignments.check)


def validate(paths: Paths) -> tuple[Corpus, list[Finding]]:
    """The corpus (schema-valid records) and every finding, in reading order."""
    corpus, findings = load(paths)
    for check in CROSS_RECORD_CHECKS:
        findings += check(corpus)
    return corpus, sort_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
