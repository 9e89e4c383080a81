"""The ``persons`` and ``entities`` tables (hand-edited in annotations/persons.yaml and entities.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pamc.model.tables.common import Evidence, Note, Slug, Strict, VocabValue

WIKIDATA = r"^Q[1-9][0-9]*$"


class Person(Strict):
    """A speaker, an addressee, or a group addressed (e.g. the press, Russian military officials)."""

    id: Slug = Field(description="Stable person id.")
    name: str = Field(description="Name or description as used in this corpus.")
    kind: Literal["person", "group"] = Field(description="person: one individual; group: an audience or body.")
    role: str | None = Field(description="Office held at the time of the documents, as the documents state it.")
    entity: Slug | None = Field(description="The entity this person or group is, when it is mentioned in the texts.")
    wikidata: str | None = Field(pattern=WIKIDATA, description="Wikidata id, only where a citable source gives it; else null.")
    wikidata_evidence: Evidence | None = Field(default=None, description="The source pairing the id with this person; required with an id.")
    note: Note


class Entity(Strict):
    """Something mentioned by name in an utterance: a person, country, organisation, place, event..."""

    id: Slug = Field(description="Stable entity id.")
    name: str = Field(description="Name as used in this corpus.")
    type: VocabValue = Field(description="Entity type, a value of the entity_types vocabulary.")
    description: str = Field(description="What the entity is, in one line, as the documents establish it.")
    aliases: list[str] = Field(default=[], json_schema_extra={"uniqueItems": True},
                               description="Other names of the entity in the corpus (no two entities share a name or alias).")
    wikidata: str | None = Field(pattern=WIKIDATA, description="Wikidata id, only where a citable source gives it; else null.")
    wikidata_evidence: Evidence | None = Field(default=None, description="The source pairing the id with this entity; required with an id.")
    note: Note
