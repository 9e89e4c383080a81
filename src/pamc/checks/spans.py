"""Span checks: every offset pair agrees with its text and sits where the data model says it must."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pamc.io.corpus import AnnotationFile, Corpus, Record
from pamc.model.findings import Finding
from pamc.io.locate import locate
from pamc.io.sources import Pointer

if TYPE_CHECKING:
    from pamc.model.tables import Span

CONTEXT = 30
SPACE = " \u00a0\n\t"


def _clip(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _nearest(raw: str, text: str, start: int) -> str:
    exact = []
    pos = raw.find(text)
    while pos != -1 and text:
        exact.append(pos)
        pos = raw.find(text, pos + 1)
    if exact:
        best = min(exact, key=lambda p: abs(p - start))
        return f"; the text does occur at {best}:{best + len(text)}"
    loose = locate(raw, text)
    if loose:
        best = min(loose, key=lambda m: abs(m.start - start))
        # the two may print alike (a no-break space, NFD against NFC): name both code points
        diffs = [f"U+{ord(b):04X} {b!r} at {best.start + i} where the annotation has U+{ord(a):04X} {a!r}"
                 for i, (a, b) in enumerate(zip(text, best.text)) if a != b]
        return (f"; it occurs at {best.start}:{best.end} with other spaces or quote marks "
                f"({', '.join(diffs[:3])}{', ...' if len(diffs) > 3 else ''})")
    return "; the text occurs nowhere in the document"


def check_span(rec: Record, rel: Pointer, raw: str, start: int, end: int, text: str,
               what: str = "span") -> list[Finding]:
    """The three offset checks for one span; ``rel`` points at the object holding start/end/text."""
    if end < start:
        return [rec.finding("span-inverted", (*rel, "end"), f"{what} ends at {end}, before its start {start}")]
    if end > len(raw):
        return [rec.finding("span-out-of-bounds", (*rel, "end"),
                            f"{what} ends at {end} but the raw text has {len(raw)} characters")]
    actual = raw[start:end]
    if actual != text:
        around = raw[max(0, start - CONTEXT):min(len(raw), end + CONTEXT)] if end - start < 200 else actual[:120]
        return [rec.finding("span-text-mismatch", (*rel, "text"),
                            f"{what} {start}:{end} has text {_clip(text)} but the raw text there is "
                            f"{_clip(actual)} (around it: {_clip(around, 120)}){_nearest(raw, text, start)}")]
    return []


def _whitespace(rec: Record, rel: Pointer, text: str, what: str) -> list[Finding]:
    if text and (text[0] in SPACE or text[-1] in SPACE):
        return [rec.finding("span-whitespace", (*rel, "text"), f"{what} starts or ends with whitespace")]
    return []


def _inside(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlaps(items: Iterable[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Pairs (a, b) of labels whose half-open intervals overlap, in text order."""
    pairs = []
    ordered = sorted(items)
    for (s1, e1, l1), (s2, e2, l2) in zip(ordered, ordered[1:]):
        if s2 < e1:
            pairs.append((l1, l2))
    return pairs


def _span_ok(raw: str, span: Span | None) -> bool:
    return span is not None and 0 <= span.start <= span.end <= len(raw) and raw[span.start:span.end] == span.text


def check_file(corpus: Corpus, f: AnnotationFile, raw: str | None) -> list[Finding]:
    """The spans of one annotation file against ``raw``, its document's text."""
    if raw is None:
        return []  # unknown document or broken raw file: reported elsewhere
    out: list[Finding] = []
    good: dict[str, tuple[int, int]] = {}
    for rec in f.utterances:
        u = rec.model
        problems = check_span(rec, (), raw, u.start, u.end, u.text, "utterance")
        out += problems
        out += _whitespace(rec, (), u.text, "utterance") if not problems else []
        if not problems:
            good[u.id] = (u.start, u.end)
        for name in ("speaker_label", "cue", "source_mention"):
            span = getattr(u, name)
            if span is not None:
                out += check_span(rec, (name,), raw, span.start, span.end, span.text, name.replace("_", " "))
        if u.translation.marker is not None:
            mk = u.translation.marker
            out += check_span(rec, ("translation", "marker"), raw, mk.start, mk.end, mk.text, "translation marker")
        for i, r in enumerate(u.relay):
            if r.cue is not None:
                out += check_span(rec, ("relay", i, "cue"), raw, r.cue.start, r.cue.end, r.cue.text, "relay cue")
        out += _structure(rec, raw, problems == [])
        out += _segments(rec, raw, problems == [])
    for rec in f.speech_events:
        s = rec.model
        out += check_span(rec, (), raw, s.start, s.end, s.text, "speech event")
        if s.cue is not None:
            out += check_span(rec, ("cue",), raw, s.cue.start, s.cue.end, s.cue.text, "cue")
    out += _layers(f, good, f.invalid_ids | corpus.invalid_ids)
    return out


