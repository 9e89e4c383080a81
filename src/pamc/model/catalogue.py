"""Every check the validator makes: a stable id (never reused), a severity and a one-line description.

docs/checks.md is generated from this table (``pamc checks --markdown``) and a test keeps it in sync.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Check:
    id: str
    family: str
    severity: Severity
    description: str


_TABLE: list[tuple[str, str, Severity, str]] = [
    # files
    ("file-missing", "files", "error", "A required annotation file (documents, events, persons, entities, a vocabulary) does not exist."),
    ("file-unreadable", "files", "error", "A file exists but cannot be read, or is not a regular file (a folder, a named pipe, a device)."),
    ("file-symlink", "files", "error", "An input file or folder (raw/, annotations/, agreement/, CHANGELOG.md, CITATION.cff) is a symbolic link: the tools never follow one, inside or outside the repository."),
    ("file-name", "files", "error", "An input file's name holds a control character (a newline, an escape) or bytes that are not UTF-8: it cannot be printed or written in a manifest safely."),
    ("file-too-large", "files", "error", "A file is larger than the limit for hand-edited files."),
    ("file-encoding", "files", "error", "A file is not valid UTF-8 or contains a NUL character."),
    ("file-line-break", "files", "error", "A file holds a line break that YAML honours but editors and diffs may not show (U+0085, U+2028, U+2029, a carriage return without a newline)."),
    ("file-document-mismatch", "files", "error", "A document annotation file is not named after the document it annotates."),
    ("yaml-syntax", "files", "error", "A file is not valid YAML."),
    ("yaml-duplicate-key", "files", "error", "A YAML mapping has the same key twice."),
    ("yaml-too-deep", "files", "error", "A YAML file nests deeper than the limit."),
    ("yaml-alias", "files", "error", "A YAML file uses an alias (`*name`); refused whatever it names, since an alias can expand to any size."),
    ("worker-failed", "files", "error", "A file could not be checked because its worker process died, failed or did not answer in time (PAMC_WORKER_TIMEOUT seconds); `--jobs 1` checks it in one process."),
    ("yaml-tag", "files", "error", "A value has a YAML type tag that annotation files cannot hold (`!!binary`, `!!set`, `!!omap`, `!!pairs`, a local `!tag`) or that does not fit it (`!!int abc`, `!!map` on a list)."),
    # schema
    ("schema-required", "schema", "error", "A required field is missing."),
    ("schema-unknown-field", "schema", "error", "A field is not part of the data model (often a typo)."),
    ("schema-type", "schema", "error", "A value has the wrong type (e.g. text where a number is expected)."),
    ("schema-enum", "schema", "error", "A value is not one of the values the model allows (e.g. an unknown mode)."),
    ("schema-pattern", "schema", "error", "A value does not have the required form (e.g. an id, a date, a hash)."),
    ("schema-range", "schema", "error", "A number is out of range (e.g. a negative offset)."),
    ("schema-length", "schema", "error", "A text or list is too short or too long (e.g. an utterance without topics)."),
    ("schema-duplicate-item", "schema", "error", "A list that must not repeat (topics, addressees, participants, translation path) repeats a value."),
    # raw fixity
    ("raw-missing", "raw", "error", "A raw file named in documents.yaml does not exist."),
    ("raw-path", "raw", "error", "A raw file that documents.yaml lists escapes raw/, is a symbolic link or is not a regular file (a folder, a named pipe)."),
    ("raw-hash-mismatch", "raw", "error", "A raw file's SHA-256 differs from the one recorded: raw files must never change."),
    ("raw-length-mismatch", "raw", "error", "A raw file's byte or character length differs from the one recorded."),
    ("raw-unlisted", "raw", "warning", "A file in raw/ is not listed in documents.yaml."),
    ("document-unannotated", "raw", "warning", "A document has no annotation file yet."),
    # identifiers
    ("id-duplicate", "ids", "error", "Two records of the same table have the same id."),
    ("id-document-prefix", "ids", "error", "An utterance or speech event id does not start with its document's id."),
    ("id-order", "ids", "error", "Utterance or speech event numbers do not increase in text order."),
    # spans
    ("span-out-of-bounds", "spans", "error", "A span ends beyond the end of the raw text."),
    ("span-inverted", "spans", "error", "A span ends before it starts."),
    ("span-text-mismatch", "spans", "error", "The text written for a span differs from the raw text at its offsets."),
    ("span-whitespace", "spans", "warning", "A span starts or ends with whitespace."),
    ("utterance-overlap", "spans", "error", "Two top-level utterances (or two utterances embedded in the same host) overlap."),
    ("speech-event-overlap", "spans", "error", "A speech event overlaps an utterance or another speech event."),
    ("embedded-outside-host", "spans", "error", "An embedded utterance is not inside the utterance it is embedded in."),
    ("dialogue-act-outside", "spans", "error", "A dialogue-act segment is not inside its utterance."),
    ("dialogue-act-overlap", "spans", "error", "Two dialogue-act segments of an utterance overlap."),
    ("dialogue-act-coverage", "spans", "warning", "Words of an utterance are in no dialogue-act segment."),
    ("mention-outside", "spans", "error", "An entity mention is not inside its utterance."),
    ("mention-overlap", "spans", "error", "Two entity mentions of an utterance overlap."),
    ("mention-word-boundary", "spans", "error", "An entity mention starts or ends inside a word (e.g. 'Syria' inside 'Syrians')."),
    ("cue-inside-utterance", "spans", "error", "A reporting cue or source mention overlaps the words it reports."),
    # utterance structure
    ("speaker-label-missing", "utterances", "error", "A transcript turn has no speaker label."),
    ("speaker-label-unexpected", "utterances", "error", "A quote or report has a speaker label (only transcript turns have one)."),
    ("speaker-label-order", "utterances", "error", "A speaker label does not immediately precede its turn (only ':', a marker and spaces may lie between)."),
    ("cue-missing", "utterances", "warning", "A quote or report has no reporting cue."),
    ("cue-unexpected", "utterances", "error", "A transcript turn has a reporting cue or source mention."),
    ("translation-path-start", "utterances", "error", "A translation path does not start with the language spoken."),
    ("translation-marker-missing", "utterances", "error", "A translation basis 'marked' or 'inherited' has no marker span."),
    ("translation-marker-order", "utterances", "error", "An inherited translation marker does not come before the utterance."),
    ("speaker-not-participant", "utterances", "error", "A speaker or addressee is not a participant of the utterance's event."),
    # references
    ("ref-unknown-document", "references", "error", "A document id does not exist in documents.yaml."),
    ("ref-unknown-event", "references", "error", "An event id does not exist in events.yaml."),
    ("ref-unknown-person", "references", "error", "A person id does not exist in persons.yaml."),
    ("ref-unknown-entity", "references", "error", "An entity id does not exist in entities.yaml."),
    ("ref-unknown-utterance", "references", "error", "An utterance id does not exist (or is not in the same document)."),
    ("ref-wrong-type", "references", "error", "A reference points at a record of the wrong kind (e.g. a relay outlet that is not an organization)."),
    ("vocab-unknown-value", "references", "error", "A value is not in its controlled vocabulary."),
    ("vocab-duplicate-value", "references", "error", "A controlled vocabulary defines the same value twice."),
    # provenance of outside facts
    ("evidence-missing", "provenance", "error", "A source URL, licence or Wikidata id has no evidence (a citable source and the sentence quoted that establishes it)."),
    ("evidence-unused", "provenance", "error", "Evidence is given for a source URL, licence or Wikidata id that is null."),
    ("evidence-mismatch", "provenance", "error", "Evidence does not show its value: a Wikidata id absent from the quoted sentence, or a source URL's evidence taken from another address."),
    # dates
    ("date-invalid", "dates", "error", "A date has the form YYYY-MM-DD but is not a real calendar date."),
    ("date-precision", "dates", "error", "A date and its precision disagree (a date needs a precision, a null date needs 'unknown')."),
    ("date-evidence-missing", "dates", "error", "An event has a date but no evidence for it."),
    ("date-after-report", "dates", "error", "An event is dated after the date printed on a document that reports it."),
    # alignments
    ("alignment-not-news", "alignments", "error", "An alignment's news side is a transcript turn, not a quote or report (a news document's, or a transcript page's own narration)."),
    ("alignment-not-witness", "alignments", "error", "An alignment's witness side is neither a transcript turn nor a quote or report that has passages of its own."),
    ("alignment-speaker-mismatch", "alignments", "error", "The two sides of an alignment have different speakers."),
    ("alignment-span-outside", "alignments", "error", "An alignment sub-span is not inside its utterance."),
    ("alignment-missing", "alignments", "error", "A quote or report has no alignment (not even no_counterpart), in a news document or in a transcript page's narration."),
    ("alignment-counterpart", "alignments", "error", "A no_counterpart alignment has a transcript side, or another relation lacks one or lacks a reason."),
    # consistency
    # passages
    ("passage-missing", "passages", "error", "Words of a witness utterance are in no passage (a transcript turn without passages, or a gap between passages)."),
    ("passage-overlap", "passages", "error", "A passage overlaps another passage of its witness, or lies outside it: each word belongs to one passage."),
    ("passage-witness", "passages", "error", "A passage's witness is a quote or report that renders other passages (their witness is the better record), or that no alignment explains."),
    ("passage-unresolved", "passages", "error", "A quote or report has no counterpart and no passages of its own: every quote or report resolves to passages."),
    ("consistency-mentions", "consistency", "error", "The same words carry other entity mentions: two utterances of different documents with identical text (whitespace, no-break spaces and quote marks normalised) mention different sets of entities, or the news span and transcript span of a verbatim or edited_same_translation alignment do; exempt when the note of either utterance names the other's id."),
    ("consistency-topics", "consistency", "error", "The same words carry other topics: two utterances of different documents with identical text have different topic sets, or a news utterance whose alignments are all verbatim or edited_same_translation has a topic that none of its transcript turns has; exempt when the note of either utterance names the other's id."),
    ("entity-name-shared", "references", "error", "Two entities share a name or alias (ignoring case, spacing and a leading 'the'); exempt when the note of one names the other's id."),
]

CHECKS: dict[str, Check] = {row[0]: Check(*row) for row in _TABLE}


def severity(check_id: str) -> Severity:
    return CHECKS[check_id].severity


def markdown_table() -> str:
    """The check catalogue as it appears in docs/checks.md."""
    lines = [
        "# Validator checks",
        "",
        "Generated by `pamc checks --markdown` from `src/pamc/model/catalogue.py`; a test fails when this file",
        "differs. Every id has an invalid fixture under `tests/fixtures/invalid/<id>/` that must produce exactly",
        "that id, and the valid fixture corpus `tests/fixtures/valid/` must produce none.",
        "",
        "| id | family | severity | description | invalid fixture |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| `{c.id}` | {c.family} | {c.severity} | {c.description} | "
              f"[`tests/fixtures/invalid/{c.id}/`](../tests/fixtures/invalid/{c.id}/) |" for c in CHECKS.values()]
    return "\n".join(lines) + "\n"
