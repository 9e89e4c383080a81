"""Building blocks shared by every table: strict base model, spans, identifiers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# Identifiers are lower-case kebab words; utterance ids add ".uNNN" to their document id.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
VocabValue = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=60)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
# "format": "date" makes the published column a date (Parquet date32, Croissant sc:Date); JSON Lines keep the string.
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="ISO 8601 calendar date YYYY-MM-DD.",
                               json_schema_extra={"format": "date"})]
Offset = Annotated[int, Field(ge=0, le=100_000_000)]
Start = Annotated[int, Field(ge=0, le=100_000_000, description="First character (Python str index into the raw text).")]
End = Annotated[int, Field(ge=0, le=100_000_000, description="One past the last character.")]
ExactText = Annotated[str, Field(max_length=200_000, description="Exactly raw_text[start:end].")]
Note = Annotated[str | None, Field(default=None, max_length=4000,
                                   description="Free note: the evidence or reasoning where a decision is not obvious.")]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a hand-edited file must not vanish silently.

    Validators are built on first use (``defer_build``): ``validate`` never pays for the release row models.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Span(Strict):
    """Characters ``start:end`` (Python ``str`` indices) of a raw document, with their exact text.

    The text is written out as well as the offsets (double entry) so that the
    validator can prove the two agree.
    """

    start: Offset = Field(description="Index of the first character (0-based, Python str index into the raw text).")
    end: Offset = Field(description="Index one past the last character.")
    text: str = Field(description="Exactly raw_text[start:end].", max_length=200_000)


class Evidence(Strict):
    """Where a fact about the corpus that its texts do not print (an address, a licence, a Wikidata id, an outside
    date) was found: a citable source and the sentence in it that establishes the value, quoted verbatim."""

    source: str = Field(pattern=r"^https?://\S+$", max_length=500,
                        description="Address of the page or repository file that states the value (a stored public copy was read).")
    quote: str = Field(min_length=1, max_length=2000, description="The sentence that establishes the value, quoted verbatim.")
    note: Note
