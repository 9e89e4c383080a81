"""The ``alignments`` table: which news passage reproduces which transcript passage (annotations/alignments.yaml).

Defined by the foundation; filled by the quote-provenance work.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Note, Span, Strict, VocabValue
from .utterances import UTTERANCE_ID


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
    """A published ``alignments`` row with derived similarity measures."""

    char_ratio: float | None = Field(description="Normalised Indel similarity of the two spans, 0..100.")
    token_set_ratio: float | None = Field(description="Token-set similarity of the two spans, 0..100.")
