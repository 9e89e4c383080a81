"""A static document viewer in each release: the raw text with every utterance and passage highlighted.

One self-contained HTML page per document plus an index: inline CSS and JavaScript, no network, no external
assets. Utterances are coloured by speaker and styled by mode; speaker labels, reporting cues, source
mentions, translation markers, relay attributions and speech events are marked. Every passage is marked on
its witness's page (``doc.html#p0131``), and so is the stretch of a witness each alignment says a quote or
report renders (``doc.html#a0035-w``), which is where a rendering's link leads. Clicking an utterance or a
passage shows, in the panel: for a rendering, the word-level comparison with its witness; for a witness or a
passage, the renderings of it as back-links; and all the utterance's fields.

Every page is a function of the corpus alone (sorted, no timestamps): a rebuild gives the same bytes.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from pamc.io.corpus import Corpus
    from pamc.model import tables as m

SPEAKER_CLASS = {"vladimir-putin": "spk-putin", "bashar-al-assad": "spk-assad"}

CSS = """
body{font:16px/1.6 Georgia,serif;margin:0;display:flex;color:#222}
main{flex:3;min-width:0;padding:1.5em 2em;max-width:52em}
h1{overflow-wrap:anywhere}
aside{flex:2;min-width:0;position:sticky;top:0;height:100vh;box-sizing:border-box;overflow:auto;padding:1em;
background:#f6f6f4;border-left:1px solid #ddd;font:14px/1.45 sans-serif}
aside h2{font-size:15px;margin:.2em 0;overflow-wrap:anywhere}aside h3{font-size:14px;margin:.2em 0 .3em}
aside p{margin:.3em 0}aside ul{margin:.2em 0;padding-left:1.2em}aside a{color:#2457a6}
aside pre{font:12px/1.4 monospace;white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0}
.card{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.5em .7em;margin:.6em 0}
.card blockquote{margin:.3em 0;padding-left:.6em;border-left:3px solid #ccc;font:15px/1.5 Georgia,serif}
.diff{font:15px/1.6 Georgia,serif;padding:.3em .5em;background:#fcfcfa;border:1px solid #eee}
del{background:#fde2e1;color:#8a1f17}ins{background:#dcf5dc;color:#135e13;text-decoration:none;
border-bottom:1px solid #3a3}.muted{color:#666}
pre.raw{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit}
.utt{cursor:pointer;border-radius:2px}
.spk-putin{background:#dbe8fb}.spk-assad{background:#ddf3df}.spk-other{background:#eee}
.mode-direct_quote{border-bottom:2px solid #555}.mode-indirect_report{border-bottom:2px dashed #555;font-style:italic}
.utt .utt{outline:1px dotted #a33}
.label{font-weight:bold;font-variant:small-caps}.cue{outline:1px solid #c80;background:#fff3d6}
.source{text-decoration:underline double #c80}.marker{color:#777;font-style:italic}
.relay-cue{background:#f3e0f7;outline:1px solid #93a}.speech-event{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px)}
.passage,.wspan,.utt{scroll-margin-top:1.5em}.passage{cursor:pointer}.passage[id]::before{content:attr(id);font:9px/1 sans-serif;color:#678;vertical-align:super;
padding:0 2px 0 1px}.passage:hover{background:rgba(255,214,74,.3)}
.wspan:target,.focus,.legend .hl{background:#ffe27a;outline:2px solid #e0a000}
sup.align a{font:11px sans-serif;color:#36c;text-decoration:none;margin-left:2px}
sup.align a::after{content:"\\2197" attr(data-rel)}
.legend span{padding:0 .4em;margin-right:.5em;display:inline-block}.utt.selected{box-shadow:0 0 0 2px #e33}
nav{font:14px sans-serif;margin-bottom:1em}
@media (max-width:760px){
body{display:block}main{padding:1em 1em 50vh;max-width:none}
aside{position:fixed;left:0;right:0;bottom:0;top:auto;height:auto;max-height:45vh;border-left:0;
border-top:2px solid #bbb;box-shadow:0 -2px 8px rgba(0,0,0,.2)}
}
"""

JS = """
const data = JSON.parse(document.getElementById('utterance-data').textContent);
const view = document.getElementById('view'), details = document.getElementById('details');
function frag(key){ const t = document.getElementById('v-' + key); return t ? t.innerHTML : ''; }
function show(uid, focus){
  const el = document.getElementById(uid);
  if (!view || !el || !data[uid]) return;
  document.querySelectorAll('.selected,.focus').forEach(e => e.classList.remove('selected', 'focus'));
  el.classList.add('selected');
  if (focus) document.querySelectorAll('[data-focus="' + CSS.escape(focus) + '"]').forEach(e => e.classList.add('focus'));
  const keys = (el.dataset.views || '').split(' ').filter(k => k && k !== focus);
  view.innerHTML = (focus ? frag(focus) : '') + frag(uid) + keys.map(frag).join('');
  details.textContent = JSON.stringify(data[uid], null, 2);
}
function select(el){
  if (el.classList.contains('utt')) show(el.id); else if (el.dataset.focus) show(el.dataset.utterance, el.dataset.focus);
}
document.addEventListener('click', ev => {
  if (ev.target.closest('a')) return;
  const el = ev.target.closest('pre.raw .passage, pre.raw .utt');
  if (el) select(el);
});
function land(){
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id && document.getElementById(id);
  if (el) select(el);
}
land();
window.addEventListener('hashchange', land);
"""


def document_of(utterance: str) -> str:
    """A witness's or rendering's document: an utterance id begins with its document's id (the validator checks
    it), so a page can link to another before that one is read."""
    return utterance.rsplit(".", 1)[0]


def _e(value: Any) -> str:
    return html.escape(str(value))


def _link(document: str, anchor: str, text: str | None = None) -> str:
    return f'<a href="{_e(document)}.html#{_e(anchor)}">{_e(anchor if text is None else text)}</a>'


class Speech:
    """What the pages say about passages and renderings, from the alignments file (read in ``start``, before the
    annotation files stream past; forked workers inherit it)."""

    def __init__(self, corpus: Corpus) -> None:
        from pamc.analysis.passages import overlapped

        self.publisher = {d.model.id: d.model.publisher for d in corpus.documents}
        self.alignments: dict[str, m.Alignment] = {r.model.id: r.model for r in sorted(
            corpus.alignments, key=lambda r: r.model.id)}
        self.passages: dict[str, m.Passage] = {}
        self.of_witness: dict[str, list[str]] = {}  # witness utterance → its passages, in text order
        self.on_page: dict[str, list[str]] = defaultdict(list)  # document → passages of its witnesses
        by_witness = {w: [r.model for r in recs] for w, recs in corpus.passages_by_witness().items()}
        for witness, passages in sorted(by_witness.items()):
            self.of_witness[witness] = [p.id for p in passages]
            for p in passages:
                self.passages[p.id] = p
                self.on_page[document_of(witness)].append(p.id)
        self.rendered: dict[str, list[str]] = {}  # alignment → the passages it renders
        self.renderings: dict[str, list[str]] = defaultdict(list)  # passage → its alignments, in id order
        self.rendered_by: dict[str, list[str]] = defaultdict(list)  # witness utterance → its alignments
        self.renders: dict[str, list[str]] = defaultdict(list)  # news utterance → its alignments
        self.touching: dict[str, list[str]] = defaultdict(list)  # document → alignments with a side on it
        for a in self.alignments.values():
            self.renders[a.news_utterance].append(a.id)
            self.touching[document_of(a.news_utterance)].append(a.id)
            if a.transcript_utterance is None:
                self.rendered[a.id] = []
                continue
            self.rendered_by[a.transcript_utterance].append(a.id)
            if document_of(a.transcript_utterance) != document_of(a.news_utterance):
                self.touching[document_of(a.transcript_utterance)].append(a.id)
            span = a.transcript_span
            self.rendered[a.id] = overlapped(by_witness.get(a.transcript_utterance, []), span.start,
                                             span.end) if span else []
            for pid in self.rendered[a.id]:
                self.renderings[pid].append(a.id)

    def outlet(self, a: m.Alignment) -> str:
        return self.publisher.get(document_of(a.news_utterance), "?")

    def passage_link(self, pid: str) -> str:
        p = self.passages.get(pid)
        return _link(document_of(p.witness), pid) if p else _e(pid)

    def backlink(self, aid: str) -> str:
        """One rendering of a witness, as a list item: the rendering's utterance (a link to it), its relation
        and outlet, and the alignment (a link to the stretch of the witness it renders)."""
        a = self.alignments[aid]
        target = _link(document_of(a.transcript_utterance), f"{a.id}-w", a.id) if a.transcript_utterance and \
            a.transcript_span else _e(a.id)
        return (f'<li>{_link(document_of(a.news_utterance), a.news_utterance)} · {_e(a.relation)} · '
                f'{_e(self.outlet(a))} <span class="muted">({target})</span></li>')

    def rendering_card(self, aid: str, relay: list[str] | None) -> str:
        """An alignment seen from its rendering: relation, confidence, outlet and relay, the witness stretch and
        passages (links), and the word-level comparison (``relay``: the outlets the rendering came through,
        None where its utterance is on another page)."""
        from pamc.analysis.passages import word_diff

        a = self.alignments[aid]
        via = f", relayed via {_e(' > '.join(relay))}" if relay else ""
        parts = [f'<section class="card rendering" data-alignment="{_e(a.id)}"><h3>Rendering {_e(a.id)}: '
                 f'{_e(a.relation)} · {_e(a.confidence)} confidence</h3>'
                 f'<p>{_link(document_of(a.news_utterance), a.news_utterance)}, printed by '
                 f'<b>{_e(self.outlet(a))}</b>{via}</p>']
        if a.transcript_utterance is None:
            parts.append(f'<p>No counterpart in the corpus{": " + _e(a.no_counterpart_reason) if a.no_counterpart_reason else "."}</p>')
        else:
            wdoc, span = document_of(a.transcript_utterance), a.transcript_span
            where = (_link(wdoc, f"{a.id}-w", f"{a.transcript_utterance}, characters {span.start}–{span.end}")
                     if span else _link(wdoc, a.transcript_utterance))
            passages = " ".join(self.passage_link(p) for p in self.rendered[a.id]) or "none"
            parts.append(f'<p>Witness: {where}</p><p class="passages">Passages: {passages}</p>')
            if span is not None:
                diff = word_diff(a.news_span, span)
                parts.append(f'<p class="muted">Words: {diff["diff_kept"]} kept, {diff["diff_changed"]} changed, '
                             f'{diff["diff_added"]} added, {diff["diff_dropped"]} dropped '
                             '(<del>witness</del> <ins>rendering</ins>)</p>'
                             f'<p class="diff">{diff_html(a.news_span, diff["word_diff"])}</p>')
        if a.note:
            parts.append(f'<p class="muted">{_e(a.note)}</p>')
        return "".join(parts) + "</section>"

    def passage_card(self, pid: str) -> str:
        p = self.passages[pid]
        by = self.renderings.get(pid, [])
        listing = (f'<p>Rendered by {len(by)}:</p><ul class="backlinks">{"".join(self.backlink(a) for a in by)}</ul>'
                   if by else '<p class="muted">No rendering in the corpus.</p>')
        return (f'<section class="card passage-card" data-passage="{_e(pid)}"><h3>Passage '
                f'{_link(document_of(p.witness), pid)} of {_link(document_of(p.witness), p.witness)}</h3>'
                f'<blockquote>{_e(p.span.text)}</blockquote>{listing}</section>')


def diff_html(news: m.Span, steps: list[dict[str, Any]]) -> str:
    """The news words with the comparison marked: kept words plain, <del> witness words dropped or changed,
    <ins> news words added or changed; the news text between words (spaces, punctuation) as printed."""
    parts: list[str] = []
    cursor, dropped = news.start, []

    def gap(upto: int) -> str:
        return _e(news.text[cursor - news.start:upto - news.start])

    for step in steps:
        if step["news"] is None:  # a drop: shown before the next news word
            dropped.append(step["witness"]["text"])
            continue
        parts.append(gap(step["news"]["start"]))
        parts += [f"<del>{_e(w)}</del> " for w in dropped]
        dropped, cursor = [], step["news"]["end"]
        words = _e(step["news"]["text"])
        if step["op"] == "keep":
            parts.append(words)
        elif step["op"] == "add":
            parts.append(f"<ins>{words}</ins>")
        else:
            parts.append(f'<span class="chg"><del>{_e(step["witness"]["text"])}</del> <ins>{words}</ins></span>')
    parts.append(gap(news.end))
    parts += [f" <del>{_e(w)}</del>" for w in dropped]
    return "".join(parts)


class Mark(NamedTuple):
    """A marked stretch of the raw text: ``rank`` orders marks of the same stretch (lower outside); ``priority``
    decides which of two crossing marks stays whole (lower); ``ident`` goes on its first piece only."""

    start: int
    end: int
    rank: int
    priority: int
    attrs: str
    ident: str = ""
    after: str = ""


UTTERANCE, WITNESS_SPAN, PASSAGE, DECORATION = 0, 1, 2, 3  # ranks
_PRIORITY = {UTTERANCE: 0, PASSAGE: 1, WITNESS_SPAN: 2, DECORATION: 3}


def _marks(doc: str, utterances: list[dict], speech_events: list[dict], speech: Speech,
           persons: dict[str, str], events: dict[str, dict]) -> list[Mark]:
    """Everything marked in one document."""
    out: dict[tuple[int, int, str, str], Mark] = {}

    def add(start: int, end: int, rank: int, attrs: str, ident: str = "", after: str = "") -> None:
        out.setdefault((start, end, attrs, ident), Mark(start, end, rank, _PRIORITY[rank], attrs, ident, after))

    for u in utterances:
        ev = events.get(u["event"], {})
        title = (f"{persons.get(u['speaker'], u['speaker'])} · {u['mode']} · {ev.get('title', u['event'])} "
                 f"({ev.get('date') or 'date unknown'}) · {' → '.join(u['translation']['path'])}"
                 + (f" · via {' > '.join(r['outlet'] for r in u['relay'])}" if u["relay"] else ""))
        cls = f"utt mode-{u['mode']} {SPEAKER_CLASS.get(u['speaker'], 'spk-other')}"
        after = []
        for aid in speech.renders.get(u["id"], []):
            a = speech.alignments[aid]
            if a.transcript_utterance is None:
                continue
            anchor = f"{a.id}-w" if a.transcript_span else a.transcript_utterance
            label = f"{a.relation}: {a.transcript_utterance} ({a.id})"
            after.append(f'<sup class="align"><a href="{_e(document_of(a.transcript_utterance))}.html#{_e(anchor)}" '
                         f'data-rel="{_e(a.relation)}" title="{_e(label)}" aria-label="{_e(label)}"></a></sup>')
        views = " ".join(speech.renders.get(u["id"], []))
        add(u["start"], u["end"], UTTERANCE, f'class="{cls}" data-utterance-id="{_e(u["id"])}" '
            f'data-event="{_e(u["event"])}" data-views="{_e(views)}" title="{_e(title)}"', u["id"], "".join(after))
        for name, cls2 in (("speaker_label", "label"), ("cue", "cue"), ("source_mention", "source")):
            span = u[name]
            if span and span["end"] > span["start"]:
                add(span["start"], span["end"], DECORATION, f'class="{cls2}" data-of="{_e(u["id"])}"')
        marker = u["translation"]["marker"]
        if marker and marker["end"] > marker["start"]:
            add(marker["start"], marker["end"], DECORATION, 'class="marker"')
        for r in u["relay"]:
            if r["cue"]:
                add(r["cue"]["start"], r["cue"]["end"], DECORATION, f'class="relay-cue" title="relay: {_e(r["outlet"])}"')
    for s in speech_events:
        add(s["start"], s["end"], DECORATION, f'class="speech-event" title="speech event: {_e(s["event"])}"', s["id"])
    for pid in speech.on_page.get(doc, []):
        p = speech.passages[pid]
        n = len(speech.renderings.get(pid, []))
        add(p.span.start, p.span.end, PASSAGE, f'class="passage" data-focus="{_e(pid)}" data-utterance="'
            f'{_e(p.witness)}" title="passage {_e(pid)}: {n} rendering(s)"', pid)
    for aid in speech.touching.get(doc, []):
        a = speech.alignments[aid]
        if a.transcript_utterance and a.transcript_span and document_of(a.transcript_utterance) == doc:
            add(a.transcript_span.start, a.transcript_span.end, WITNESS_SPAN,
                f'class="wspan" data-focus="{_e(aid)}" data-utterance="{_e(a.transcript_utterance)}"', f"{aid}-w")
    return list(out.values())


def _crosses(a: Mark, b: Mark) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def _layout(marks: list[Mark]) -> tuple[list[Mark], int]:
    """Marks that nest: a mark crossing one of higher priority is cut at that one's boundaries (its id on the
    first piece; each piece keeps its data-focus, so the whole stretch is highlighted); an utterance crossing
    another is left out (counted)."""
    kept: list[Mark] = []
    skipped = 0
    for mark in sorted(marks, key=lambda k: (k.priority, k.start, -k.end, k.rank, k.attrs, k.ident)):
        cuts = sorted({b for k in kept if _crosses(k, mark) for b in (k.start, k.end) if mark.start < b < mark.end})
        if not cuts:
            kept.append(mark)
        elif mark.rank == UTTERANCE:
            skipped += 1
        else:  # no piece crosses a kept mark: each lies inside or outside every one it crossed
            bounds = [mark.start, *cuts, mark.end]
            kept += [mark._replace(start=s, end=e, ident=mark.ident if i == 0 else "")
                     for i, (s, e) in enumerate(zip(bounds, bounds[1:]))]
    return kept, skipped


def _markup(raw: str, marks: list[Mark]) -> str:
    """The raw text, escaped, with the (nesting) marks as spans and each mark's ``after`` behind it."""
    parts: list[str] = []
    stack: list[Mark] = []  # open marks, innermost (earliest end) last
    pos = 0

    def close() -> None:
        nonlocal pos
        m = stack.pop()
        parts.append(html.escape(raw[pos:m.end]) + "</span>" + m.after)
        pos = m.end

    for mark in sorted(marks, key=lambda k: (k.start, -k.end, k.rank, k.attrs, k.ident)):
        while stack and stack[-1].end <= mark.start:
            close()
        parts.append(html.escape(raw[pos:mark.start]))
        pos = mark.start
        ident = f' id="{_e(mark.ident)}"' if mark.ident else ""
        parts.append(f"<span{ident} {mark.attrs}>")
        stack.append(mark)
    while stack:
        close()
    parts.append(html.escape(raw[pos:]))
    return "".join(parts)


def _page(title: str, body: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>{body}"
            f"<script type=\"application/json\" id=\"utterance-data\">{payload}</script><script>{JS}</script>"
            "</body></html>\n")


def _utterance_view(u: dict, speech: Speech, persons: dict[str, str], events: dict[str, dict]) -> str:
    """The panel's heading for an utterance: who, how, when; for a witness its passages and its renderings."""
    doc, ev = u["document"], events.get(u["event"], {})
    parts = [f'<h2>{_e(u["id"])}</h2><p>{_e(persons.get(u["speaker"], u["speaker"]))} · {_e(u["mode"])} · '
             f'{_e(ev.get("title", u["event"]))} ({_e(ev.get("date") or "date unknown")})</p>']
    own = speech.of_witness.get(u["id"], [])
    if own:
        parts.append(f'<p class="passages">Witness of {len(own)} passage(s): '
                     f'{" ".join(_link(doc, p) for p in own)}</p>')
    by = speech.rendered_by.get(u["id"], [])
    if by:
        parts.append(f'<h3>Rendered by {len(by)}</h3><ul class="backlinks">'
                     f'{"".join(speech.backlink(a) for a in by)}</ul>')
    elif own:
        parts.append('<p class="muted">No rendering in the corpus.</p>')
    return "".join(parts)


def document_page(doc: dict, utterances: list[dict], speech_events: list[dict], speech: Speech,
                  persons: dict[str, str], events: dict[str, dict]) -> str:
    marks, skipped = _layout(_marks(doc["id"], utterances, speech_events, speech, persons, events))
    text = _markup(doc["raw_text"], marks)
    legend = ('<div class="legend"><span class="spk-putin">Putin</span><span class="spk-assad">Assad</span>'
              '<span class="utt mode-transcript_turn spk-other">transcript turn</span>'
              '<span class="utt mode-direct_quote spk-other">direct quote</span>'
              '<span class="utt mode-indirect_report spk-other">indirect report</span>'
              '<span class="label">speaker label</span><span class="cue">reporting cue</span>'
              '<span class="source">source mention</span><span class="relay-cue">relay attribution</span>'
              '<span class="speech-event">speech event</span><span class="passage">passage (pNNNN)</span>'
              '<span class="hl">linked stretch</span></div>')
    note = f"<p><small>{skipped} overlapping utterance(s) not drawn.</small></p>" if skipped else ""
    relay = {u["id"]: [r["outlet"] for r in u["relay"]] for u in utterances}
    views: dict[str, str] = {}
    for u in utterances:
        views[u["id"]] = _utterance_view({**u, "document": doc["id"]}, speech, persons, events)
    for aid in speech.touching.get(doc["id"], []):
        views[aid] = speech.rendering_card(aid, relay.get(speech.alignments[aid].news_utterance))
    for pid in speech.on_page.get(doc["id"], []):
        views[pid] = speech.passage_card(pid)
    templates = "".join(f'<template id="v-{_e(k)}">{v}</template>' for k, v in sorted(views.items()))
    n_passages = len(speech.on_page.get(doc["id"], []))
    body = (f'<main><nav><a href="index.html">All documents</a></nav><h1>{html.escape(doc["id"])}</h1>'
            f'<p>{html.escape(doc["publisher"])} · {html.escape(doc["genre"])} · '
            f'{html.escape(doc["printed_date"]["normalized"] or "no date printed")} · {len(utterances)} utterances, '
            f'{len(speech_events)} speech events, {n_passages} passages. Click an utterance or a passage for its '
            f'renderings or witness and all its fields.</p>{legend}{note}<pre class="raw">{text}</pre></main>'
            '<aside id="panel"><div id="view">Click an utterance or a passage.</div>'
            '<details id="fields" open><summary>All fields</summary><pre id="details"></pre></details></aside>'
            f'{templates}')
    data = {u["id"]: u for u in utterances}
    return _page(doc["id"], body, data)


def index_page(documents: list[dict], counts: dict[str, int]) -> str:
    rows = "".join(f'<li><a href="{html.escape(d["id"])}.html">{html.escape(d["id"])}</a> — '
                   f'{html.escape(d["publisher"])}, {html.escape(d["genre"])}, {counts.get(d["id"], 0)} utterances</li>'
                   for d in documents)
    body = f"<main><h1>Putin–Assad Meetings Corpus: documents</h1><ul>{rows}</ul></main>"
    return _page("Putin–Assad Meetings Corpus", body, {})