def _structure(rec: Record, raw: str, span_ok: bool) -> list[Finding]:
    """Speaker labels, cues and markers in their places."""
    u = rec.model
    out: list[Finding] = []
    if u.mode == "transcript_turn":
        if u.speaker_label is None:
            out.append(rec.finding("speaker-label-missing", ("speaker_label",), "a transcript turn needs the "
                                   "speaker label printed before it"))
        elif span_ok and _span_ok(raw, u.speaker_label):
            between = raw[u.speaker_label.end:u.start]
            marker = u.translation.marker
            if marker is not None and u.speaker_label.end <= marker.start and marker.end <= u.start:
                between = raw[u.speaker_label.end:marker.start] + raw[marker.end:u.start]
            if u.speaker_label.end > u.start or between.strip(SPACE + ":"):
                out.append(rec.finding("speaker-label-order", ("speaker_label",),
                                       f"label ends at {u.speaker_label.end} but the turn starts at {u.start}; "
                                       f"between them: {_clip(raw[u.speaker_label.end:u.start])}"))
        for name in ("cue", "source_mention"):
            if getattr(u, name) is not None:
                out.append(rec.finding("cue-unexpected", (name,), f"a transcript turn has no {name}"))
    else:
        if u.speaker_label is not None:
            out.append(rec.finding("speaker-label-unexpected", ("speaker_label",),
                                   f"a {u.mode} has no speaker label; name the speaker in source_mention"))
        if u.cue is None:
            out.append(rec.finding("cue-missing", ("cue",), f"a {u.mode} should record its reporting cue"))
        for name in ("cue", "source_mention"):
            span = getattr(u, name)
            if span is not None and span.start < u.end and u.start < span.end:
                out.append(rec.finding("cue-inside-utterance", (name,),
                                       f"{name} {span.start}:{span.end} overlaps the reported words "
                                       f"{u.start}:{u.end}"))
    marker = u.translation.marker
    if u.translation.basis in ("marked", "inherited") and marker is None:
        out.append(rec.finding("translation-marker-missing", ("translation", "marker"),
                               f"basis {u.translation.basis!r} needs the marker span it relies on"))
    if marker is not None and marker.start > u.start:
        out.append(rec.finding("translation-marker-order", ("translation", "marker"),
                               f"the marker at {marker.start} comes after the utterance start {u.start}"))
    return out


def _inner_spans(rec: Record, raw: str, field: str, what: str, outside_check: str, overlap_check: str,
                 out: list[Finding]) -> list[tuple[int, int, str]]:
    """Check the spans of ``u.<field>``: valid, inside the utterance, not overlapping. Returns the good ones."""
    u = rec.model
    good: list[tuple[int, int, str]] = []
    for i, item in enumerate(getattr(u, field)):
        problems = check_span(rec, (field, i), raw, item.start, item.end, item.text, what)
        out += problems
        if problems:
            continue
        if not _inside((u.start, u.end), (item.start, item.end)):
            out.append(rec.finding(outside_check, (field, i),
                                   f"{what} {item.start}:{item.end} is outside the utterance {u.start}:{u.end}"))
            continue
        good.append((item.start, item.end, f"{field}/{i}"))
    for a, b in _overlaps(good):
        out.append(rec.finding(overlap_check, tuple(_p(b)), f"{what} {b} overlaps {what} {a}"))
    return good


