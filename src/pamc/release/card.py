"""The data card (README.md of a release): YAML metadata for Hugging Face, then text generated from the data.

No figure in the card is typed by hand: counts come from the tables, field descriptions from the schemas
generated from the models.
"""

from __future__ import annotations

import re

from collections import Counter
from typing import Any

import yaml

from pamc.model.catalogue import CHECKS
from pamc.model.kinds import RELEASE_ROW_MODELS
from pamc.release import questions
from pamc.release.columns import Column, columns
from pamc.release.summary import Summary
from pamc.release.writers import parquet_path

DEFAULT_CONFIG = "utterances"
TABLE_PURPOSE = {
    "utterances": "one row per utterance: a transcript turn, a direct quote or an indirect report, with speaker, "
                  "event, span, translation path, relay chain, topics, dialogue acts and entity mentions",
    "dialogue_acts": "one row per functional segment of an utterance, with its communicative function (a scheme based on ISO 24617-2)",
    "mentions": "one row per entity mention inside an utterance",
    "tokens": "one row per utterance as an attribution: tokens with character offsets and BIO labels for its "
              "source, cue and content (PARC 3.0 / PolNeAR style), for token classification",
    "speech_events": "narration that speech took place without attributable words (kept apart from utterances)",
    "passages": "one row per stretch of speech (a sentence or functional segment), each once: its primary witness, "
                "the witness's standing and chain of outlets, and the alignments that render it",
    "alignments": "one row per rendering: a quote or report (or a part of one) ↔ the stretch of its witness it "
                  "renders, with relation, confidence, outlet, the passages rendered and a word-level comparison",
    "documents": "provenance of the five raw documents, with the full raw text",
    "events": "speech events (meetings, statements) with date, the evidence for the date, place and participants",
    "persons": "speakers, addressees and groups addressed",
    "entities": "entities that mentions point to",
    "vocabularies": "every value of every controlled vocabulary, with its definition",
}


SUMMARY = ("Five documents that report meetings between Vladimir Putin and Bashar al-Assad — Kremlin transcripts, a "
           "Syria Times article and a Schiller Institute release — kept byte for byte, with annotations of every "
           "utterance made by an AI language model (two blind passes and an adjudication, every span checked "
           "mechanically against the raw text; no human annotator): who speaks, to whom, at which event, how the "
           "words reach us (transcript turn, direct quote, indirect report; translated or re-translated; relayed by "
           "which outlet), what is said (topics, dialogue acts based on ISO 24617-2, entity mentions).")


DESCRIPTION = (
    "The corpus follows what Vladimir Putin and Bashar al-Assad said at their meetings (Sochi, November 2017 and "
    "May 2018; the Khmeimim air base, December 2017; Moscow, September 2021) through five published documents: "
    "the Kremlin's own transcripts, a Syria Times article that paraphrases and quotes the meetings (partly after "
    "RT, Sputnik and the Kremlin website) and reproduces a Kremlin transcript, and a Schiller Institute release that "
    "quotes Kremlin excerpts. It records every utterance (who speaks, to whom, at which event, in which mode, "
    "along which translation path and relay of outlets, about what, with which dialogue acts and entity "
    "mentions), each stretch of speech once (a passage on its primary witness), and every rendering of a passage "
    "in the other documents with its relation and a word-level comparison.")

DETAILS = (
    "- **Curated by:** the Putin–Assad Meetings Corpus contributors (see *Who are the annotators*: every "
    "annotation was made by an AI language model).\n"
    "- **Funded by:** no funding is recorded.\n"
    "- **Shared by:** the Putin–Assad Meetings Corpus contributors.\n"
    "- **Language(s) (NLP):** English (`en`): the English versions the publishers printed; the words were "
    "spoken in Russian and Arabic, which the corpus does not hold.\n"
    "- **License:** unknown. No licence statement of any publisher could be cited for the raw documents (each "
    "document's `licence_note` says what is known), and no licence has been declared for the annotations; the "
    "code that builds the release is MIT-licensed. Check the publishers' terms before redistributing the texts.")

SOURCES = (
    "- **Repository:** no public address has been published; this release directory is self-contained (data, "
    "viewer, figures, Croissant metadata, citation file).\n"
    "- **Paper:** none.\n"
    "- **Demo:** the document viewer in this directory, `viewer/index.html`: each raw text with every utterance, "
    "passage and rendering marked, links from each quote to the exact stretch of its witness with the word-level "
    "comparison, and back (static pages, no network).\n"
    "- **Machine-readable metadata:** `croissant.json` (Croissant) and `CITATION.cff`.")

