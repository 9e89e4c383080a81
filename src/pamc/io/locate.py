"""Find where a passage occurs in a raw text, tolerant of the no-break spaces and quote marks in the raw files.

An annotator types what they read; the raw text may hold U+00A0 where they typed a space, or a curly
quote where they typed a straight one. ``locate`` returns the exact raw characters and offsets so the
annotation file can carry both (double entry). It is also used to point at the nearest match in errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EQUIVALENT = {
    " ": "[ \u00a0]",
    "\u00a0": "[ \u00a0]",
    "'": "['\u2018\u2019]",
    "\u2019": "['\u2018\u2019]",
    "\u2018": "['\u2018\u2019]",
    '"': "[\"\u201c\u201d]",
    "\u201c": "[\"\u201c\u201d]",
    "\u201d": "[\"\u201c\u201d]",
    "-": "[-\u2013\u2014]",
    "\u2013": "[-\u2013\u2014]",
    "\u2014": "[-\u2013\u2014]",
}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str


def tolerant_pattern(needle: str) -> re.Pattern[str]:
    """A regex matching ``needle`` with spaces, quotes and dashes taken as equivalent."""
    return re.compile("".join(_EQUIVALENT.get(ch, re.escape(ch)) for ch in needle))


def locate(haystack: str, needle: str, *, start: int = 0, end: int | None = None) -> list[Match]:
    """Every occurrence of ``needle`` in ``haystack[start:end]``, as absolute offsets."""
    if not needle:
        return []
    pattern = tolerant_pattern(needle)
    stop = len(haystack) if end is None else end
    return [Match(m.start(), m.end(), m.group()) for m in pattern.finditer(haystack, start, stop)]


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that shows invisible characters (no-break spaces) as escapes."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\u00a0":
            out.append("\\u00a0")
        elif ch < " ":
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def flow_span(match: Match) -> str:
    """The span as a one-line YAML mapping, the form used in the annotation files."""
    return f"{{start: {match.start}, end: {match.end}, text: {yaml_quote(match.text)}}}"