def _segments(rec: Record, raw: str, span_ok: bool) -> list[Finding]:
    """Dialogue-act segments and mentions lie inside the utterance, do not overlap; acts cover it (judged only
    when the utterance's own span is right: its letters are then inside the raw text)."""
    u = rec.model
    out: list[Finding] = []
    acts = _inner_spans(rec, raw, "dialogue_acts", "segment", "dialogue-act-outside", "dialogue-act-overlap", out)
    if span_ok and acts and len(acts) == len(u.dialogue_acts):
        covered = [False] * (u.end - u.start)
        for s, e, _ in acts:
            for k in range(s - u.start, e - u.start):
                covered[k] = True
        gaps = [u.start + k for k, c in enumerate(covered) if not c and raw[u.start + k].isalnum()]
        if gaps:
            out.append(rec.finding("dialogue-act-coverage", ("dialogue_acts",),
                                   f"{len(gaps)} letters of the utterance are in no segment, the first at "
                                   f"{gaps[0]}: {_clip(raw[gaps[0]:gaps[0] + 40])}"))
    for s, e, label in _inner_spans(rec, raw, "mentions", "mention", "mention-outside", "mention-overlap", out):
        if _cuts_word(raw, s, e):
            out.append(rec.finding("mention-word-boundary", tuple(_p(label)),
                                   f"mention {_clip(raw[s:e])} at {s}:{e} cuts a word: "
                                   f"{_clip(raw[max(0, s - 10):e + 10])}"))
    return out


def _cuts_word(raw: str, start: int, end: int) -> bool:
    """True if the span begins or ends in the middle of a word."""
    before = 0 < start < len(raw) and raw[start - 1].isalnum() and raw[start].isalnum()
    after = 0 < end < len(raw) and raw[end].isalnum() and raw[end - 1].isalnum()
    return before or after


def _p(label: str) -> list[str | int]:
    name, index = label.split("/")
    return [name, int(index)]


def _layers(f: AnnotationFile, good: dict[str, tuple[int, int]], corpus_invalid: set[str]) -> list[Finding]:
    """Top-level utterances do not overlap; embedded ones sit inside their host; speech events stand apart."""
    out: list[Finding] = []
    by_id = {rec.model.id: rec for rec in f.utterances}
    layers: dict[str | None, list[tuple[int, int, str]]] = {}
    for rec in f.utterances:
        u = rec.model
        if u.id not in good:
            continue
        host = u.embedded_in
        if host is not None:
            if host not in by_id and host not in corpus_invalid:
                out.append(rec.finding("ref-unknown-utterance", ("embedded_in",),
                                       f"{host!r} is not an utterance of {f.document}"))
                continue
            if host in good and not _inside(good[host], good[u.id]):
                out.append(rec.finding("embedded-outside-host", ("embedded_in",),
                                       f"{u.start}:{u.end} is not inside its host {host} {good[host][0]}:"
                                       f"{good[host][1]}"))
        layers.setdefault(host, []).append((u.start, u.end, u.id))
    for items in layers.values():
        for a, b in _overlaps(items):
            rec = by_id[b]
            out.append(rec.finding("utterance-overlap", ("start",), f"{b} overlaps {a}"))
    top = [(s, e, i) for s, e, i in layers.get(None, [])]
    events = []
    for rec in f.speech_events:
        s = rec.model
        events.append((s.start, s.end, s.id))
        for us, ue, uid in top:
            if s.start < ue and us < s.end:
                out.append(rec.finding("speech-event-overlap", ("start",), f"{s.id} overlaps utterance {uid}"))
    by_event = {rec.model.id: rec for rec in f.speech_events}
    for a, b in _overlaps(events):
        out.append(by_event[b].finding("speech-event-overlap", ("start",), f"{b} overlaps {a}"))
    return out


def check_other_spans(corpus: Corpus) -> list[Finding]:
    """Spans outside the document annotation files: titles, datelines, date evidence."""
    out: list[Finding] = []
    for rec in corpus.documents:
        raw = corpus.raw_text(rec.model.id)
        if raw is None:
            continue
        d = rec.model
        out += check_span(rec, ("title",), raw, d.title.start, d.title.end, d.title.text, "title")
        for name in ("printed_date", "printed_place"):
            span = getattr(d, name).span
            if span is not None:
                out += check_span(rec, (name, "span"), raw, span.start, span.end, span.text, name.replace("_", " "))
    for rec in corpus.events:
        for i, ev in enumerate(rec.model.date_evidence):
            raw = corpus.raw_text(ev.document)
            if raw is not None:
                out += check_span(rec, ("date_evidence", i, "span"), raw, ev.span.start, ev.span.end, ev.span.text,
                                  "date evidence")
    return out


def check(corpus: Corpus) -> list[Finding]:
    """The corpus-wide tables' spans (the annotation files are checked one by one with ``check_file``)."""
    return check_other_spans(corpus)
