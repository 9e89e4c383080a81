"""The fast passage helpers give exactly what the straightforward definitions give.

``attribution_tokens`` labels tokens by bisecting over their offsets; the reference below is the loop it
replaced (a search over the parts for every token). ``normalised_text`` folds quotes and white space with
str methods; the reference is the regex form. ``word_diff`` takes the comparison forms of ASCII text from the
lower-cased text at once; the reference takes them word by word.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pamc.analysis import passages
from pamc.analysis.passages import attribution_tokens, normalised_and_count, normalised_text, word_count, word_diff

_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def reference_attribution_tokens(raw, content, source, cue):
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


_SPACE = re.compile(r"\s+")


def reference_normalised_text(text):
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(passages._QUOTES)).strip()


def reference_word_count(text):
    return len(passages._WORD.findall(reference_normalised_text(text)))


# Words, punctuation, curly and straight quotes, no-break and other spaces, accents, ligatures, Cyrillic and
# Arabic letters, digits, a final sigma: what the texts hold, and what NFKC and lower-casing treat specially.
_ALPHABET = st.sampled_from(list("abc XYZ019_-.,;:!?()\"'") + ["\u2019", "\u2018", "\u201c", "\u201d", "\u00ab",
                            "\u00bb", "\u201e", "\u2032", "\u00a0", "\u202f", "\u2009", "\n", "\t", "\r\n", "\u2014",
                            "\u2013", "é", "ß", "\ufb01", "²", "Σ", "ς", "Д", "ж", "ش", "\u0301", "İ", "ǅ", "\x1c",
                            "\u3000", "…", "😀"])
_TEXT = st.lists(_ALPHABET, max_size=80).map("".join)


@st.composite
def _attribution(draw):
    raw = draw(_TEXT)
    n = len(raw)
    point = st.integers(0, n)

    def span(optional):
        if optional and draw(st.booleans()):
            return None
        a, b = draw(point), draw(point)
        return (a, b) if draw(st.integers(0, 5)) else (b, a)  # now and then backwards (start after end)

    content = draw(st.one_of(st.tuples(point, point).map(sorted).map(tuple), st.just((0, 0)),
                             st.builds(lambda p: (p, p), point)))
    return raw, content, span(True), span(True)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_attribution())
@example(("He said: \u201cWe\u2019ll win.\u201d", (10, 21), (0, 2), (3, 7)))
@example(("Putin said it", (0, 13), (0, 5), (6, 10)))  # source and cue inside the content: the content wins
@example(("a b c d e", (4, 5), (0, 3), (2, 9)))  # overlapping source and cue, the content in both
@example(("words", (2, 2), (1, 4), None))  # an empty content; a source cutting the word
@example(("x y", (0, 0), None, None))
@example(("abc", (2, 1), (0, 3), (1, 1)))  # a content backwards, an empty cue
def test_attribution_tokens_as_the_loop(case):
    raw, content, source, cue = case
    assert attribution_tokens(raw, content, source, cue) == reference_attribution_tokens(raw, content, source, cue)


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
@example("  It\u2019s \u00a0 \u201cdone\u201d\u202f.\u3000")
@example("\x1c\x1d\x1e\x1f\x85\u2028 x")
def test_normalised_text_and_word_count_as_the_regex(text):
    assert normalised_text(text) == reference_normalised_text(text)
    assert word_count(text) == reference_word_count(text)
    assert normalised_and_count(text) == (reference_normalised_text(text), reference_word_count(text))


def test_normalised_text_every_character():
    """Each code point alone and between letters: the str white-space test and the regex's \\s agree."""
    for first in range(0, 0x110000, 0x1000):
        chunk = [chr(i) for i in range(first, first + 0x1000) if not 0xD800 <= i <= 0xDFFF]
        text = "".join(f"a{c}{c}b {c}" for c in chunk)
        assert normalised_text(text) == reference_normalised_text(text), hex(first)


class _Span:
    def __init__(self, start, text):
        self.start, self.end, self.text = start, start + len(text), text


def reference_word_diff(news, witness):
    def tokens(text, offset):
        return [(unicodedata.normalize("NFKC", w.group()).translate(passages._QUOTES).lower(), offset + w.start(),
                 offset + w.end()) for w in passages._WORD.finditer(text)]

    def span(raw_text, offset, toks, i, j):
        if i == j:
            return None
        start, end = toks[i][1], toks[j - 1][2]
        return {"start": start, "end": end, "text": raw_text[start - offset:end - offset]}

    a, b = tokens(witness.text, witness.start), tokens(news.text, news.start)
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    counts = {"keep": 0, "change": 0, "add": 0, "drop": 0}
    steps = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        op = passages._OPS[tag]
        counts[op] += (j2 - j1) if op == "add" else (i2 - i1)
        steps.append({"op": op, "news": span(news.text, news.start, b, j1, j2),
                      "witness": span(witness.text, witness.start, a, i1, i2)})
    return {"diff_kept": counts["keep"], "diff_changed": counts["change"], "diff_added": counts["add"],
            "diff_dropped": counts["drop"], "word_diff": steps}


@settings(max_examples=800, deadline=None)
@given(_TEXT, _TEXT, st.integers(0, 500), st.integers(0, 500), st.booleans())
@example("The PRESIDENT said", "the president SAID it", 3, 7, False)
@example("ΟΔΟΣ ΟΔΟΣ\u2019Σ", "οδος οδος'σ", 0, 0, False)  # final sigma: lower-cased word by word, not at once
def test_word_diff_as_word_by_word(news, witness, a, b, ascii_only):
    if ascii_only:
        news, witness = news.encode("ascii", "ignore").decode(), witness.encode("ascii", "ignore").decode()
    n, w = _Span(a, news), _Span(b, witness)
    assert word_diff(n, w) == reference_word_diff(n, w)
