"""Passages of speech and their renderings (annotations/alignments.yaml).

A passage is a stretch of words spoken by one person at one event, held by its primary witness: the best record
of those words the corpus holds (a transcript turn; a news quote or report only where no transcript has them).
An alignment says that a news passage (a quote, a report, a Kremlin page's own narration) renders a stretch of a
witness utterance; the passages that stretch overlaps are the ones it renders.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pamc.model.tables.common import Note, Span, Strict, VocabValue
from pamc.model.tables.utterances import UTTERANCE_ID, Relay

PASSAGE_ID = r"^p[0-9]{4,6}$"
Standing = Literal["official_transcript", "reproduced_transcript", "news_quote", "news_report"]
STANDING_DESCRIPTION = ("official_transcript: a turn of the publisher's own transcript; reproduced_transcript: a "
                        "turn of another publisher's transcript, reproduced (the relay names whose); news_quote / "
                        "news_report: a news quote or report, where no transcript in the corpus has the words.")


class Passage(Strict):
    """A stretch of speech (a sentence or functional segment) of its primary witness utterance."""

    id: str = Field(pattern=PASSAGE_ID, description="Passage id, pNNNN (more digits past p9999); published ids are never renumbered.")
    witness: str = Field(pattern=UTTERANCE_ID, description="Id of the primary witness: the utterance that is the best "
                         "record of these words in the corpus.")
    span: Span = Field(description="The words of the passage: a sub-span of the witness utterance.")
    note: Note


class Alignment(Strict):
    id: str = Field(pattern=r"^a[0-9]{4}$", description="Alignment id, aNNNN.")
    news_utterance: str = Field(pattern=UTTERANCE_ID, description="Id of the news utterance.")
    news_span: Span = Field(description="Sub-span of the news utterance that corresponds.")
    transcript_utterance: str | None = Field(pattern=UTTERANCE_ID, description="Null when there is no counterpart.")
    transcript_span: Span | None = Field(description="Sub-span of the transcript utterance that corresponds.")
    relation: VocabValue = Field(description="A value of the alignment_relations vocabulary.")
    confidence: Literal["strong", "weak"] = Field(description="strong or weak.")
    no_counterpart_reason: str | None = Field(description="Why no transcript passage corresponds (relation no_counterpart).")
    note: Note


class AlignmentsFile(Strict):
    passages: list[Passage] = Field(default=[], description="The passages of every witness utterance, in text order.")
    alignments: list[Alignment]


class WitnessLink(Strict):
    """One outlet on the way from the speaker to the witness, nearest the speaker first; the last is the
    publisher of the document that holds the witness."""

    outlet: str = Field(description="Entity id of the outlet.")
    held: bool = Field(description="Whether the corpus holds this outlet's own text of the event.")
    document: str | None = Field(description="The document of the corpus that holds this link's text; null when "
                                 "the corpus does not hold it.")


class WordOp(Strict):
    """One step of the word-level comparison of a news passage with its witness (difflib's sequence matcher)."""

    op: Literal["keep", "change", "add", "drop"] = Field(
        description="keep: the same words; change: witness words replaced by other news words; add: news words "
        "with no witness counterpart; drop: witness words the news passage leaves out.")
    news: Span | None = Field(description="The news words of this step (null for drop).")
    witness: Span | None = Field(description="The witness words of this step (null for add).")


class AlignmentRow(Alignment):
    """A published ``alignments`` row: the annotated link plus fidelity measures derived from the two spans."""

    news_document: str = Field(description="Document of the news utterance.")
    news_mode: str = Field(description="Mode of the news utterance (direct_quote or indirect_report).")
    transcript_document: str | None = Field(description="Document of the transcript utterance; null without counterpart.")
    speaker: str = Field(description="Person id of the speaker (the same on both sides).")
    outlet: str = Field(description="Entity id of the publisher of the news document (the outlet that printed it).")
    relay: list[Relay] = Field(description="Outlets the news passage passed through before that document (its "
                               "utterance's relay, nearest the speaker first; the same shape as in utterances).")
    passages: list[str] = Field(description="Ids of the passages the news span renders: those of the witness "
                                "utterance that the witness span overlaps, in text order; empty without counterpart.")
    witness_standing: Standing | None = Field(description="What the witness is. " + STANDING_DESCRIPTION)
    char_ratio: float | None = Field(description="rapidfuzz fuzz.ratio of the two normalised spans (normalised Indel "
                                     "similarity of the character sequences), 0-100.")
    token_set_ratio: float | None = Field(description="rapidfuzz fuzz.token_set_ratio of the two normalised spans "
                                          "(word-set overlap, order ignored), 0-100.")
    news_words: int = Field(description="Words (lower-cased alphanumeric tokens) in the news span.")
    transcript_words: int | None = Field(description="Words in the transcript span.")
    words_added: int | None = Field(description="Words of the news span not in the transcript span (multiset difference).")
    words_dropped: int | None = Field(description="Words of the transcript span not in the news span (multiset difference).")
    quoted_words: int = Field(description="Words inside quote marks in the news span (a direct quote counts whole).")
    quoted_words_in_transcript: int | None = Field(description="How many of the quoted words occur in the transcript span.")
    quote_is_verbatim: bool | None = Field(description="True if every quoted stretch occurs word for word (after "
                                           "normalisation) in the transcript span; null if nothing is quoted or "
                                           "there is no counterpart.")
    diff_kept: int | None = Field(description="Word-level comparison (difflib's sequence matcher on the normalised "
                                  "words, in order): witness words kept by the news span.")
    diff_changed: int | None = Field(description="Witness words replaced by other words in the news span.")
    diff_added: int | None = Field(description="News words with no counterpart in the witness span.")
    diff_dropped: int | None = Field(description="Witness words the news span leaves out.")
    word_diff: list[WordOp] = Field(description="The comparison step by step, with the spans of both sides; empty "
                                    "without counterpart.")


class PassageRow(Passage):
    """A published ``passages`` row: the annotated passage with what its witness says about it."""

    document: str = Field(description="Document of the witness.")
    event: str = Field(description="Event id: where and when the words were spoken.")
    speaker: str = Field(description="Person id of the speaker.")
    standing: Standing = Field(description=STANDING_DESCRIPTION)
    is_transcript: bool = Field(description="true when the witness is a transcript turn (official or reproduced): "
                                "the words as delivered, in translation. Count words spoken over these only.")
    witness_chain: list[WitnessLink] = Field(description="The outlets the words passed through to the witness, nearest "
                                             "the speaker first, with which of their texts the corpus holds.")
    text_normalised: str = Field(description="span.text with Unicode NFKC (no-break spaces become spaces), curly "
                                 "quotes and apostrophes made straight and runs of white space made one space.")
    n_words: int = Field(description="Words in text_normalised (runs of letters and digits).")
    witness_topics: list[str] = Field(description="Topics of the witness utterance (annotated per utterance, not "
                                      "per passage).")
    renderings: list[str] = Field(description="Ids of the alignments that render this passage, in id order.")
    rendered_by: list[str] = Field(description="Ids of the utterances that render it (sorted, each once).")
    rendering_outlets: list[str] = Field(description="Outlets that printed a rendering (sorted, each once).")
