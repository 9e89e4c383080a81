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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pamc.model import tables as m

# NFKC turns the no-break space (U+00A0), the narrow one (U+202F) and the figure space into a plain space; it
# leaves curly quotes alone, so these are folded here. Dashes are kept: they carry meaning.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"'})
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTES.items())  # every replacement is one ASCII character
_SPACE = re.compile(r"\s+")
# A word: a run of letters and digits, apostrophes inside it kept ("today's"); what the comparison counts.
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def normalised_text(text: str) -> str:
    """The text for phrase search and word counts: NFKC, straight quotes, one space for each run of white space."""
    # ASCII text is its own NFKC form and has no curly quote. ``" ".join(t.split())`` is the same string as
    # ``_SPACE.sub(" ", t).strip()``: str.split, str.strip and the regex's \s all use one white-space test
    # (Py_UNICODE_ISSPACE), and it is several times faster on the long transcript turns.
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for quote, straight in _QUOTE_PAIRS:  # str.translate with a dict costs ~20x more (a lookup a character)
            if quote in text:
                text = text.replace(quote, straight)
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(_WORD.findall(normalised_text(text)))


def normalised_and_count(text: str) -> tuple[str, int]:
    """``(normalised_text(text), word_count(text))``, normalising once (a passage row has both)."""
    normalised = normalised_text(text)
    return normalised, len(_WORD.findall(normalised))


def _words(text: str) -> tuple[list[re.Match], list[str]]:
    """The word matches of ``text`` and their comparison forms (NFKC, straight quotes, lower case)."""
    words = list(_WORD.finditer(text))
    if text.isascii():
        # NFKC and the quote table leave ASCII alone, and lower-casing ASCII maps character to character, so
        # the words of the lower-cased text are the lower-cased words, at the same offsets (one C-level scan
        # instead of three calls a word). Not for other text: str.lower is contextual there (final sigma).
        return words, _WORD.findall(text.lower())
    return words, [(w if w.isascii() else unicodedata.normalize("NFKC", w).translate(_QUOTES)).lower()
                   for w in map(re.Match.group, words)]


def _span_of(raw_text: str, offset: int, words: list[re.Match], i: int, j: int) -> dict[str, Any] | None:
    """``_span`` for the words i:j given as matches of ``raw_text`` (whose first character is at ``offset``)."""
    if i == j:
        return None
    s, e = words[i].start(), words[j - 1].end()
    return {"start": offset + s, "end": offset + e, "text": raw_text[s:e]}


_OPS = {"equal": "keep", "replace": "change", "insert": "add", "delete": "drop"}


def word_diff(news: m.Span, witness: m.Span) -> dict[str, Any]:
    """The word-level comparison of a news span with its witness span: the four counts and the steps."""
    (a, a_forms), (b, b_forms) = _words(witness.text), _words(news.text)
    matcher = difflib.SequenceMatcher(None, a_forms, b_forms, autojunk=False)
    counts = {"keep": 0, "change": 0, "add": 0, "drop": 0}
    steps = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        op = _OPS[tag]
        counts[op] += (j2 - j1) if op == "add" else (i2 - i1)
        steps.append({"op": op, "news": _span_of(news.text, news.start, b, j1, j2),
                      "witness": _span_of(witness.text, witness.start, a, i1, i2)})
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
    matches = list(_TOKEN.finditer(raw, start, end))
    tokens = list(map(re.Match.group, matches))
    starts = list(map(re.Match.start, matches))
    ends = list(map(re.Match.end, matches))
    # Tokens do not overlap, so both their starts and their ends increase: the tokens inside s:e are those
    # from the first starting at or after s to the last ending at or before e, one range of indices found by
    # bisection. Ranges are painted lowest precedence first (cue, source, content), so that a token in two
    # parts gets the first of ``parts`` that holds it, as a search in that order would.
    owner: list[str] = ["O"] * len(tokens)
    cuts = {0, len(tokens)}
    for name, (s, e) in reversed(parts):
        lo, hi = bisect_left(starts, s), bisect_right(ends, e)
        if lo < hi:
            owner[lo:hi] = [name] * (hi - lo)
            cuts.update((lo, hi))
    # Between two consecutive cuts every token has one owner: a run's first token is B- unless the token
    # before it has the same owner (two adjacent ranges of one part make one run), the others I-.
    labels: list[str] = []
    previous = "O"
    bounds = sorted(cuts)
    for lo, hi in zip(bounds, bounds[1:]):
        part = owner[lo]
        if part == "O":
            labels += ["O"] * (hi - lo)
        else:
            labels.append(("I-" if previous == part else "B-") + part)
            labels += ["I-" + part] * (hi - lo - 1)
        previous = part
    return {"start": starts[0] if starts else start, "end": ends[-1] if ends else end, "tokens": tokens,
            "token_starts": starts, "token_ends": ends, "labels": labels}