DIRECT_USE = (
    "- Studying how outlets reproduce leaders' speech: which passages they quote, paraphrase, translate again or "
    "leave out (the `passages` and `alignments` configs).\n"
    "- Quotation attribution and provenance: source, cue and content of every quote and report (the `tokens` "
    "config), translation paths and relay chains.\n"
    "- Dialogue acts and topics in diplomatic talk, at the scale of a case study.\n"
    "- Testing quote-matching and attribution methods on a small, fully documented gold standard made by an AI "
    "model (see its limits below).")

def out_of_scope(utterances: int, passages: int) -> str:
    return OUT_OF_SCOPE.format(utterances=utterances, passages=passages)


OUT_OF_SCOPE = (
    "- **Training models.** {utterances} utterances and {passages} passages are far too few; use the corpus to "
    "evaluate or to illustrate, and say that its labels are an AI model's.\n"
    "- **An independent record of what was said.** Every source is a state or state-aligned outlet (the Kremlin, "
    "The Syria Times, RT and Sputnik as relayed, the Schiller Institute); the texts show how they present the "
    "meetings.\n"
    "- **The original wording.** No Russian or Arabic text or audio is included; differences between renderings "
    "may be translation artefacts.\n"
    "- **Fact-checking.** Claims made by the speakers (military results, casualties, the legitimacy of forces) are "
    "recorded as said, not verified.\n"
    "- **A sample of Putin–Assad communication.** The five documents are a seed set, chosen, not sampled; "
    "they report four meetings and the statements and calls around them, not all of the two presidents' "
    "contacts.")

STRUCTURE = (
    "One config per table, each a single `train` split (the corpus is not meant for training: the split is only "
    "what `datasets` requires). Rows are linked by ids: an utterance names its `event`, `speaker` and `document`; "
    "a passage its `witness` utterance; an alignment its quote or report (`news_utterance`) and its witness "
    "(`transcript_utterance`) and lists the `passages` it renders; a mention its `utterance` and `entity`; a "
    "dialogue act and a tokens row their utterance. `utterances.passages` ties every utterance to the passages it "
    "witnesses or renders, so grouping by a passage id counts each stretch of speech once. Offsets (`start`, "
    "`end`) are Python `str` indices into `documents.raw_text`. `croissant.json` declares the keys and these "
    "references.")

CURATION_RATIONALE = (
    "The five documents are the seed set the corpus started from. Together they show one series of meetings "
    "through three kinds of witness: the Kremlin's official transcripts (three pages), a state newspaper of the "
    "other side that paraphrases, quotes after RT and Sputnik and reproduces a Kremlin text (The Syria Times), and "
    "a third party quoting the Kremlin (the Schiller Institute release). That makes it possible to follow the same "
    "words from the transcript into news reports, and to see which links of that chain survive. Other meetings "
    "and other outlets' reports exist and are not included.")

COLLECTION = (
    "The raw files are the seed files as received (each one's seed file name and SHA-256 are in the `documents` "
    "table), stored byte for byte: the Kremlin pages keep the website's page furniture (\"View settings\", "
    "\"Font size:\"), the no-break spaces and the publishers' quote marks. When and by whom they were retrieved "
    "from the publishers' websites is not recorded. Nothing is normalised in place: `text_normalised` columns are "
    "derived (NFKC, straight quotes, one space per run of white space). A source URL is given only where a stored "
    "copy of the page was read and holds the same text; the evidence (the address and a sentence quoted from it) "
    "is in the `documents` table (`source_url_evidence`):")

PRODUCERS = (
    "The texts were written and published by the Kremlin's press service (the President of Russia's official "
    "website), The Syria Times, and the Schiller Institute's news service (EIRNS); parts of the Syria Times "
    "article are relayed from RT and Sputnik, as the article says. The speakers are Vladimir Putin and Bashar "
    "al-Assad; their interpreters and translators are not named. No demographic information about the writers is "
    "known or inferred.")

PERSONAL = (
    "The people who speak or are named are public figures acting in public office (heads of state, ministers, "
    "foreign leaders) and groups (\"the press\", armed forces). No private person is named. The texts hold "
    "political opinions and claims of those public figures about war, terrorism and casualties, because that is "
    "their subject; nothing was anonymised, since the documents are public statements.")

