"""A static document viewer in each release: the raw text with every utterance highlighted.

One self-contained HTML page per document plus an index: inline CSS and JavaScript, no network, no external
assets. Utterances are coloured by speaker and styled by mode; speaker labels, reporting cues, source
mentions, translation markers, relay attributions and speech events are marked; clicking an utterance shows
all its fields; a news passage links to the transcript passage it was aligned with.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import Any

SPEAKER_CLASS = {"vladimir-putin": "spk-putin", "bashar-al-assad": "spk-assad"}

CSS = """
body{font:16px/1.6 Georgia,serif;margin:0;display:flex;color:#222}
main{flex:3;padding:1.5em 2em;max-width:52em}
aside{flex:2;position:sticky;top:0;height:100vh;overflow:auto;padding:1em;background:#f6f6f4;border-left:1px solid #ddd;
font:13px/1.4 monospace;white-space:pre-wrap}
pre.raw{white-space:pre-wrap;font:inherit}
.utt{cursor:pointer;border-radius:2px}
.spk-putin{background:#dbe8fb}.spk-assad{background:#ddf3df}.spk-other{background:#eee}
.mode-direct_quote{border-bottom:2px solid #555}.mode-indirect_report{border-bottom:2px dashed #555;font-style:italic}
.utt .utt{outline:1px dotted #a33}
.label{font-weight:bold;font-variant:small-caps}.cue{outline:1px solid #c80;background:#fff3d6}
.source{text-decoration:underline double #c80}.marker{color:#777;font-style:italic}
.relay-cue{background:#f3e0f7;outline:1px solid #93a}.speech-event{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px)}
sup.align a{font:11px sans-serif;color:#36c;text-decoration:none;margin-left:2px}
.legend span{padding:0 .4em;margin-right:.5em}.utt.selected{box-shadow:0 0 0 2px #e33}
nav{font:14px sans-serif;margin-bottom:1em}
"""

JS = """
const data = JSON.parse(document.getElementById('utterance-data').textContent);
const panel = document.getElementById('details');
function show(id){
  document.querySelectorAll('.utt.selected').forEach(e=>e.classList.remove('selected'));
  const el = document.getElementById(id); if(!el) return;
  el.classList.add('selected');
  panel.textContent = JSON.stringify(data[id], null, 2);
}
document.querySelectorAll('.utt').forEach(el=>el.addEventListener('click', ev=>{ev.stopPropagation(); show(el.id);}));
if (location.hash) show(decodeURIComponent(location.hash.slice(1)));
window.addEventListener('hashchange', ()=>show(decodeURIComponent(location.hash.slice(1))));
"""


def _intervals(utterances: list[dict], speech_events: list[dict], links: dict[str, list[dict]],
               persons: dict[str, str], events: dict[str, dict]) -> list[tuple[int, int, str, str]]:
    """(start, end, opening tag, closing extra) for everything marked in one document."""
    out: dict[tuple[int, int, str], tuple[int, int, str, str]] = {}

    def add(start: int, end: int, tag: str, after: str = "") -> None:
        out.setdefault((start, end, tag), (start, end, tag, after))

    for u in utterances:
        ev = events.get(u["event"], {})
        title = (f"{persons.get(u['speaker'], u['speaker'])} · {u['mode']} · {ev.get('title', u['event'])} "
                 f"({ev.get('date') or 'date unknown'}) · {' → '.join(u['translation']['path'])}"
                 + (f" · via {' > '.join(r['outlet'] for r in u['relay'])}" if u["relay"] else ""))
        cls = f"utt mode-{u['mode']} {SPEAKER_CLASS.get(u['speaker'], 'spk-other')}"
        after = "".join(
            f'<sup class="align"><a href="{html.escape(a["transcript_document"])}.html#{html.escape(a["transcript_utterance"])}"'
            f' title="{html.escape(a["relation"])}">&#8599;{html.escape(a["relation"])}</a></sup>'
            for a in links.get(u["id"], []) if a["transcript_utterance"])
        add(u["start"], u["end"], f'<span class="{cls}" id="{html.escape(u["id"])}" data-utterance-id="'
            f'{html.escape(u["id"])}" data-event="{html.escape(u["event"])}" title="{html.escape(title)}">', after)
        for name, cls2 in (("speaker_label", "label"), ("cue", "cue"), ("source_mention", "source")):
            span = u[name]
            if span and span["end"] > span["start"]:
                add(span["start"], span["end"], f'<span class="{cls2}" data-of="{html.escape(u["id"])}">')
        marker = u["translation"]["marker"]
        if marker and marker["end"] > marker["start"]:
            add(marker["start"], marker["end"], '<span class="marker">')
        for r in u["relay"]:
            if r["cue"]:
                add(r["cue"]["start"], r["cue"]["end"], f'<span class="relay-cue" title="relay: {html.escape(r["outlet"])}">')
    for s in speech_events:
        add(s["start"], s["end"], f'<span class="speech-event" id="{html.escape(s["id"])}" '
            f'title="speech event: {html.escape(s["event"])}">')
    return sorted(out.values(), key=lambda t: (t[0], -t[1], t[2]))


def _markup(raw: str, intervals: list[tuple[int, int, str, str]]) -> tuple[str, list[str]]:
    """The raw text with the intervals as nested spans; intervals that would cross another are left out."""
    opens: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    stack: list[int] = []
    kept, skipped = [], []
    for start, end, tag, after in intervals:
        while stack and stack[-1] <= start:
            stack.pop()
        if stack and end > stack[-1]:
            skipped.append(tag)
            continue
        stack.append(end)
        kept.append((start, end, tag, after))
    for start, end, tag, after in kept:
        opens[start].append((end, tag, after))
    parts: list[str] = []
    closing: list[tuple[int, str]] = []
    boundaries = sorted({0, len(raw), *opens, *(end for _, end, _, _ in kept)})
    for here, nxt in zip(boundaries, [*boundaries[1:], None]):
        while closing and closing[-1][0] == here:
            parts.append("</span>" + closing.pop()[1])
        if nxt is None:
            break
        for end, tag, after in sorted(opens.get(here, []), key=lambda t: -t[0]):
            parts.append(tag)
            closing.append((end, after))
            closing.sort(key=lambda t: -t[0])
        parts.append(html.escape(raw[here:nxt]))  # the text up to the next boundary, escaped in one go
    return "".join(parts), skipped


def _page(title: str, body: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>{body}"
            f"<script type=\"application/json\" id=\"utterance-data\">{payload}</script><script>{JS}</script>"
            "</body></html>\n")


def document_page(doc: dict, utterances: list[dict], speech_events: list[dict], alignments: list[dict],
                  persons: dict[str, str], events: dict[str, dict]) -> str:
    links: dict[str, list[dict]] = defaultdict(list)
    for a in alignments:
        links[a["news_utterance"]].append(a)
    text, skipped = _markup(doc["raw_text"], _intervals(utterances, speech_events, links, persons, events))
    legend = ('<div class="legend"><span class="spk-putin">Putin</span><span class="spk-assad">Assad</span>'
              '<span class="utt mode-transcript_turn spk-other">transcript turn</span>'
              '<span class="utt mode-direct_quote spk-other">direct quote</span>'
              '<span class="utt mode-indirect_report spk-other">indirect report</span>'
              '<span class="label">speaker label</span><span class="cue">reporting cue</span>'
              '<span class="source">source mention</span><span class="relay-cue">relay attribution</span>'
              '<span class="speech-event">speech event</span></div>')
    note = f"<p><small>{len(skipped)} overlapping mark(s) not drawn.</small></p>" if skipped else ""
    body = (f'<main><nav><a href="index.html">All documents</a></nav><h1>{html.escape(doc["id"])}</h1>'
            f'<p>{html.escape(doc["publisher"])} · {html.escape(doc["genre"])} · '
            f'{html.escape(doc["printed_date"]["normalized"] or "no date printed")} · {len(utterances)} utterances, '
            f'{len(speech_events)} speech events. Click an utterance for all its fields.</p>{legend}{note}'
            f'<pre class="raw">{text}</pre></main><aside id="details">Click an utterance.</aside>')
    data = {u["id"]: u for u in utterances}
    return _page(doc["id"], body, data)


def index_page(documents: list[dict], counts: dict[str, int]) -> str:
    rows = "".join(f'<li><a href="{html.escape(d["id"])}.html">{html.escape(d["id"])}</a> — '
                   f'{html.escape(d["publisher"])}, {html.escape(d["genre"])}, {counts.get(d["id"], 0)} utterances</li>'
                   for d in documents)
    body = f"<main><h1>Putin–Assad Meetings Corpus: documents</h1><ul>{rows}</ul></main>"
    return _page("Putin–Assad Meetings Corpus", body, {})


def links(corpus_alignments: list[Any]) -> dict[str, list[dict[str, str | None]]]:
    """news document → what its pages link to: (news utterance, transcript utterance and document, relation).

    Taken from the alignment records, before the alignment rows exist: a transcript utterance's id begins
    with its document's id (the validator checks it), so its page is known without having read it.
    """
    out: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for a in corpus_alignments:
        trans = a.transcript_utterance
        out[a.news_utterance.rsplit(".", 1)[0]].append(
            {"news_utterance": a.news_utterance, "transcript_utterance": trans,
             "transcript_document": trans.rsplit(".", 1)[0] if trans else None, "relation": a.relation})
    return out
