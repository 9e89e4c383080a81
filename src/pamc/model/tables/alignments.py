"""The ``alignments`` table: which news passage reproduces which transcript passage (annotations/alignments.yaml).

Defined by the foundation; filled by the quote-provenance work.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pamc.model.tables.common import Note, Span, Strict, VocabValue
from pamc.model.tables.utterances import UTTERANCE_ID


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
    alignments: list[Alignment]


class AlignmentRow(Alignment):
    """A published ``alignments`` row: the annotated link plus fidelity measures derived from the two spans."""

    news_document: str = Field(description="Document of the news utterance.")
    news_mode: str = Field(description="Mode of the news utterance (direct_quote or indirect_report).")
    transcript_document: str | None = Field(description="Document of the transcript utterance; null without counterpart.")
    speaker: str = Field(description="Person id of the speaker (the same on both sides).")
    relay: list[str] = Field(description="Outlets the news passage passed through (its utterance's relay chain).")
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