RISKS = (
    "- The texts carry the narratives of the governments that published them (e.g. calling armed opponents "
    "\"terrorists\"); used without that context, the corpus can spread them.\n"
    "- Every label is an AI model's judgement: topics, dialogue acts, relations and confidences can be wrong. "
    "The blind second pass was made by a session of the same model, so it is not an independent check: it may "
    "share the first pass's blind spots (no human annotator has measured how many errors remain).\n"
    "- Word-level comparisons and similarity measures depend on the tokenisation and on English translations, "
    "not on what was said in Russian or Arabic.")

RECOMMENDATIONS = (
    "- Count speech with the `passages` config (each stretch once, words from transcripts only), not by summing "
    "utterances across documents.\n"
    "- Read a relation of `weak` confidence, and any label you rely on, against the text in `viewer/`.\n"
    "- Cite the version you used; releases never change, and corrections come as new versions.\n"
    "- Say that the annotations were made by an AI language model when you report results.")

GLOSSARY = (
    "- **Utterance:** words attributed to one speaker in one document: a transcript turn, a direct quote or an "
    "indirect report.\n"
    "- **Passage:** a stretch of speech (a sentence or functional segment) spoken by one person at one event, "
    "recorded once.\n"
    "- **Witness (primary):** the best record of a passage's words in the corpus: an official transcript, else a "
    "transcript reproduced by another outlet, else a news quote or report that no transcript matches.\n"
    "- **Standing:** what the witness is (`official_transcript`, `reproduced_transcript`, `news_quote`, "
    "`news_report`).\n"
    "- **Rendering:** a quote, report or narration that goes back to a passage (a row of `alignments`), with its "
    "relation: `verbatim`, `edited_same_translation`, `different_translation`, `paraphrase`, `summary`, "
    "`partial`, `no_counterpart`.\n"
    "- **Witness chain / relay:** the outlets the words passed through before the document that prints them, "
    "nearest the speaker first (e.g. the Kremlin, then The Syria Times), and which of their texts the corpus "
    "holds.\n"
    "- **Translation path; re-translated:** the languages from the one spoken to the one printed; Assad's "
    "Arabic reached the Kremlin's English through Russian (`[ar, ru, en]`, marked \"re-translated\").\n"
    "- **Cue:** the reporting verb of a quote or report (\"said\", \"told the Syrian president\").\n"
    "- **Source mention:** how the reporter names the speaker (\"the Russian President\").\n"
    "- **Speech event:** narration that speech took place without attributable words (\"the two leaders "
    "discussed\").\n"
    "- **Dialogue act:** a functional segment with its communicative function (a scheme based on ISO 24617-2).")

MORE_INFORMATION = (
    "The source repository holds the annotation guidelines (`docs/annotation-guidelines.md`), the format of the "
    "annotation files, the catalogue of the validator's checks with a stable id each (`docs/checks.md`), both "
    "annotation passes (`agreement/`), and the `pamc` tool: `validate`, `build`, `diff`, `verify`, `show`, "
    "`stats` and `fidelity`.")

CARD_AUTHORS = ("The Putin–Assad Meetings Corpus contributors. The card is generated by `pamc build` from the "
                "release's tables and from texts written with the AI language model that made the annotations.")

CONTACT = ("No public contact address has been published yet. Corrections are made in the source repository's "
           "annotation files and published as a new version with a changelog entry.")


def apa(version: str) -> str:
    return f"Putin–Assad Meetings Corpus contributors. *Putin–Assad Meetings Corpus* (Version {version}) [Data set]."


