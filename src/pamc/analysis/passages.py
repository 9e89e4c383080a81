"""Speech, not spans: what the release derives about passages and their renderings.

A passage's standing and witness chain come from its witness utterance; a rendering's passages are the passages
of its witness that its witness span overlaps; the word-level comparison of a rendering with its witness is
difflib's sequence matcher over the normalised words, in order (as QUOTUS aligns news quotes with transcripts
word by word: kept, changed, added and dropped words).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pamc.model import tables as m

# NFKC turns the no-break space (U+00A0), the narrow one (U+202F) and the figure space into a plain space; it
# leaves curly quotes alone, so these are folded here. Dashes are kept: they carry meaning.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"'})
_SPACE = re.compile(r"\s+")
# A word: a run of letters and digits, apostrophes inside it kept ("today's"); what the comparison counts.
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def normalised_text(text: str) -> str:
    """The text for phrase search and word counts: NFKC, straight quotes, one space for each run of white space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def word_count(text: str) -> int:
    return len(_WORD.findall(normalised_text(text)))


def _tokens(text: str, offset: int) -> list[tuple[str, int, int]]:
    """(comparison form, start, end) of each word of ``text``, whose first character is at ``offset`` of the raw
    text. NFKC is applied word by word, so the offsets stay those of the raw text."""
    return [(unicodedata.normalize("NFKC", w.group()).translate(_QUOTES).lower(), offset + w.start(), offset + w.end())
            for w in _WORD.finditer(text)]


def _span(raw_text: str, offset: int, tokens: list[tuple[str, int, int]], i: int, j: int) -> dict[str, Any] | None:
    if i == j:
        return None
    start, end = tokens[i][1], tokens[j - 1][2]
    return {"start": start, "end": end, "text": raw_text[start - offset:end - offset]}


_OPS = {"equal": "keep", "replace": "change", "insert": "add", "delete": "drop"}


def word_diff(news: m.Span, witness: m.Span) -> dict[str, Any]:
    """The word-level comparison of a news span with its witness span: the four counts and the steps."""
    a, b = _tokens(witness.text, witness.start), _tokens(news.text, news.start)
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    counts = {"keep": 0, "change": 0, "add": 0, "drop": 0}
    steps = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        op = _OPS[tag]
        counts[op] += (j2 - j1) if op == "add" else (i2 - i1)
        steps.append({"op": op, "news": _span(news.text, news.start, b, j1, j2),
                      "witness": _span(witness.text, witness.start, a, i1, i2)})
    return {"diff_kept": counts["keep"], "diff_changed": counts["change"], "diff_added": counts["add"],
            "diff_dropped": counts["drop"], "word_diff": steps}


NO_DIFF = {"diff_kept": None, "diff_changed": None, "diff_added": None, "diff_dropped": None, "word_diff": []}


def standing(witness: m.Utterance) -> str:
    if witness.mode == "transcript_turn":
        return "reproduced_transcript" if witness.relay else "official_transcript"
    return "news_quote" if witness.mode == "direct_quote" else "news_report"


def overlapped(passages: Iterable[m.Passage], start: int, end: int) -> list[str]:
    """Ids of the passages (of one witness, in text order) that the characters start:end overlap."""
    return [p.id for p in passages if p.span.start < end and start < p.span.end]


def witness_chain(witness: m.Utterance, document: str, publisher: dict[str, str],
                  reports: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    """The outlets from the speaker to the witness's document. ``reports``: (publisher, event) → the first
    document of that publisher that reports the event (a link is held when the corpus has one)."""
    chain = []
    for r in witness.relay:
        held = reports.get((r.outlet, witness.event))
        chain.append({"outlet": r.outlet, "held": held is not None, "document": held})
    chain.append({"outlet": publisher[document], "held": True, "document": document})
    return chain


# Tokens of the tokens config: words as above, or any single character that is neither a word character nor white
# space (punctuation, quote marks, dashes).
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def attribution_tokens(raw: str, content: tuple[int, int], source: tuple[int, int] | None,
                       cue: tuple[int, int] | None) -> dict[str, Any]:
    """The tokens of one attribution (its extent: from the first of source, cue and content to the last) with
    their offsets and BIO labels. A token belongs to a part when it lies inside that part's characters; the
    content wins over a source or cue inside it (a label inside a quote is never the reporter's)."""
    parts = [("CONTENT", content)] + [(name, span) for name, span in (("SOURCE", source), ("CUE", cue))
                                      if span is not None and span[1] > span[0]]
    start, end = min(s for _, (s, _) in parts), max(e for _, (_, e) in parts)
    tokens, starts, ends, labels = [], [], [], []
    previous = "O"
    for m in _TOKEN.finditer(raw, start, end):
        part = next((name for name, (s, e) in parts if s <= m.start() and m.end() <= e), "O")
        label = "O" if part == "O" else ("I-" if previous == part else "B-") + part
        previous = part
        tokens.append(m.group())
        starts.append(m.start())
        ends.append(m.end())
        labels.append(label)
    return {"start": starts[0] if starts else start, "end": ends[-1] if ends else end, "tokens": tokens,
            "token_starts": starts, "token_ends": ends, "labels": labels}
