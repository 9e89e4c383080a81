"""A static document viewer in each release: the raw text with every utterance and passage highlighted.

One self-contained HTML page per document plus an index: inline CSS and JavaScript, no network, no external
assets. Utterances are coloured by speaker and styled by mode; speaker labels, reporting cues, source
mentions, translation markers, relay attributions and speech events are marked. Every passage is marked on
its witness's page (``doc.html#p0131``), and so is the stretch of a witness each alignment says a quote or
report renders (``doc.html#a0035-w``), which is where a rendering's link leads. Selecting an utterance or a
passage (a click, or Tab to it and Enter) shows, in the panel: for a rendering, the word-level comparison with
its witness; for a witness or a passage, the renderings of it as back-links; the utterance's fields as a list
with human labels (in the model's order), and its raw JSON (collapsed). The raw text before a document's title
(the publisher's website furniture: "View settings", "Font size:" ...) is shown greyed and labelled as such;
every character of the raw text is on the page, unchanged.

The index names the release, lists each document (title, publisher, genre, printed date, counts), explains the
colours and marks, links the data card, figures and Croissant metadata, and searches every utterance (the data
inline). The pages work at desktop and phone width, by keyboard, and pass axe-core.

Every page is a function of the corpus alone (sorted, no timestamps): a rebuild gives the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pamc.release.columns import columns

if TYPE_CHECKING:
    from pamc.io.corpus import Corpus
    from pamc.model import tables as m

SPEAKER_CLASS = {"vladimir-putin": "spk-putin", "bashar-al-assad": "spk-assad"}
SEARCH_MAX = 20_000  # utterances the index's search holds inline (a synthetic corpus of millions would not load)

CSS = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font:17px/1.6 Georgia,serif;margin:0;color:#1f1f1f;background:#fff}
.layout{display:flex;align-items:flex-start}
a{color:#1d4f99}a:hover{color:#0b2f66}
:focus-visible{outline:3px solid #1a56c4;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:.4em;z-index:20;background:#fff;padding:.3em .6em;font:15px sans-serif}
.skip:focus{left:.4em}
.text-col{flex:3 1 0;min-width:0;padding:1em 2em 3em;max-width:56em}
.page{max-width:60em;margin:0 auto;padding:1em 2em 3em}
nav.site{font:15px/1.5 system-ui,sans-serif;margin:0 0 .6em;display:flex;flex-wrap:wrap;gap:.2em 1.2em}
h1{font-size:1.55em;line-height:1.25;margin:.2em 0 .3em;overflow-wrap:anywhere}
h2{font-size:1.2em;line-height:1.3;margin:1.1em 0 .4em}
.meta,.intro{font:15px/1.5 system-ui,sans-serif;color:#3d3d3d;margin:.3em 0}
.meta code{font-size:13px;overflow-wrap:anywhere}
details.legend-box{font:14px/1.5 system-ui,sans-serif;margin:.6em 0;border:1px solid #ddd;border-radius:4px;padding:.2em .6em}
details.legend-box summary{cursor:pointer;font-weight:600;padding:.2em 0}
ul.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.3em 1.1em;font:14px/1.5 system-ui,sans-serif}
ul.legend li{display:flex;align-items:baseline;gap:.4em}
ul.legend .swatch{padding:0 .35em;white-space:nowrap;font:15px/1.6 Georgia,serif}
.furniture-sample{border:1px dashed #999;border-radius:3px;background:#f2f2f2;color:#545454;font:13px/1.4 system-ui,sans-serif!important}
aside{flex:2 1 0;min-width:0;position:sticky;top:0;height:100vh;overflow:auto;padding:0 1em 1em;
background:#f6f6f4;border-left:1px solid #ccc;font:15px/1.5 system-ui,sans-serif}
.panel-head{position:sticky;top:0;z-index:2;background:#f6f6f4;display:flex;align-items:center;gap:.6em;
justify-content:space-between;padding:.5em 0 .35em;border-bottom:1px solid #ddd}
.panel-head h2{margin:0;font-size:16px}
#panel-toggle{display:none;font:14px system-ui,sans-serif;padding:.35em .9em;border:1px solid #888;border-radius:4px;
background:#fff;color:#1f1f1f;cursor:pointer;min-height:2.2em}
aside h3{font-size:15px;margin:.5em 0 .3em;overflow-wrap:anywhere}aside h4{font-size:14px;margin:.4em 0 .2em}
aside p{margin:.3em 0}aside ul{margin:.2em 0;padding-left:1.2em}
aside pre{font:12px/1.4 monospace;white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0}
aside details summary{cursor:pointer;padding:.2em 0}
.card{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.5em .7em;margin:.6em 0;overflow-wrap:anywhere}
.card blockquote,dl.fields blockquote{margin:.3em 0;padding-left:.6em;border-left:3px solid #ccc;font:15px/1.5 Georgia,serif}
.diff{font:15px/1.6 Georgia,serif;padding:.3em .5em;background:#fcfcfa;border:1px solid #eee}
del{background:#fde2e1;color:#8a1f17}ins{background:#dcf5dc;color:#135e13;text-decoration:none;
border-bottom:1px solid #3a3}.muted{color:#595959}
section.fields-box{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.4em .7em;margin:.6em 0}
dl.fields{display:grid;grid-template-columns:minmax(6.5em,max-content) minmax(0,1fr);gap:.3em .8em;margin:.3em 0}
dl.fields dt{font-weight:600;color:#333}dl.fields dd{margin:0;min-width:0;overflow-wrap:anywhere}
dl.fields ul{padding-left:1.1em;margin:0}dl.fields blockquote{margin:0}
pre.raw{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:.5em 0}
.utt{cursor:pointer;border-radius:2px}
.spk-putin{background:#dbe8fb}.spk-assad{background:#ddf3df}.spk-other{background:#eee}
.mode-direct_quote{border-bottom:2px solid #555}.mode-indirect_report{border-bottom:2px dashed #555;font-style:italic}
.utt .utt{outline:1px dotted #a33}
.label{font-weight:bold;font-variant:small-caps}.cue{outline:1px solid #c80;background:#fff3d6}
.source{text-decoration:underline double #c80}.marker{color:#555;font-style:italic}
.relay-cue{background:#f3e0f7;outline:1px solid #93a}.speech-event{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px)}
.doc-title{font-weight:bold}
.furniture{display:block;margin:0 0 .3em;padding:.35em .7em .45em;border:1px dashed #999;border-radius:4px;background:#f2f2f2;
color:#545454;font:13px/1.4 system-ui,sans-serif}
.furniture::before{content:"Website furniture \\2014  scraped with the page, not part of the document";display:block;
font-weight:600;font-size:11px;letter-spacing:.04em;text-transform:uppercase;color:#474747;margin-bottom:.2em}
.passage,.wspan,.utt,[id$="-cue"],[id$="-label"],[id$="-source"]{scroll-margin-top:1.5em}
.passage{cursor:pointer}.passage[id]::before{content:attr(id);font:9px/1 sans-serif;color:#567;vertical-align:super;
padding:0 2px 0 1px}.passage:hover{background:rgba(255,214,74,.3)}
.wspan:target,.focus,.hl,.cue:target,.label:target,.source:target{background:#ffe27a;outline:2px solid #e0a000}
sup.align a{font:11px sans-serif;color:#1d4f99;text-decoration:none;margin-left:2px}
sup.align a::after{content:"\\2197" attr(data-rel)}
.align-sample{font:11px sans-serif;color:#1d4f99}
.utt.selected{box-shadow:0 0 0 2px #d22}
pre.raw .utt:focus-visible,pre.raw .passage:focus-visible{outline:3px solid #1a56c4;outline-offset:1px;
box-shadow:0 0 0 5px rgba(26,86,196,.3)}
.docs{list-style:none;padding:0;margin:.4em 0}
.docs li{border:1px solid #ddd;border-radius:4px;padding:.5em .8em;margin:.6em 0}
.docs h3{margin:.1em 0 .2em;font-size:1.1em;line-height:1.3}
.docs p{margin:.15em 0;font:14px/1.5 system-ui,sans-serif;color:#3d3d3d}
form.search{font:15px/1.5 system-ui,sans-serif;display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:flex-end;
background:#f6f6f4;border:1px solid #ddd;border-radius:4px;padding:.7em .8em}
form.search label{display:flex;flex-direction:column;font-weight:600;font-size:14px;gap:.15em}
form.search input,form.search select{font:16px system-ui,sans-serif;padding:.35em .45em;border:1px solid #767676;
border-radius:3px;background:#fff;color:#1f1f1f;min-height:2.4em}
form.search .words{flex:1 1 16em}form.search .words input{width:100%}
#search-status{font:14px/1.5 system-ui,sans-serif;margin:.5em 0}
ol.results{padding-left:1.6em;font:15px/1.5 system-ui,sans-serif}ol.results li{margin:.5em 0}
ol.results .who{color:#3d3d3d;font-size:14px}ol.results q{font:15px/1.5 Georgia,serif;display:block;overflow-wrap:anywhere}
mark{background:#ffe27a;color:inherit}
@media (max-width:760px){
body{font-size:16px}.layout{display:block}
.text-col{padding:.6em 1em 55vh;max-width:none}.page{padding:.6em 1em 2em}
h1{font-size:1.35em}
aside{position:fixed;left:0;right:0;bottom:0;top:auto;height:auto;max-height:50vh;border-left:0;padding:0 .8em .6em;
border-top:2px solid #999;box-shadow:0 -2px 8px rgba(0,0,0,.25);z-index:5}
#panel-toggle{display:inline-block}
aside.collapsed #panel-body{display:none}
dl.fields{grid-template-columns:minmax(0,1fr);gap:0}dl.fields dd{margin:0 0 .35em .8em}
pre.raw .utt,pre.raw .passage{scroll-margin-bottom:52vh}
}
"""