def annotators(n_checks: int) -> str:
    """The card's "Who are the annotators" section: how the annotations were made, by what, how checked."""
    return (
        "**Every annotation in this corpus was made by an AI language model**, not by a person. The model read "
        "each raw text sentence by sentence, following `docs/annotation-guidelines.md` of the source repository, "
        "and wrote the YAML annotation files from which this release is built.\n\n"
        "- **Passes.** A first pass annotated all five documents. A blind second pass, by a separate session of the "
        "same model with no shared context, annotated them again from the raw texts and the guidelines alone. "
        "Both passes are kept (`agreement/` in the source repository); the figures are in *Inter-annotator "
        "agreement* below.\n"
        "- **Adjudication.** Every disagreement between the passes was decided by the model re-reading the text; "
        "each decision became a hard case of the guidelines, and each changed utterance says so in its `note`. "
        "An independent audit by another session of the model later checked about 1,500 field values against the "
        "text; its definite findings were corrected in version 1.4.0 (see the changelog).\n"
        f"- **Mechanical checks.** Before any release is built, the validator runs {n_checks} checks with stable "
        "ids: every span's offsets against its text in the raw file, nesting of acts and mentions, references "
        "between tables, vocabularies, dates against their evidence, alignments, the consistency of identical "
        "texts, and the evidence of every outside fact. A release is refused while any check fails.\n"
        "- **Passages and renderings.** Each stretch of speech is recorded once, on its primary witness; the "
        "alignments that say which quote or report renders which stretch were made by the model reading the texts "
        "side by side, in one pass; the links added or changed in 2.0.0 were checked by a blind second pass of a "
        "separate session, whose disagreements are recorded in the alignments' notes.\n"
        "- **What the corpus does not have:** no human annotator and no human review of every record; no audio or "
        "video; no original Arabic or Russian text (every text is the English published version); no annotation of "
        "the narration beyond the speech it reports.\n\n"
        "Two sessions of the same model are likely to agree more than two human annotators with different "
        "backgrounds would: read the agreement figures as a measure of how reproducible the guidelines are.")


def bibtex(version: str) -> str:
    return ("@misc{putin_assad_meetings_corpus,\n  title = {Putin--Assad Meetings Corpus},\n"
            "  author = {{Putin--Assad Meetings Corpus contributors}},\n"
            f"  version = {{{version}}},\n  note = {{Utterance annotations of five documents, made by an AI language "
            "model and checked mechanically}}\n}}")


def _provenance_rows(docs: list[dict[str, Any]]) -> str:
    """Where each document came from and under what licence, each value with its evidence."""
    lines = []
    for d in docs:
        ev = d.get("source_url_evidence")
        url = (f"{d['source_url']} (a stored copy was read; it holds this text: “{ev['quote'][:140].strip()}…”)"
               if d["source_url"] and ev else "unknown: no stored copy of the publication was found")
        licence = d["licence"] or "unknown"
        lines.append(f"- `{d['id']}`: source {url}. Licence: {licence}. {d['licence_note']}")
    return "\n".join(lines)


def _yaml(data: Any) -> str:
    """The card's YAML header: block style, keys in the order written here, no line wrapping (libyaml's
    emitter when installed, as PyYAML's reader; the text is the same as ruamel.yaml's, which wrote 1.3.0)."""
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), default_flow_style=False,
                     sort_keys=False, width=4096, allow_unicode=True)


_DTYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool", "date": "date32"}  # Arrow's names


def _feature(name: str | None, c: Column) -> Any:
    """One column as Hugging Face ``datasets`` writes it in a card's ``dataset_info`` (``name`` None: the
    element of a list). Written here rather than imported: ``datasets`` takes a second to import, and a test
    compares this with ``datasets.Features`` of the Arrow schema for every table."""
    if c.kind == "struct":
        inner: Any = [_feature(f.name, f) for f in c.fields]
        key = "struct"
    elif c.kind == "list":
        assert c.item is not None
        inner, key = _feature(None, c.item), "list"
    else:
        inner, key = _DTYPES[c.kind], "dtype"
    if name is None:  # a list's element: a dtype or a struct's fields stand alone, a nested list keeps its key
        return inner if key != "list" else {"list": inner}
    return {"name": name, key: inner}


def features(table: str) -> list[dict[str, Any]]:
    return [_feature(c.name, c) for c in columns(table)]


