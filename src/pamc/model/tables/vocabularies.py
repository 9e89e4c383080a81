"""Controlled vocabularies (annotations/vocabularies/*.yaml): every value with its definition."""

from __future__ import annotations

from pydantic import Field

from pamc.model.tables.common import Note, Slug, Strict, VocabValue


class VocabularyValue(Strict):
    id: VocabValue = Field(description="The value as used in the annotations.")
    definition: str = Field(min_length=10, description="What the value means; the reference for annotators.")
    source: str | None = Field(description="Where the value comes from, e.g. 'ISO 24617-2' or 'corpus extension'.")
    examples: list[str] = Field(default=[], description="Short examples from the corpus.")


class Vocabulary(Strict):
    vocabulary: Slug
    description: str
    values: list[VocabularyValue] = Field(min_length=1)
    note: Note


class VocabularyRow(VocabularyValue):
    """A published ``vocabularies`` row."""

    vocabulary: Slug = Field(description="Name of the vocabulary the value belongs to.")