JS = """
const data = JSON.parse(document.getElementById('utterance-data').textContent);
const view = document.getElementById('view'), fields = document.getElementById('fields-view');
const details = document.getElementById('details'), panel = document.getElementById('panel');
const toggle = document.getElementById('panel-toggle'), phone = window.matchMedia('(max-width: 760px)');
function frag(key){ const t = document.getElementById('v-' + key); return t ? t.innerHTML : ''; }
function openPanel(open){
  panel.classList.toggle('collapsed', !open);
  toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  toggle.textContent = open ? 'Hide' : 'Show';
}
toggle.addEventListener('click', () => openPanel(panel.classList.contains('collapsed')));
function show(uid, focus){
  const el = document.getElementById(uid);
  if (!view || !el || !data[uid]) return;
  document.querySelectorAll('.selected,.focus').forEach(e => e.classList.remove('selected', 'focus'));
  document.querySelectorAll('pre.raw [aria-current]').forEach(e => e.removeAttribute('aria-current'));
  el.classList.add('selected');
  el.setAttribute('aria-current', 'true');
  let first = null;
  if (focus) document.querySelectorAll('[data-focus="' + CSS.escape(focus) + '"]').forEach(e => {
    e.classList.add('focus'); first = first || e; });
  if (first && first.id) first.setAttribute('aria-current', 'true');
  const keys = (el.dataset.views || '').split(' ').filter(k => k && k !== focus);
  view.innerHTML = (focus ? frag(focus) : '') + frag(uid) + keys.map(frag).join('');
  fields.innerHTML = frag('f-' + uid);
  details.textContent = JSON.stringify(data[uid], null, 2);
  document.getElementById('fields-box').hidden = false;
  document.getElementById('fields').hidden = false;
  openPanel(true);
  panel.scrollTop = 0;
  if (phone.matches) {  // the panel covers the lower half: keep the selection above it
    const r = (first || el).getBoundingClientRect(), room = window.innerHeight - panel.offsetHeight;
    if (r.top < 0 || r.top > room - 40) window.scrollBy(0, r.top - 24);
  }
}
function select(el){
  if (el.classList.contains('utt')) show(el.id);
  else if (el.dataset.focus) show(el.dataset.utterance, el.dataset.focus);
  else if (el.dataset.of) show(el.dataset.of);
}
document.addEventListener('click', ev => {
  if (ev.target.closest('a')) return;
  const el = ev.target.closest('pre.raw .passage, pre.raw .utt');
  if (el) select(el);
});
document.addEventListener('keydown', ev => {
  if (ev.key !== 'Enter' && ev.key !== ' ') return;
  const el = ev.target;
  if (!(el instanceof Element) || !el.matches('pre.raw .passage[tabindex], pre.raw .utt[tabindex]')) return;
  ev.preventDefault();
  select(el);
});
function land(){
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id && document.getElementById(id);
  if (el && el.closest('pre.raw')) select(el);
}
land();
window.addEventListener('hashchange', land);
"""