def metadata(summary: Summary, version: str, shards: dict[str, list[str]]) -> dict[str, Any]:
    configs, infos = [], []
    for name in RELEASE_ROW_MODELS:
        if not summary.rows[name]:
            continue  # datasets cannot load an empty split; the card lists the table as empty instead
        cfg: dict[str, Any] = {"config_name": name}
        if name == DEFAULT_CONFIG:
            cfg["default"] = True
        files = shards[name]
        cfg["data_files"] = [{"split": "train", "path": files[0] if len(files) == 1 else files}]
        configs.append(cfg)
        # No num_bytes or dataset_size: datasets computes them from its own reading and casting of the Parquet
        # files (a struct column gains a validity bitmap there), which only datasets itself can reproduce, and
        # importing it would triple the build's start-up. A size the card could not guarantee is left out.
        infos.append({"config_name": name, "features": features(name),
                      "splits": [{"name": "train", "num_examples": summary.rows[name]}]})
    return {
        "pretty_name": "Putin–Assad Meetings Corpus",
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "language": ["en"],
        "license": "unknown",
        "source_datasets": ["original"],
        "multilinguality": ["monolingual"],
        "size_categories": ["n<1K"],
        "task_categories": ["text-classification", "token-classification"],
        # values of the Hub's task list (huggingface_hub docs/hub/datasets-tags.md): topics, dialogue-act functions,
        # entity mentions; the attributions' source/cue/content labels are in the tokens config
        "task_ids": ["topic-classification", "multi-label-classification", "intent-classification",
                     "named-entity-recognition"],
        "tags": ["political-communication", "diplomacy", "dialogue-acts", "quotation", "news", "translation"],
        "version": version,
        "configs": configs,
        "dataset_info": infos,
    }


