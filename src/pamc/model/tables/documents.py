"""The ``documents`` table: provenance of each raw file (hand-edited in annotations/documents.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pamc.model.tables.common import Evidence, LanguageCode, Note, Slug, Span, Strict

Genre = Literal["transcript", "news_article", "press_release"]

class PrintedValue(Strict):
    """A value as printed on the document (its span) and, where it can be read, its normal form."""

    span: Span | None = Field(description="Where the value is printed; null if it is not printed.")
    normalized: str | None = Field(description="ISO date or place name read from the span; null if not printed.")

class Document(Strict):
    id: Slug = Field(description="Stable document id, e.g. kremlin-2017-12-11-khmeimim.")
    raw_file: str = Field(description="Path of the raw text relative to the repository root (raw/...).",
                          pattern=r"^raw/[A-Za-z0-9._-]+\.txt$")
    seed_file: str = Field(description="Name of the seed file the raw text was copied from, byte for byte.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the raw file's bytes.")
    n_bytes: int = Field(ge=0, description="Length of the raw file in bytes (UTF-8).")
    n_chars: int = Field(ge=0, description="Length of the raw text in Unicode code points (Python len).")
    publisher: Slug = Field(description="Entity id of the publisher (an organisation in the entities table).")
    genre: Genre = Field(description="transcript, news_article or press_release.")
    language: LanguageCode = Field(description="Language of the document text (ISO 639-1).")
    title: Span = Field(description="The headline as printed.")
    printed_date: PrintedValue = Field(description="The date printed on the document (dateline).")
    printed_place: PrintedValue = Field(description="The place printed on the document (dateline).")
    source_url: str | None = Field(description="Where the document was published, only if citable; else null.")
    source_url_evidence: Evidence | None = Field(
        default=None, description="The source showing that the page at source_url holds this text; required with a source_url.")
    licence: str | None = Field(description="Licence of the text (an SPDX id where there is one), only if citable; else null.")
    licence_evidence: Evidence | None = Field(
        default=None, description="The publisher's own statement of the licence; required with a licence.")
    licence_note: str = Field(description="What is known about the licence and why it is null.")
    note: Note

class DocumentRow(Document):
    """A published ``documents`` row: the provenance plus the full raw text, so a release is self-contained."""

    raw_text: str = Field(description="The complete raw text, byte-identical to raw_file when UTF-8 encoded.")
