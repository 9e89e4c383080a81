"""Utterances and what hangs off them (hand-edited in annotations/documents/<document>.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pamc.model.tables.common import End, ExactText, LanguageCode, Note, Offset, Slug, Span, Start, Strict, VocabValue

UTTERANCE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*\.u[0-9]{3}$"
SPEECH_EVENT_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*\.s[0-9]{3}$"
Mode = Literal["transcript_turn", "direct_quote", "indirect_report"]


class Translation(Strict):
    """How the words travelled from the language spoken to the language printed."""

    path: list[LanguageCode] = Field(
        min_length=1, json_schema_extra={"uniqueItems": True},
        description="Languages from the one spoken to the one printed, e.g. [ar, ru, en] for a re-translated turn.",
    )
    basis: Literal["marked", "inherited", "inferred"] = Field(
        description="marked: a marker on this utterance says so; inherited: a marker on an earlier turn of the "
        "same speaker in the same document; inferred: from the speaker's language and the publisher.",
    )
    marker: Span | None = Field(description="The printed marker, e.g. '(re-translated)' or '(in Russian)'.")
    complete: bool = Field(default=True, description="false when the path lists only the language spoken and the one "
                           "printed because the route between them is unknown (a news outlet's own paraphrase): "
                           "no direct translation is asserted.")
    evidence: str = Field(description="Why the path is what it is.")


class Relay(Strict):
    """One outlet the words passed through before reaching this document, nearest the speaker first."""

    outlet: Slug = Field(description="Entity id of the outlet (an organisation).")
    basis: Literal["explicit", "inferred"] = Field(description="explicit: the document names the outlet.")
    cue: Span | None = Field(description="The attribution as printed, e.g. 'According to RT'.")
    note: Note


class DialogueAct(Strict):
    """A functional segment (sentence or clause) of an utterance with one communicative function."""

    start: Start
    end: End
    text: ExactText
    function: VocabValue = Field(description="A value of the dialogue_act_functions vocabulary (ISO 24617-2 based).")
    note: Note


class Mention(Strict):
    """A span of an utterance that names an entity."""

    start: Start
    end: End
    text: ExactText
    entity: Slug = Field(description="Entity id.")


class Utterance(Strict):
    """Words attributed to one speaker: a transcript turn, a direct quote or an indirect report."""

    id: str = Field(pattern=UTTERANCE_ID, description="<document id>.uNNN, numbered in text order.")
    mode: Mode = Field(description="transcript_turn, direct_quote or indirect_report.")
    event: Slug = Field(description="Event id: where and when the words were spoken.")
    speaker: Slug = Field(description="Person id of the speaker.")
    speaker_label: Span | None = Field(description="For transcript turns: the printed label, e.g. 'Vladimir Putin'.")
    addressees: list[Slug] = Field(json_schema_extra={"uniqueItems": True}, description="Person ids of those spoken to.")
    start: Offset = Field(description="First character of the words (Python str index into the raw text).")
    end: Offset = Field(description="One past the last character of the words.")
    text: str = Field(description="Exactly raw_text[start:end]: the words, without quote marks.")
    cue: Span | None = Field(description="Reporting cue of a quote or report, e.g. 'said', 'told the Syrian president'.")
    source_mention: Span | None = Field(description="How the speaker is named by the reporter, e.g. 'the Russian President'.")
    embedded_in: str | None = Field(
        pattern=UTTERANCE_ID,
        description="For words reported inside another utterance (e.g. a turn that reports what the other "
        "president said), the id of that utterance; null for top-level utterances.",
    )
    language: LanguageCode = Field(description="Language in which the words were spoken (ISO 639-1).")
    translation: Translation = Field(description="Language path from the words spoken to the words printed, and its basis.")
    relay: list[Relay] = Field(description="Outlets the words passed through before this document, nearest the "
                               "speaker first; empty when the publisher had them first hand.")
    topics: list[VocabValue] = Field(min_length=1, json_schema_extra={"uniqueItems": True}, description="Values of the topics vocabulary.")
    dialogue_acts: list[DialogueAct] = Field(min_length=1, description="Functional segments covering the words, each with one communicative function.")
    mentions: list[Mention] = Field(description="Entity mentions inside the words, in text order.")
    note: Note


class SpeechEvent(Strict):
    """Narration that speech took place with no attributable words, e.g. 'the two leaders discussed X'.

    Kept apart from utterances so that counts of utterances are counts of attributable words.
    """

    id: str = Field(pattern=SPEECH_EVENT_ID, description="<document id>.sNNN")
    event: Slug = Field(description="Event id of the speech event narrated.")
    participants: list[Slug] = Field(min_length=1, json_schema_extra={"uniqueItems": True}, description="Person ids of those said to speak.")
    start: Start
    end: End
    text: str = Field(description="The narrating clause, exactly as printed.")
    cue: Span | None = Field(description="The verb of speaking, e.g. 'discussed'.")
    topics: list[VocabValue] = Field(json_schema_extra={"uniqueItems": True}, description="Values of the topics vocabulary: what the speech was about.")
    note: Note


class DocumentAnnotations(Strict):
    """One hand-edited file per document."""

    document: Slug
    utterances: list[Utterance]
    speech_events: list[SpeechEvent]


class UtteranceRow(Utterance):
    """A published ``utterances`` row."""

    document: Slug = Field(description="Document id.")
    n_words: int = Field(description="Number of whitespace-separated tokens in text.")
    text_normalised: str = Field(description="text with Unicode NFKC (no-break spaces become spaces), curly quotes "
                                 "and apostrophes made straight and runs of white space made one space; for phrase "
                                 "search (offsets refer to text, not to this).")
    passages: list[str] = Field(description="Ids of the passages these words are the witness of, or else render "
                                "(through their alignments): GROUP BY a passage id to count each stretch of speech "
                                "once.")
    renders: bool = Field(description="true when the utterance renders passages witnessed elsewhere (a quote, a "
                          "report, a reproduction); false when it is itself their witness, or has no counterpart.")


class SpeechEventRow(SpeechEvent):
    """A published ``speech_events`` row."""

    document: Slug = Field(description="Document id.")


class DialogueActRow(DialogueAct):
    """A published ``dialogue_acts`` row (one per functional segment)."""

    id: str = Field(description="<utterance id>.dNN, numbered in text order.")
    utterance: str = Field(description="Id of the utterance the segment belongs to.")
    document: Slug = Field(description="Document id.")
    speaker: Slug = Field(description="Person id of the utterance's speaker.")


class MentionRow(Mention):
    """A published ``mentions`` row."""

    id: str = Field(description="<utterance id>.mNN, numbered in text order.")
    utterance: str = Field(description="Id of the utterance the mention is in.")
    document: Slug = Field(description="Document id.")
    entity_type: VocabValue = Field(description="Type of the entity (entity_types vocabulary).")


TokenLabel = Literal["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]


class TokensRow(Strict):
    """A published ``tokens`` row: one attribution (an utterance with its source and cue) as tokens with
    character offsets and BIO labels, in the spirit of PARC 3.0 / PolNeAR (source, cue, content)."""

    id: str = Field(description="The utterance id.")
    document: Slug = Field(description="Document id.")
    speaker: Slug = Field(description="Person id of the speaker.")
    mode: Mode = Field(description="transcript_turn, direct_quote or indirect_report.")
    start: Offset = Field(description="First character of the first token: the attribution's extent, from the "
                          "first of its source, cue and content to the last.")
    end: Offset = Field(description="One past the last character of the last token.")
    tokens: list[str] = Field(description="Tokens of the extent: runs of letters and digits (with inner "
                              "apostrophes) and single other characters, white space left out; exactly the raw text "
                              "at their offsets.")
    token_starts: list[int] = Field(description="Offset of each token in the raw text (Python str index).")
    token_ends: list[int] = Field(description="One past the last character of each token.")
    labels: list[TokenLabel] = Field(description="BIO label of each token: SOURCE (the speaker label of a turn, or "
                                     "the reporter's source mention), CUE (the reporting cue), CONTENT (the words "
                                     "attributed), O (anything else inside the extent, e.g. quote marks).")