INDEX_JS = """
const corpus = JSON.parse(document.getElementById('search-data').textContent);
const form = document.getElementById('search'), q = document.getElementById('q');
const speaker = document.getElementById('speaker'), mode = document.getElementById('mode');
const status = document.getElementById('search-status'), results = document.getElementById('results');
const QUOTES = {'\\u2018': "'", '\\u2019': "'", '\\u201a': "'", '\\u201b': "'", '\\u201c': '"', '\\u201d': '"',
                '\\u201e': '"', '\\u201f': '"'};
// text as searched: every space (no-break spaces too) one space, curly quotes straight, lower case;
// map[i] is the character of the text that character i of the result comes from
function fold(text){
  let out = '', space = false; const map = [];
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    if (/\\s/.test(c)) { if (space) continue; c = ' '; space = true; } else space = false;
    for (const ch of (QUOTES[c] || c).toLowerCase()) { out += ch; map.push(i); }
  }
  return {text: out, map: map};
}
corpus.utterances.forEach(u => { u.folded = fold(u.text); });
const LIMIT = 200;
function cut(text, at, after){  // where a snippet ends: at a space before character `at` (past `after`)
  if (at >= text.length) return text.length;
  const space = text.lastIndexOf(' ', at);
  return space > after ? space : at;
}
function quote(u, at, length){
  const el = document.createElement('q'), text = u.text;
  if (at < 0) { const to = cut(text, 240, 0); el.textContent = text.slice(0, to) + (to < text.length ? '\\u2026' : '');
                return el; }
  const start = u.folded.map[at], end = u.folded.map[at + length - 1] + 1;
  let from = Math.max(0, start - 110);
  if (from > 0) { const space = text.indexOf(' ', from); if (space >= 0 && space < start) from = space + 1; }
  const to = cut(text, end + 110, end);
  const mark = document.createElement('mark');
  mark.textContent = text.slice(start, end);
  el.append((from > 0 ? '\\u2026' : '') + text.slice(from, start), mark, text.slice(end, to) + (to < text.length ? '\\u2026' : ''));
  return el;
}
function run(){
  const words = fold(q.value.trim()).text, who = speaker.value, how = mode.value;
  results.replaceChildren();
  if (!words && !who && !how) {
    status.textContent = corpus.utterances.length + ' utterances. Type some words, or choose a speaker or a mode.';
    return;
  }
  const hits = [];
  for (const u of corpus.utterances) {
    if ((who && u.speaker !== who) || (how && u.mode !== how)) continue;
    const at = words ? u.folded.text.indexOf(words) : -1;
    if (words && at < 0) continue;
    hits.push([u, at]);
  }
  status.textContent = (hits.length === 1 ? '1 utterance found' : hits.length + ' utterances found') +
    (hits.length > LIMIT ? '; the first ' + LIMIT + ' are listed.' : '.');
  for (const [u, at] of hits.slice(0, LIMIT)) {
    const li = document.createElement('li'), a = document.createElement('a'), who = document.createElement('span');
    a.href = u.document + '.html#' + u.id;
    a.textContent = u.id;
    who.className = 'who';
    who.textContent = ' \\u2014 ' + (corpus.speakers[u.speaker] || u.speaker) + ', ' + (corpus.modes[u.mode] || u.mode) +
      ', in ' + (corpus.documents[u.document] || u.document);
    li.append(a, who, quote(u, at, words.length));
    results.append(li);
  }
}
form.addEventListener('submit', ev => { ev.preventDefault(); run(); });
[q, speaker, mode].forEach(el => el.addEventListener('input', run));
const given = new URLSearchParams(location.search).get('q');
if (given) q.value = given;
run();
"""


def document_of(utterance: str) -> str:
    """A witness's or rendering's document: an utterance id begins with its document's id (the validator checks
    it), so a page can link to another before that one is read."""
    return utterance.rsplit(".", 1)[0]


_ESCAPED: dict[str, str] = {}  # short string → its escape: ids, names and vocabulary words recur on every page
_ESCAPED_MAX, _ESCAPED_LEN = 50_000, 160  # entries kept (then the table starts again), longest string kept


def _e(value: Any) -> str:
    """``html.escape(str(value))``. A page escapes a few thousand strings, most of them ids and names it has
    escaped already (an utterance id goes into its mark, its fields, its links): those come from a table.
    Only str is looked up (1 == 1.0 == True as keys, but their strings differ)."""
    if type(value) is str and len(value) <= _ESCAPED_LEN:  # a long text is seldom seen twice: not even hashed
        escaped = _ESCAPED.get(value)
        if escaped is None:
            escaped = html.escape(value)
            if len(_ESCAPED) >= _ESCAPED_MAX:
                _ESCAPED.clear()
            _ESCAPED[value] = escaped
        return escaped
    return html.escape(str(value))


def _link(document: str, anchor: str, text: str | None = None) -> str:
    return f'<a href="{_e(document)}.html#{_e(anchor)}">{_e(anchor if text is None else text)}</a>'


