"""Pydantic models: the one source of truth for the annotation files, the JSON Schema and the release tables."""

from .alignments import Alignment, AlignmentRow, AlignmentsFile
from .common import Span
from .documents import Document, DocumentRow
from .events import Event
from .people import Entity, Person
from .utterances import (
    DialogueAct,
    DialogueActRow,
    DocumentAnnotations,
    Mention,
    MentionRow,
    SpeechEvent,
    SpeechEventRow,
    Utterance,
    UtteranceRow,
)
from .vocabularies import Vocabulary, VocabularyRow

__all__ = [
    "Alignment", "AlignmentRow", "AlignmentsFile", "DialogueAct", "DialogueActRow", "Document",
    "DocumentAnnotations", "DocumentRow", "Entity", "Event", "Mention", "MentionRow", "Person", "Span",
    "SpeechEvent", "SpeechEventRow", "Utterance", "UtteranceRow", "Vocabulary", "VocabularyRow",
]
