"""Pydantic models: the one source of truth for the annotation files, the JSON Schema and the release tables."""

from pamc.model.tables.alignments import Alignment, AlignmentRow, AlignmentsFile, Passage, PassageRow
from pamc.model.tables.common import Span
from pamc.model.tables.documents import Document, DocumentRow
from pamc.model.tables.events import Event
from pamc.model.tables.people import Entity, Person
from pamc.model.tables.utterances import (
    DialogueAct,
    DialogueActRow,
    DocumentAnnotations,
    Mention,
    MentionRow,
    SpeechEvent,
    SpeechEventRow,
    TokensRow,
    Utterance,
    UtteranceRow,
)
from pamc.model.tables.vocabularies import Vocabulary, VocabularyRow

__all__ = [
    "Alignment", "AlignmentRow", "AlignmentsFile", "DialogueAct", "DialogueActRow", "Document",
    "DocumentAnnotations", "DocumentRow", "Entity", "Event", "Mention", "MentionRow", "Passage", "PassageRow", "Person", "Span",
    "SpeechEvent", "SpeechEventRow", "TokensRow", "Utterance", "UtteranceRow", "Vocabulary", "VocabularyRow",
]