class Speech:
    """What the pages say about passages and renderings, from the alignments file (read in ``start``, before the
    annotation files stream past; forked workers inherit it)."""

    def __init__(self, corpus: Corpus) -> None:
        from pamc.analysis.passages import overlapped

        self.publisher = {d.model.id: d.model.publisher for d in corpus.documents}
        self.people = {r.model.id: (r.model.name, r.model.role) for r in corpus.persons}  # id → name, role
        self.entities = {r.model.id: (r.model.name, r.model.type) for r in corpus.entities}  # id → name, type
        self.vocab = {name.replace("-", "_"): {v.id: v.definition for v in rec.model.values}
                      for name, rec in corpus.vocabularies.items()}  # vocabulary → value → definition
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

    def memo(self, kind: str) -> dict:
        """A table of HTML made from this object's tables (which nothing changes once they are read), kept for
        the next page: "term" ((vocabulary, value) → its words, titled with its definition), "person" (id →
        name and role), "entity" (id → name and type), "diff" (alignment → its word-level comparison, kept
        from the first of its two pages, the rendering's and the witness's, for the second, which takes it out
        again: difflib is most of a rendering card's cost). Made on first use, so that a Speech assembled by
        hand (the tests) has them too."""
        memos = self.__dict__.setdefault("_memos", {})
        table = memos.get(kind)
        if table is None:
            table = memos[kind] = {}
        return table

    def outlet(self, a: m.Alignment) -> str:
        return self.publisher.get(document_of(a.news_utterance), "?")

    def outlet_name(self, outlet: str, bold: bool = False) -> str:
        """An outlet's name and, muted, its id."""
        name = self.entities.get(outlet, (outlet, None))[0]
        shown = f"<b>{_e(name)}</b>" if bold else _e(name)
        return shown if name == outlet else f'{shown} <span class="muted">({_e(outlet)})</span>'

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
        via = f", relayed via {' > '.join(self.outlet_name(r) for r in relay)}" if relay else ""
        parts = [f'<section class="card rendering" data-alignment="{_e(a.id)}"><h3>Rendering {_e(a.id)}: '
                 f'{_e(a.relation)} · {_e(a.confidence)} confidence</h3>'
                 f'<p>{_link(document_of(a.news_utterance), a.news_utterance)}, printed by '
                 f'{self.outlet_name(self.outlet(a), True)}{via}</p>']
        if a.transcript_utterance is None:
            parts.append(f'<p>No counterpart in the corpus{": " + _e(a.no_counterpart_reason) if a.no_counterpart_reason else "."}</p>')
        else:
            wdoc, span = document_of(a.transcript_utterance), a.transcript_span
            where = (_link(wdoc, f"{a.id}-w", f"{a.transcript_utterance}, characters {span.start}–{span.end}")
                     if span else _link(wdoc, a.transcript_utterance))
            passages = " ".join(self.passage_link(p) for p in self.rendered[a.id]) or "none"
            parts.append(f'<p>Witness: {where}</p><p class="passages">Passages: {passages}</p>')
            if span is not None:
                diffs = self.memo("diff")
                shown = diffs.pop(a.id, None)
                if shown is None:
                    diff = word_diff(a.news_span, span)
                    shown = (f'<p class="muted">Words: {diff["diff_kept"]} kept, {diff["diff_changed"]} changed, '
                             f'{diff["diff_added"]} added, {diff["diff_dropped"]} dropped '
                             '(<del>witness</del> <ins>rendering</ins>)</p>'
                             f'<p class="diff">{diff_html(a.news_span, diff["word_diff"])}</p>')
                    if wdoc != document_of(a.news_utterance):  # the card is on two pages: keep it for the other
                        diffs[a.id] = shown
                parts.append(shown)
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
    decides which of two crossing marks stays whole (lower); ``ident`` and ``own`` (attributes that make it
    focusable) go on its first piece only."""

    start: int
    end: int
    rank: int
    priority: int
    attrs: str
    ident: str = ""
    after: str = ""
    own: str = ""


FURNITURE, UTTERANCE, WITNESS_SPAN, PASSAGE, DECORATION = -1, 0, 1, 2, 3  # ranks
_PRIORITY = {UTTERANCE: 0, PASSAGE: 1, WITNESS_SPAN: 2, DECORATION: 3, FURNITURE: 4}


def _words(value: str) -> str:
    """A vocabulary value as words: direct_quote → direct quote."""
    return value.replace("_", " ")


def _name(table: dict[str, tuple[str, Any]], key: str) -> str:
    return table[key][0] if key in table else key


def _furniture_end(doc: dict) -> int:
    """Where the website furniture before the title ends: the raw text up to the title, less the whitespace
    that separates them (the line break closing the last line stays inside)."""
    title = doc.get("title") or {}
    start = title.get("start") or 0
    head = doc["raw_text"][:start]
    end = len(head.rstrip())
    return min(start, end + 1) if end else 0


def _marks(doc: dict, utterances: list[dict], speech_events: list[dict], speech: Speech,
           persons: dict[str, str], events: dict[str, dict]) -> list[Mark]:
    """Everything marked in one document."""
    out: dict[tuple[int, int, str, str], Mark] = {}

    def add(start: int, end: int, rank: int, attrs: str, ident: str = "", after: str = "", own: str = "") -> None:
        out.setdefault((start, end, attrs, ident), Mark(start, end, rank, _PRIORITY[rank], attrs, ident, after, own))

    for u in utterances:
        ev = events.get(u["event"], {})
        speaker = persons.get(u["speaker"], u["speaker"])
        title = (f"{speaker} · {u['mode']} · {ev.get('title', u['event'])} "
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
        said = f"{speaker}, {_words(u['mode'])}, {u['id']}"
        own = f'tabindex="0" role="group" aria-label="{_e(said)}"'
        add(u["start"], u["end"], UTTERANCE, f'class="{cls}" data-utterance-id="{_e(u["id"])}" '
            f'data-event="{_e(u["event"])}" data-views="{_e(views)}" title="{_e(title)}"', u["id"], "".join(after),
            own)
        for name, cls2 in (("speaker_label", "label"), ("cue", "cue"), ("source_mention", "source")):
            span = u[name]
            if span and span["end"] > span["start"]:
                add(span["start"], span["end"], DECORATION, f'class="{cls2}" data-of="{_e(u["id"])}"',
                    f"{u['id']}-{cls2}")
        marker = u["translation"]["marker"]
        if marker and marker["end"] > marker["start"]:
            add(marker["start"], marker["end"], DECORATION, 'class="marker"')
        for r in u["relay"]:
            if r["cue"]:
                add(r["cue"]["start"], r["cue"]["end"], DECORATION, f'class="relay-cue" title="relay: {_e(r["outlet"])}"')
    for s in speech_events:
        add(s["start"], s["end"], DECORATION, f'class="speech-event" title="speech event: {_e(s["event"])}"', s["id"])
    for pid in speech.on_page.get(doc["id"], []):
        p = speech.passages[pid]
        n = len(speech.renderings.get(pid, []))
        said = f"passage {pid}: {n} rendering{'' if n == 1 else 's'}"
        add(p.span.start, p.span.end, PASSAGE, f'class="passage" data-focus="{_e(pid)}" data-utterance="'
            f'{_e(p.witness)}" title="{_e(said)}"', pid, own=f'tabindex="0" role="group" aria-label="{_e(said)}"')
    for aid in speech.touching.get(doc["id"], []):
        a = speech.alignments[aid]
        if a.transcript_utterance and a.transcript_span and document_of(a.transcript_utterance) == doc["id"]:
            add(a.transcript_span.start, a.transcript_span.end, WITNESS_SPAN,
                f'class="wspan" data-focus="{_e(aid)}" data-utterance="{_e(a.transcript_utterance)}"', f"{aid}-w")
    title = doc.get("title")
    if title and title["end"] > title["start"]:
        add(title["start"], title["end"], DECORATION, 'class="doc-title"')
    furniture = _furniture_end(doc)
    if furniture:
        add(0, furniture, FURNITURE, 'class="furniture" role="note" aria-label="Website furniture, scraped with the '
            'page: not part of the document"')
    return list(out.values())


def _crosses(a: Mark, b: Mark) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def _layout(marks: list[Mark]) -> tuple[list[Mark], int]:
    """Marks that nest: a mark crossing one of higher priority is cut at that one's boundaries (its id on the
    first piece; each piece keeps its data-focus, so the whole stretch is highlighted); an utterance crossing
    another is left out (counted)."""
    kept: list[Mark] = []
    spans: list[tuple[int, int]] = []  # (start, end) of each kept mark
    skipped = 0
    for mark in sorted(marks, key=lambda k: (k.priority, k.start, -k.end, k.rank, k.attrs, k.ident)):
        ms, me = mark.start, mark.end
        # _crosses(k, mark) with the boundaries of k inside mark: a kept mark that starts before this one and
        # ends inside it gives its end, one that starts inside it and ends after it gives its start (the same
        # set as testing every pair with _crosses, in one pass without a call per pair).
        cuts = sorted({ke if ks < ms else ks for ks, ke in spans if (ks < ms < ke < me) or (ms < ks < me < ke)})
        if not cuts:
            kept.append(mark)
            spans.append((ms, me))
        elif mark.rank == UTTERANCE:
            skipped += 1
        else:  # no piece crosses a kept mark: each lies inside or outside every one it crossed
            bounds = [ms, *cuts, me]
            pieces = [mark._replace(start=s, end=e, ident=mark.ident if i == 0 else "", own=mark.own if i == 0 else "")
                      for i, (s, e) in enumerate(zip(bounds, bounds[1:]))]
            kept += pieces
            spans += [(p.start, p.end) for p in pieces]
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
        own = f" {mark.own}" if mark.own and mark.ident else ""
        parts.append(f"<span{ident} {mark.attrs}{own}>")
        stack.append(mark)
    while stack:
        close()
    parts.append(html.escape(raw[pos:]))
    return "".join(parts)


def _json(data: Any) -> str:
    """JSON for a <script> element: sorted, and no '<' that could end or open anything in it."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def _page(title: str, body: str, data: Any, script: str = JS, data_id: str = "utterance-data") -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>{body}"
            f"<script type=\"application/json\" id=\"{data_id}\">{_json(data)}</script><script>{script}</script>"
            "</body></html>\n")


