"""Canonical layout of the document annotation files: one key order, flow-style spans, visible no-break spaces.

``dump_document_annotations(load(text))`` reproduces a canonical file byte for byte, so tools can edit the
data and write it back without noise in the diff. Leading comment lines are kept.
"""

from __future__ import annotations

from typing import Any

from .locate import yaml_quote

UTTERANCE_KEYS = ("id", "mode", "event", "speaker", "speaker_label", "addressees", "start", "end", "text", "cue",
                  "source_mention", "embedded_in", "language", "translation", "relay", "topics", "dialogue_acts",
                  "mentions", "note")
SPEECH_EVENT_KEYS = ("id", "event", "participants", "start", "end", "text", "cue", "topics", "note")


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return yaml_quote(str(value))


def plain(value: str) -> str:
    """Ids and vocabulary values are written unquoted."""
    return value


def span(value: dict[str, Any] | None) -> str:
    if value is None:
        return "null"
    return f"{{start: {value['start']}, end: {value['end']}, text: {yaml_quote(value['text'])}}}"


def idlist(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _utterance(u: dict[str, Any]) -> list[str]:
    t = u["translation"]
    out = [f"  - id: {u['id']}", f"    mode: {u['mode']}", f"    event: {u['event']}", f"    speaker: {u['speaker']}",
           f"    speaker_label: {span(u['speaker_label'])}", f"    addressees: {idlist(u['addressees'])}",
           f"    start: {u['start']}", f"    end: {u['end']}", f"    text: {yaml_quote(u['text'])}",
           f"    cue: {span(u['cue'])}", f"    source_mention: {span(u['source_mention'])}",
           f"    embedded_in: {u['embedded_in'] or 'null'}", f"    language: {u['language']}", "    translation:",
           f"      path: {idlist(t['path'])}", f"      basis: {t['basis']}", f"      marker: {span(t['marker'])}",
           f"      evidence: {scalar(t['evidence'])}"]
    if u["relay"]:
        out.append("    relay:")
        for r in u["relay"]:
            out += [f"      - outlet: {r['outlet']}", f"        basis: {r['basis']}", f"        cue: {span(r['cue'])}",
                    f"        note: {scalar(r.get('note'))}"]
    else:
        out.append("    relay: []")
    out.append(f"    topics: {idlist(u['topics'])}")
    out.append("    dialogue_acts:")
    for d in u["dialogue_acts"]:
        out.append(f"      - {{start: {d['start']}, end: {d['end']}, text: {yaml_quote(d['text'])}, "
                   f"function: {d['function']}, note: {scalar(d.get('note'))}}}")
    if u["mentions"]:
        out.append("    mentions:")
        for m in u["mentions"]:
            out.append(f"      - {{start: {m['start']}, end: {m['end']}, text: {yaml_quote(m['text'])}, "
                       f"entity: {m['entity']}}}")
    else:
        out.append("    mentions: []")
    out.append(f"    note: {scalar(u.get('note'))}")
    return out


def _speech_event(s: dict[str, Any]) -> list[str]:
    return [f"  - id: {s['id']}", f"    event: {s['event']}", f"    participants: {idlist(s['participants'])}",
            f"    start: {s['start']}", f"    end: {s['end']}", f"    text: {yaml_quote(s['text'])}",
            f"    cue: {span(s['cue'])}", f"    topics: {idlist(s['topics'])}", f"    note: {scalar(s.get('note'))}"]


def dump_document_annotations(data: dict[str, Any], comments: list[str] | None = None) -> str:
    out = list(comments or [])
    out.append(f"document: {data['document']}")
    out.append("utterances:" if data["utterances"] else "utterances: []")
    for u in data["utterances"]:
        out += _utterance(u)
    out.append("speech_events:" if data["speech_events"] else "speech_events: []")
    for s in data["speech_events"]:
        out += _speech_event(s)
    return "\n".join(out) + "\n"


def leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines
