"""The kinds of hand-edited file: which schema and model each follows. Plain data: importing it costs nothing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    """A kind of hand-edited file: its schema, its model and where its records are."""

    schema: str        # name of schema/<schema>.schema.json
    model: str         # name of the model (in pamc.model.tables) of one record (list files) or of the whole file
    is_list: bool      # the file is a list of records
    record_depth: int  # length of a record's JSON pointer (findings are grouped per record)


FILE_KINDS: dict[str, FileKind] = {
    "annotations/documents.yaml": FileKind("documents", "Document", True, 1),
    "annotations/events.yaml": FileKind("events", "Event", True, 1),
    "annotations/persons.yaml": FileKind("persons", "Person", True, 1),
    "annotations/entities.yaml": FileKind("entities", "Entity", True, 1),
    "annotations/vocabularies/": FileKind("vocabulary", "Vocabulary", False, 0),
    "annotations/documents/": FileKind("document-annotations", "DocumentAnnotations", False, 2),
    "annotations/alignments.yaml": FileKind("alignments", "AlignmentsFile", False, 2),
}

KIND_BY_SCHEMA: dict[str, FileKind] = {kind.schema: kind for kind in FILE_KINDS.values()}


def file_kind(rel: str) -> FileKind | None:
    """The kind of the file at ``rel`` (a path relative to the repository root), or None."""
    if rel in FILE_KINDS:
        return FILE_KINDS[rel]
    folder = rel.rsplit("/", 1)[0] + "/"
    return FILE_KINDS.get(folder) if rel.endswith(".yaml") else None


# Published tables: the name of each config and of its row model (in pamc.model.tables), in the order the card,
# the Croissant metadata and the release list them. ``build`` reads their committed schemas (schema/release/).
RELEASE_ROW_MODELS: dict[str, str] = {
    "utterances": "UtteranceRow",
    "passages": "PassageRow",
    "dialogue_acts": "DialogueActRow",
    "mentions": "MentionRow",
    "tokens": "TokensRow",
    "speech_events": "SpeechEventRow",
    "alignments": "AlignmentRow",
    "documents": "DocumentRow",
    "events": "Event",
    "persons": "Person",
    "entities": "Entity",
    "vocabularies": "VocabularyRow",
}