LEGEND = [
    ("spk-putin", "Putin", "words of Vladimir Putin"),
    ("spk-assad", "Assad", "words of Bashar al-Assad"),
    ("spk-other", "other", "words of another speaker"),
    ("utt mode-transcript_turn spk-other", "turn", "transcript turn (no underline)"),
    ("utt mode-direct_quote spk-other", "quote", "direct quote (solid underline)"),
    ("utt mode-indirect_report spk-other", "report", "indirect report (dashed underline, italic)"),
    ("label", "Label", "speaker label"),
    ("cue", "said", "reporting cue"),
    ("source", "the President", "source mention"),
    ("marker", "(in Russian)", "translation marker"),
    ("relay-cue", "according to RT", "relay attribution"),
    ("speech-event", "they discussed", "speech event (someone spoke, no words given)"),
    ("passage", "p0001", "passage: a stretch of a witness, its id in small print"),
    ("align-sample", "\u2197verbatim", "link from a quote or report to the words it renders"),
    ("hl", "linked", "the stretch a link or selection points at"),
    ("utt selected spk-other", "selected", "the selected utterance"),
    ("furniture-sample", "View settings", "website furniture scraped with the page, not part of the document"),
]


def legend_html() -> str:
    return '<ul class="legend">' + "".join(
        f'<li><span class="swatch {cls}">{_e(sample)}</span> {_e(meaning)}</li>' for cls, sample, meaning in LEGEND
    ) + "</ul>"


def _utterance_view(u: dict, speech: Speech, persons: dict[str, str], events: dict[str, dict]) -> str:
    """The panel's heading for an utterance: who, how, when; for a witness its passages and its renderings."""
    doc, ev = u["document"], events.get(u["event"], {})
    parts = [f'<h3>Utterance {_e(u["id"])}</h3><p>{_e(persons.get(u["speaker"], u["speaker"]))} · '
             f'{_e(_words(u["mode"]))} · {_e(ev.get("title", u["event"]))} '
             f'({_e(ev.get("date") or "date unknown")})</p>']
    own = speech.of_witness.get(u["id"], [])
    if own:
        parts.append(f'<p class="passages">Witness of {len(own)} passage(s): '
                     f'{" ".join(_link(doc, p) for p in own)}</p>')
    by = speech.rendered_by.get(u["id"], [])
    if by:
        parts.append(f'<h4>Rendered by {len(by)}</h4><ul class="backlinks">'
                     f'{"".join(speech.backlink(a) for a in by)}</ul>')
    elif own:
        parts.append('<p class="muted">No rendering in the corpus.</p>')
    return "".join(parts)


def _span_text(span: dict | None, anchor: str | None = None) -> str:
    """A printed span: its words (a link to them on the page where they are marked) and its characters."""
    if not span:
        return '<span class="muted">none</span>'
    words = f"“{_e(span['text'])}”"
    if anchor:
        words = f'<a href="#{_e(anchor)}">{words}</a>'
    return f'{words} <span class="muted">(characters {span["start"]}–{span["end"]})</span>'


def _fields(u: dict, doc: dict, speech: Speech, events: dict[str, dict], narrated: dict[str, list[str]]) -> str:
    """The utterance's fields as a definition list, in the model's order, with human labels: names for ids,
    links to what the page (or another page) has."""
    order, in_order = _field_order()
    uid, people, entities, vocab = u["id"], speech.people, speech.entities, speech.vocab

    terms, person_html, entity_html = speech.memo("term"), speech.memo("person"), speech.memo("entity")

    def person(pid: str) -> str:
        shown = person_html.get(pid)
        if shown is None:
            name, role = people.get(pid, (pid, None))
            shown = person_html[pid] = f"{_e(name)}" + (f' <span class="muted">({_e(role)})</span>' if role else "")
        return shown

    def term(vocabulary: str, value: str) -> str:
        shown = terms.get((vocabulary, value))
        if shown is None:
            meaning = vocab.get(vocabulary, {}).get(value)
            shown = terms[vocabulary, value] = (f'<span title="{_e(meaning)}">{_e(_words(value))}</span>' if meaning
                                                else _e(_words(value)))
        return shown

    def entity(eid: str) -> str:  # a mentioned entity: its name, and its type when the corpus knows it
        shown = entity_html.get(eid)
        if shown is None:
            shown = entity_html[eid] = _e(_name(entities, eid)) + (
                f' <span class="muted">({_e(_words(entities[eid][1]))})</span>' if eid in entities else "")
        return shown

    def listing(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else '<span class="muted">none</span>'

    def event() -> str:
        ev = events.get(u["event"])
        if not ev:
            return _e(u["event"])
        precision = ev.get("date_precision") or "unknown"
        date = (f"{_e(ev['date'])} (precise to the {_e(precision)})" if ev.get("date") and precision != "unknown"
                else "date unknown")
        parts = [f"{_e(ev['title'])}", f"{date} · {term('event_kinds', ev['kind'])}"
                 + (f" · {_e(ev['place'])}" if ev.get("place") else ""),
                 f'<span class="muted">{_e(ev["id"])}</span>']
        here = narrated.get(u["event"], [])
        if here:
            parts.append("Narrated on this page: " + ", ".join(f'<a href="#{_e(s)}">{_e(s)}</a>' for s in here))
        return "<br>".join(parts)

    def passages() -> str:
        items = []
        for pid in u.get("passages") or []:
            p = speech.passages.get(pid)
            if p is None:
                items.append(_e(pid))
                continue
            if p.witness == uid:
                by = speech.renderings.get(pid, [])
                said = ("rendered by " + ", ".join(
                    f"{_link(document_of(speech.alignments[a].news_utterance), speech.alignments[a].news_utterance)}"
                    f" ({_e(_words(speech.alignments[a].relation))}, {_e(speech.outlet(speech.alignments[a]))})"
                    for a in by)) if by else '<span class="muted">no rendering</span>'
            else:
                said = f"witnessed by {_link(document_of(p.witness), p.witness)}"
            items.append(f"{speech.passage_link(pid)}: {said}")
        return listing(items)

    def renders() -> str:
        aids = speech.renders.get(uid, [])
        if not aids:
            return "no" if not u.get("renders") else "yes"
        out = []
        for aid in aids:
            a = speech.alignments[aid]
            if a.transcript_utterance is None:
                out.append(f"{_e(aid)}: no counterpart in the corpus")
            else:
                target = f"{aid}-w" if a.transcript_span else a.transcript_utterance
                out.append(f"{_link(document_of(a.transcript_utterance), target, aid)}: "
                           f"{_e(_words(a.relation))} of {_link(document_of(a.transcript_utterance), a.transcript_utterance)}")
        return ("yes" if u.get("renders") else "no") + listing(out)

    def value(key: str) -> str | None:  # None: the row has no such field, or it is shown with another
        v = u.get(key)
        if key == "id":
            return f'<a href="#{_e(uid)}">{_e(uid)}</a>'
        if key == "mode":
            return term("modes", v)
        if key == "event":
            return event()
        if key == "speaker":
            return person(v)
        if key == "speaker_label":
            return _span_text(v, f"{uid}-label" if v and v["end"] > v["start"] else None)
        if key == "addressees":
            return listing([person(a) for a in v]) if v else '<span class="muted">none</span>'
        if key == "start":
            return f"{u['start']}–{u['end']}"
        if key == "end":
            return None
        if key == "text":
            return f"<blockquote>{_e(v)}</blockquote>"
        if key == "cue":
            return _span_text(v, f"{uid}-cue" if v and v["end"] > v["start"] else None)
        if key == "source_mention":
            return _span_text(v, f"{uid}-source" if v and v["end"] > v["start"] else None)
        if key == "embedded_in":
            return _link(document_of(v), v) if v else '<span class="muted">none</span>'
        if key == "language":
            meaning = vocab.get("languages", {}).get(v)
            return _e(v) + (f" ({_e(meaning.split(',')[0])})" if meaning else "")
        if key == "translation":
            t = v
            marker = f"<br>marker: {_span_text(t['marker'])}" if t.get("marker") else ""
            return (f"{_e(' → '.join(t['path']))} · basis: {_e(t['basis'])}"
                    f"{'' if t.get('complete', True) else ' · path incomplete'}{marker}"
                    f'<br><span class="muted">{_e(t["evidence"])}</span>')
        if key == "relay":
            if not v:
                return '<span class="muted">none: printed at first hand</span>'
            chain = " › ".join(_e(_name(entities, r["outlet"])) for r in v)
            return f"{chain}" + listing([
                f"{_e(_name(entities, r['outlet']))} ({_e(r['basis'])})"
                + (f": {_span_text(r['cue'])}" if r.get("cue") else "")
                + (f'<br><span class="muted">{_e(r["note"])}</span>' if r.get("note") else "") for r in v])
        if key == "topics":
            return ", ".join(term("topics", t) for t in v)
        if key == "dialogue_acts":
            return listing([f"<b>{term('dialogue_act_functions', d['function'])}</b>: “{_e(d['text'])}”"
                            + (f'<br><span class="muted">{_e(d["note"])}</span>' if d.get("note") else "") for d in v])
        if key == "mentions":
            return listing([f"“{_e(x['text'])}” → {entity(x['entity'])}" for x in v])
        if key == "note":
            return _e(v) if v else '<span class="muted">none</span>'
        if key == "document":
            return f'{_e(doc["title"]["text"] if doc.get("title") else v)} <span class="muted">({_e(v)})</span>'
        if key == "text_normalised":
            return '<span class="muted">the same as the words</span>' if v == u.get("text") else _e(v)
        if key == "passages":
            return passages()
        if key == "renders":
            return renders()
        if key not in u:
            return None
        return _e(json.dumps(v, ensure_ascii=False)) if isinstance(v, (dict, list)) else _e(v)

    keys = [k for k in order if k in u] + sorted(k for k in u if k not in in_order)
    rows = []
    for key in keys:
        shown = value(key)
        if shown is not None:
            head = _FIELD_HEADS.get(key)
            if head is None:
                head = _FIELD_HEADS[key] = (f'<dt data-field="{_e(key)}">'
                                            f'{_e(FIELD_LABELS.get(key, _words(key).capitalize()))}</dt><dd>')
            rows.append(f'{head}{shown}</dd>')
    return f'<dl class="fields">{"".join(rows)}</dl>'


_FIELD_HEADS: dict[str, str] = {}  # field → its <dt> and the opening <dd> (the same on every page)
_FIELD_ORDER: list[tuple[tuple[str, ...], frozenset[str]]] = []


def _field_order() -> tuple[tuple[str, ...], frozenset[str]]:
    """The utterance model's field order, from the committed release schema (read once: a page asks for it
    once an utterance), and the same names as a set."""
    if not _FIELD_ORDER:
        order = tuple(c.name for c in columns("utterances"))
        _FIELD_ORDER.append((order, frozenset(order)))
    return _FIELD_ORDER[0]


FIELD_LABELS = {
    "id": "Utterance", "mode": "Mode", "event": "Event", "speaker": "Speaker", "speaker_label": "Speaker label",
    "addressees": "Addressees", "start": "Characters", "text": "Words", "cue": "Reporting cue",
    "source_mention": "Source mention", "embedded_in": "Embedded in", "language": "Language spoken",
    "translation": "Translation path", "relay": "Relayed through", "topics": "Topics", "dialogue_acts": "Dialogue acts",
    "mentions": "Mentions", "note": "Note", "document": "Document", "n_words": "Word count",
    "text_normalised": "Normalised words", "passages": "Passages", "renders": "Renders a witness",
}


def _meta(doc: dict, speech: Speech) -> str:
    """Publisher, genre, printed date and place of a document, in words."""
    date, place = doc.get("printed_date") or {}, doc.get("printed_place") or {}
    when = (f"printed date {_e(date['normalized'])}" + (f" (“{_e(date['span']['text'])}”)" if date.get("span") else "")
            if date.get("normalized") else "no date printed")
    where = f" · printed place {_e(place['normalized'])}" if place.get("normalized") else ""
    return (f"{_e(_name(speech.entities, doc['publisher']))} · {_e(_words(doc['genre']))} · {when}{where}")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _heading(doc: dict) -> str:
    title = doc.get("title") or {}
    return re.sub(r"[ \t\r\n]+", " ", title.get("text") or doc["id"]).strip(" ")  # printed characters kept


def document_page(doc: dict, utterances: list[dict], speech_events: list[dict], speech: Speech,
                  persons: dict[str, str], events: dict[str, dict]) -> str:
    marks, skipped = _layout(_marks(doc, utterances, speech_events, speech, persons, events))
    text = _markup(doc["raw_text"], marks)
    note = f'<p class="intro">{skipped} overlapping utterance(s) not drawn.</p>' if skipped else ""
    relay = {u["id"]: [r["outlet"] for r in u["relay"]] for u in utterances}
    narrated: dict[str, list[str]] = defaultdict(list)
    for s in speech_events:
        narrated[s["event"]].append(s["id"])
    views: dict[str, str] = {}
    for u in utterances:
        views[u["id"]] = _utterance_view({**u, "document": doc["id"]}, speech, persons, events)
        views[f"f-{u['id']}"] = _fields({**u, "document": doc["id"]}, doc, speech, events, narrated)
    for aid in speech.touching.get(doc["id"], []):
        views[aid] = speech.rendering_card(aid, relay.get(speech.alignments[aid].news_utterance))
    for pid in speech.on_page.get(doc["id"], []):
        views[pid] = speech.passage_card(pid)
    templates = "".join(f'<template id="v-{_e(k)}">{v}</template>' for k, v in sorted(views.items()))
    n_passages = len(speech.on_page.get(doc["id"], []))
    heading = _heading(doc)
    furniture = ('<p class="intro">The grey box at the top is the publisher\'s website furniture, scraped with the '
                 'page; the document begins at its title.</p>' if _furniture_end(doc) else "")
    body = ('<a class="skip" href="#text">Skip to the text</a><a class="skip" href="#panel">Skip to the details '
            'panel</a><div class="layout"><div class="text-col"><header><nav class="site" aria-label="Viewer"><a href="index.html">All documents</a>'
            '<a href="index.html#search">Search the utterances</a><a href="../README.md">Data card</a></nav></header>'
            f'<main><h1>{_e(heading)}</h1><p class="meta">{_meta(doc, speech)} · document '
            f'<code>{_e(doc["id"])}</code></p>'
            f'<p class="intro">{_count(len(utterances), "utterance")}, {_count(len(speech_events), "speech event")}, '
            f'{_count(n_passages, "passage")}. '
            'Select an utterance or a passage (click it, or Tab to it and press Enter) to see its fields, its '
            f'renderings or its witness in the details panel.</p>{furniture}'
            f'<details class="legend-box"><summary>Legend: colours and marks</summary>{legend_html()}</details>{note}'
            f'<h2 class="text-h">Text as published</h2><pre class="raw" id="text" tabindex="-1">{text}</pre></main></div>'
            '<aside id="panel" aria-labelledby="panel-h" tabindex="-1"><div class="panel-head"><h2 id="panel-h">'
            'Details</h2><button type="button" id="panel-toggle" aria-expanded="true" aria-controls="panel-body">'
            'Hide</button></div><div id="panel-body"><div id="live" aria-live="polite"><div id="view">'
            '<p>Select an utterance or a passage in the text: click it, or Tab to it and press Enter.</p></div>'
            '<section class="fields-box" id="fields-box" aria-labelledby="fields-h" hidden><h3 id="fields-h">Fields'
            '</h3><div id="fields-view"></div></section></div><details id="fields" class="raw-json" hidden><summary>'
            'Raw JSON of the utterance</summary><pre id="details"></pre></details></div></aside></div>'
            f'{templates}')
    data = {u["id"]: u for u in utterances}
    title = f"{heading} — {_name(speech.entities, doc['publisher'])} — Putin–Assad Meetings Corpus viewer"
    return _page(title, body, data)


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _search_rows(path: Path) -> tuple[list[dict], int]:
    """The utterances the search holds (id order, at most SEARCH_MAX) and how many there are in all."""
    out: list[dict] = []
    total = 0
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                total += 1
                if len(out) < SEARCH_MAX:
                    u = json.loads(line)
                    out.append({k: u[k] for k in ("id", "document", "speaker", "mode", "text")})
    return out, total


def index_page(documents: list[dict], counts: dict[str, int], version: str | None = None,
               release: Path | None = None, figures: list[str] | tuple[str, ...] = (),
               passages: Counter | None = None) -> str:
    """The viewer's front page: the release, its documents, the legend, links to the card, figures and
    Croissant metadata, and a search over the utterances (``release``: the release folder, whose JSON Lines
    tables are complete when this is written; ``passages``: document → passages witnessed there, when the
    caller has them, else counted from the passages table)."""
    jsonl = (release / "jsonl") if release is not None else None
    utterances, total = _search_rows(jsonl / "utterances.jsonl") if jsonl else ([], 0)
    persons = {p["id"]: p["name"] for p in _rows(jsonl / "persons.jsonl")} if jsonl else {}
    entities = {e["id"]: e["name"] for e in _rows(jsonl / "entities.jsonl")} if jsonl else {}
    if passages is None:
        passages = Counter(p["document"] for p in _rows(jsonl / "passages.jsonl")) if jsonl else Counter()
    by_speaker: dict[str, Counter] = defaultdict(Counter)
    by_mode: dict[str, Counter] = defaultdict(Counter)
    for u in utterances:
        by_speaker[u["document"]][u["speaker"]] += 1
        by_mode[u["document"]][u["mode"]] += 1

    def breakdown(doc: str) -> str:  # by speaker and mode (left out when the search holds only some utterances)
        if total > len(utterances):
            return ""
        parts = [f"{n} {persons.get(s, s)}" for s, n in sorted(by_speaker[doc].items(), key=lambda x: (-x[1], x[0]))]
        parts += [f"{n} {_words(m)}{'' if n == 1 else 's'}" for m, n in sorted(by_mode[doc].items())]
        return f" ({', '.join(parts)})" if parts else ""

    items = []
    for d in documents:
        date = d.get("printed_date") or {}
        printed = (f"printed {_e(date['normalized'])}" + (f" as “{_e(date['span']['text'])}”" if date.get("span") else "")
                   if date.get("normalized") else "no date printed")
        n = counts.get(d["id"], 0)
        n_passages = f", {passages[d['id']]} passages witnessed here" if passages.get(d["id"]) else ""
        items.append(f'<li><h3><a href="{_e(d["id"])}.html">{_e(_heading(d))}</a></h3>'
                     f'<p>{_e(entities.get(d["publisher"], d["publisher"]))} · {_e(_words(d["genre"]))} · {printed}'
                     f' · <code>{_e(d["id"])}</code></p>'
                     f'<p>{n} utterance{"" if n == 1 else "s"}{_e(breakdown(d["id"]))}{_e(n_passages)}</p></li>')
    release_name = f"release {_e(version)}" if version else "release"
    figure_links = " · ".join(f'<a href="../figures/{_e(f)}">{_e(f.rsplit(".", 1)[0].replace("-", " "))} (SVG)</a>'
                              for f in sorted(figures))
    speakers = sorted({u["speaker"] for u in utterances}, key=lambda s: (persons.get(s, s), s))
    modes = sorted({u["mode"] for u in utterances})
    options = lambda values, names, anyone: f'<option value="">{anyone}</option>' + "".join(  # noqa: E731
        f'<option value="{_e(v)}">{_e(names.get(v, _words(v)))}</option>' for v in values)
    partial = (f" The search holds the first {len(utterances)} of {total} utterances (id order); the release's "
               "tables hold them all." if total > len(utterances) else "")
    body = ('<a class="skip" href="#search">Skip to the search</a>'
            f'<div class="page"><header><nav class="site" aria-label="Release files"><a href="../README.md">Data card (README.md)</a>'
            f'<a href="../croissant.json">Croissant metadata (croissant.json)</a>{figure_links and "<span>Figures: " + figure_links + "</span>"}'
            '</nav></header>'
            f'<main><h1>Putin–Assad Meetings Corpus, {release_name}: document viewer</h1>'
            '<p class="intro">The corpus collects what Vladimir Putin and Bashar al-Assad said to each other at their '
            'meetings, as the Kremlin transcribed it and as news outlets quoted and reported it. Each page below shows '
            'one document exactly as published, with every utterance (the words a speaker said, as printed) '
            'highlighted, and links from each quote or report to the transcript words it renders. Select an '
            'utterance on a page to see who said it, to whom, at which event, how it was translated and relayed, and '
            'its renderings.</p>'
            f'<h2 id="docs-h">Documents</h2><ul class="docs" aria-labelledby="docs-h">{"".join(items)}</ul>'
            '<h2 id="search-h">Search the utterances</h2>'
            '<form class="search" id="search" role="search" aria-labelledby="search-h">'
            '<label class="words" for="q">Words<input type="search" id="q" name="q" autocomplete="off" '
            'spellcheck="false"></label>'
            f'<label for="speaker">Speaker<select id="speaker" name="speaker">{options(speakers, persons, "anyone")}'
            f'</select></label><label for="mode">Mode<select id="mode" name="mode">{options(modes, {}, "any")}'
            '</select></label></form>'
            f'<p class="intro">Matches words anywhere in an utterance, ignoring case; no-break spaces count as spaces '
            f'and curly quotes as straight ones.{partial}</p>'
            '<p id="search-status" role="status" aria-live="polite"></p><ol class="results" id="results"></ol>'
            f'<h2 id="legend-h">Legend: colours and marks on the pages</h2>{legend_html()}</main></div>')
    data = {"utterances": utterances, "speakers": {s: persons.get(s, s) for s in speakers},
            "modes": {m: _words(m) for m in modes}, "documents": {d["id"]: _heading(d) for d in documents}}
    return _page(f"Putin–Assad Meetings Corpus {version or ''}: document viewer".replace("  ", " "), body, data,
                 INDEX_JS, "search-data")