def _table(header: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def _field_rows(cols: tuple[Column, ...], prefix: str = "") -> list[list[str]]:
    rows = []
    for c in cols:
        text = (c.description or "").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
        rows.append([f"`{prefix}{c.name}`", text])
        if c.struct is not None:
            rows += _field_rows(c.struct.fields, f"{prefix}{c.name}.")
    return rows


def _fields(table: str) -> str:
    return _table(["field", "meaning"], _field_rows(columns(table)))


def _crosstab(counts: Counter, row_key: str, col_key: str) -> str:
    """A table of ``counts`` ((row value, column value) → n) with totals."""
    cols = sorted({c for _, c in counts})
    keys = sorted({k for k, _ in counts})
    body = [[f"`{k}`", *[counts[(k, c)] for c in cols], sum(counts[(k, c)] for c in cols)] for k in keys]
    body.append(["**total**", *[sum(counts[(k, c)] for k in keys) for c in cols], sum(counts.values())])
    return _table([row_key, *[f"`{c}`" for c in cols], "total"], body)


def render(summary: Summary, version: str, changelog: str,
           agreement: str | None = None, fidelity: str | None = None, figures: list[str] | None = None,
           shards: dict[str, list[str]] | None = None) -> str:
    shards = shards or {name: [parquet_path(name)] for name in RELEASE_ROW_MODELS}
    docs = summary.small["documents"]
    annotated = summary.annotated()
    words, spoken_passages = summary.spoken()
    reported = summary.reported_only()
    topics = summary.witness_topics()
    functions = summary.functions
    parts = [
        "---\n" + _yaml(metadata(summary, version, shards)) + "---",
        f"# Putin–Assad Meetings Corpus, version {version}",
        SUMMARY,
        "## Dataset Details",
        "### Dataset Description",
        DESCRIPTION,
        f"This version annotates {len(annotated)} of the {len(docs)} documents: "
        + ", ".join(f"`{d}`" for d in annotated) + ". "
        + ("The others are in the `documents` table (provenance and full text) without utterances yet."
           if len(annotated) < len(docs) else "All documents are annotated."),
        DETAILS,
        "### Dataset Sources",
        SOURCES,
        "## Uses",
        "### Direct Use",
        DIRECT_USE,
        "#### Loading",
        "Run these from this directory; each snippet is executed by the corpus's tests.",
        "```python\nfrom pathlib import Path\nfrom datasets import load_dataset\n"
        "release = str(Path(\".\").resolve())  # this directory\n"
        "utterances = load_dataset(release, \"utterances\", split=\"train\")\n"
        "print(utterances.num_rows, utterances[0][\"speaker\"], utterances[0][\"text\"][:60])\n"
        "stream = load_dataset(release, \"utterances\", split=\"train\", streaming=True)\n"
        "print(next(iter(stream))[\"id\"])\n```",
        "```python\nimport pandas as pd\n"
        + ("df = pd.read_parquet(\"data/utterances\")\n" if len(shards["utterances"]) > 1
           else f"df = pd.read_parquet(\"{parquet_path('utterances')}\")\n") +
        "print(df.groupby([\"document\", \"mode\"]).size())\n```",
        ("```python\nimport duckdb\n"
         "duckdb.sql(\"\"\"\n    SELECT a.relation, u.speaker, e.date, count(*) AS n\n"
         "    FROM 'data/alignments/*.parquet' a\n    JOIN 'data/utterances/*.parquet' u ON a.news_utterance = u.id\n"
         "    JOIN 'data/events/*.parquet' e ON u.event = e.id\n    GROUP BY ALL ORDER BY ALL\"\"\").show()\n```"
         if summary.rows["alignments"] else
         "```python\nimport duckdb\n"
         "duckdb.sql(\"\"\"\n    SELECT u.speaker, e.date, count(*) AS n\n"
         "    FROM 'data/utterances/*.parquet' u JOIN 'data/events/*.parquet' e ON u.event = e.id\n"
         "    GROUP BY ALL ORDER BY ALL\"\"\").show()\n```"),
        "```python\nimport polars as pl\n"
        "print(pl.scan_parquet(\"data/utterances/*.parquet\").group_by(\"speaker\").agg(pl.col(\"n_words\").sum())"
        ".sort(\"speaker\").collect())\n```",
        "Every table is also available as JSON Lines under `jsonl/`. A table with no rows in this version (see "
        "Configs) still has its Parquet file, with the full schema, for pandas, DuckDB and Polars, but is not "
        "declared as a `datasets` config, because `datasets` cannot load an empty split. Offsets (`start`, `end`) "
        "are Python `str` indices into `documents.raw_text`; `text` always equals `raw_text[start:end]`.",
        "### Out-of-Scope Use",
        out_of_scope(summary.rows["utterances"], summary.rows["passages"]),
        "## Dataset Structure",
        STRUCTURE,
        "### Configs",
        _table(["config", "rows", "contents"],
               [[f"`{n}`" + (" (default)" if n == DEFAULT_CONFIG else "") + ("" if summary.rows[n] else " (empty: no config)"),
                 summary.rows[n], TABLE_PURPOSE[n]]
                for n in RELEASE_ROW_MODELS]),
        "### Statistics",
        "Utterances by document and mode. These count records of the documents, not speech: the same words quoted "
        "in three documents are three utterances (the tables after this one count speech):",
        _crosstab(summary.document_mode, "document", "mode"),
        "The tables below count speech, not documents: each stretch of speech (a passage) once, through its "
        "primary witness, however many documents quote, report or reproduce it.",
        "Words spoken by event and speaker (passages whose witness is a transcript, official or reproduced; words "
        "are runs of letters and digits):",
        _crosstab(words, "event", "speaker"),
        "Passages by event and speaker (the same passages):",
        _crosstab(spoken_passages, "event", "speaker"),
        "Passages known only from a news quote or report (no transcript in the corpus holds them; their words are "
        "the reporters', so they are not counted as words spoken):",
        _crosstab(reported, "event", "speaker") if reported else "None.",
        "Topics (witness utterances carrying each, so each stretch of speech counts once): "
        + ", ".join(f"`{k}` {v}" for k, v in sorted(topics.items())) + ".",
        *[f"![{name.removesuffix('.svg').replace('-', ' ')}](figures/{name})" for name in (figures or [])],
        "Dialogue-act functions (segments): " + ", ".join(f"`{k}` {v}" for k, v in sorted(functions.items())) + ".",
        f"Speech events without attributable words: {summary.rows['speech_events']}. "
        f"Entity mentions: {summary.rows['mentions']}. Passages: {summary.rows['passages']}. "
        f"Renderings (alignments): {summary.rows['alignments']}.",
        "### Questions researchers ask",
        "Each snippet runs from this directory (`pip install pandas duckdb polars`); what it prints on this "
        "release is shown below it, and the corpus's tests run it and compare.",
        questions.section(summary.small, summary.utterance_passages),
        "### Fields",
        *[f"#### `{name}`\n\n{_fields(name)}" for name in RELEASE_ROW_MODELS],
        "## Dataset Creation",
        "### Curation Rationale",
        CURATION_RATIONALE,
        "### Source Data",
        "#### Data Collection and Processing",
        COLLECTION,
        _table(["id", "publisher", "genre", "printed date", "printed place", "characters", "SHA-256 (raw bytes)",
                "source URL", "licence"],
               [[f"`{d['id']}`", d["publisher"], d["genre"], d["printed_date"]["normalized"] or "not printed",
                 d["printed_place"]["normalized"] or "—", d["n_chars"], f"`{d['sha256'][:16]}…`",
                 d["source_url"] or "unknown", d["licence"] or "unknown"] for d in docs]),
        "A source URL is given only where a stored copy of the page was read and holds the same text; the "
        "evidence (the address and a sentence quoted from it) is in the `documents` table "
        "(`source_url_evidence`). No licence could be cited for any document, so every `licence` is null and the "
        "card's licence is `unknown`; each document's `licence_note` says what is known:",
        _provenance_rows(docs),
        "The raw texts are third-party publications (Kremlin, The Syria Times, Schiller Institute / EIRNS): check "
        "the publishers' terms before redistributing them. The annotations are the corpus's own work.",
        "#### Who are the source data producers?",
        PRODUCERS,
        "### Annotations",
        "#### Annotation process",
        "The rules are in `docs/annotation-guidelines.md` of the source repository; the vocabularies, each value "
        "with its definition, are in the `vocabularies` config. Every span was written with both offsets and text, "
        "and the build refuses any span whose text differs from the raw text at its offsets. Passages were cut by "
        "a script at the dialogue-act boundaries of each witness and where a rendering begins or ends inside one, "
        "then checked by the validator (each word of a witness in one passage).",
        "#### Who are the annotators?",
        annotators(len(CHECKS)),
        "#### Inter-annotator agreement",
        # the agreement report's own headings sit below this section's
        (re.sub(r"(?m)^### ", "##### ", agreement) if agreement else "No second annotation pass is part of this version.")
        + ("\n\nUtterances of the two passes are matched one to one by largest overlap; kappa is Cohen's kappa "
           "on matched utterances; topics are compared as one yes/no decision per (utterance, topic). Every "
           "disagreement was adjudicated by reading the text (guidelines, hard cases). Recompute with "
           "`pamc agreement` (see `agreement/README.md` in the source repository)." if agreement else ""),
        "#### Quote fidelity",
        (fidelity + "\nEach alignment (a rendering) links a passage of a quote or report to the stretch of its witness "
         "it goes back to, with a relation assigned by the annotating model (verbatim, edited_same_translation, "
         "different_translation, paraphrase, summary, partial, no_counterpart); the `alignments` config holds the "
         "measures per pair (similarities, the word-level comparison, whether quoted words are in the witness). The "
         "alignments were made by the model in one pass, reading the texts side by side, without the automatic "
         "matcher; the links added or changed in 2.0.0 were checked by a blind second pass of a separate session."
         if fidelity else "No alignments in this version."),
        "### Personal and Sensitive Information",
        PERSONAL,
        "## Bias, Risks, and Limitations",
        "- All sources are official or state-aligned: the Kremlin (Presidential Executive Office), The Syria Times "
        "(Syrian state-owned), RT and Sputnik (Russian state media, as relayed), and the Schiller Institute. The "
        "corpus shows how these outlets present the meetings, not an independent record.\n"
        "- Assad's words reach the Kremlin transcripts through interpretation into Russian and translation into "
        "English ('re-translated'); Putin's through translation into English. No original-language audio or text "
        "is included, so wording differences may be translation artefacts.\n"
        f"- Wikidata ids are given for {summary.wikidata_count()} persons and entities, each with the source that "
        "pairs the id with the item and the sentence quoted (`wikidata_evidence`); the others are null, because "
        "no citable source was found, never guessed.\n"
        "- The annotations were made by an AI language model following the guidelines (see *Who are the "
        "annotators*); topics and dialogue acts involve judgement. Both annotation passes were made by separate "
        "sessions of the same model (no shared context); their agreement likely overstates what two human "
        "annotators would reach." + "\n" + RISKS,
        "### Recommendations",
        RECOMMENDATIONS,
        "## Citation",
        "**BibTeX:**\n\n```bibtex\n" + bibtex(version) + "\n```\n\n**APA:**\n\n" + apa(version) + "\n\n"
        "`CITATION.cff` in this directory has the same in Citation File Format.",
        "## Glossary",
        GLOSSARY,
        "## More Information",
        MORE_INFORMATION,
        "## Dataset Card Authors",
        CARD_AUTHORS,
        "## Dataset Card Contact",
        CONTACT,
        "## Changelog",
        "Every version so far, newest first (published versions are never changed; `pamc diff OLD NEW` in the "
        "source repository lists what changed, record by record).",
        changelog.strip(),
    ]
    return "\n\n".join(parts) + "\n"
