"""The ``events`` table: the speech events at which the words were spoken (annotations/events.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pamc.model.tables.common import Evidence, IsoDate, Note, Slug, Span, Strict, VocabValue


class DateEvidence(Strict):
    """A passage of a document that fixes the date, and the reasoning from it to the date."""

    document: Slug = Field(description="Id of the document the words are in.")
    span: Span = Field(description="The words the date is read or derived from (e.g. 'Yesterday').")
    reasoning: str = Field(description="How the date follows from the words, e.g. 'Yesterday' + dateline.")


class Event(Strict):
    id: Slug = Field(description="Stable event id: place-date-kind.")
    title: str = Field(description="What the event was, in one line.")
    kind: VocabValue = Field(description="Kind of speech event, a value of the event_kinds vocabulary.")
    date: IsoDate | None = Field(description="Date of the event; null if the documents do not fix it.")
    date_precision: Literal["day", "month", "year", "unknown"] = Field(description="How precisely the documents fix the date.")
    date_evidence: list[DateEvidence] = Field(description="Every passage the date is read or derived from.")
    external_evidence: list[Evidence] = Field(
        default=[], description="Sources outside the corpus that fix the date or place more precisely than its texts do.")
    place: str | None = Field(description="Place as the documents give it; null if not stated.")
    place_entity: Slug | None = Field(description="Entity id of the place, if it is in the entities table.")
    participants: list[Slug] = Field(json_schema_extra={"uniqueItems": True}, description="Person ids of the speakers and audiences present.")
    note: Note
