"""Inter-annotator agreement between two annotation passes of the same documents.

    pamc agreement agreement/first-pass agreement/second-pass

Utterances are compared by span (character-level and exact-boundary F1); pairs that overlap are matched one
to one (largest overlap first) and compared on speaker, mode, event, translation path, relay chain, topics
and dialogue acts with Cohen's kappa. Only top-level utterances enter the span figures (embedded reports are
counted apart) because the two layers may legitimately overlap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pamc.model.findings import Finding
from pamc.io.paths import Paths
from pamc.io.sources import read_yaml


def cohen_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items; None with no items, 1.0 if both constant and equal."""
    return kappa_of_counts(Counter(pairs))


def kappa_of_counts(counts: Counter) -> float | None:
    """Cohen's kappa of (label, label) pairs given with their number of occurrences (e.g. characters): the
    same value as ``cohen_kappa`` of the pairs repeated, computed on the integer counts."""
    n = sum(counts.values())
    if n == 0:
        return None
    observed = sum(c for (a, b), c in counts.items() if a == b) / n
    ca: Counter = Counter()
    cb: Counter = Counter()
    for (a, b), c in counts.items():
        ca[a] += c
        cb[b] += c
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def f1(a: int, b: int, both: int) -> float | None:
    return None if a + b == 0 else 2 * both / (a + b)


@dataclass
class Pass:
    """One annotator's files: document id → the parsed annotation file."""

    docs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, directory: Path, root: Path | None = None, only: set[str] | None = None) -> "Pass":
        """The pass in ``directory`` (with ``only``: just the files of those documents); files are named relative
        to ``root`` (default: the folder above it). Raises PassError with every unreadable file's findings."""
        out = cls()
        problems: list[Finding] = []
        paths = sorted(directory.glob("*.yaml"))
        if only is not None:  # a large corpus: read only what is compared, not every annotation file
            paths = [p for p in paths if p.stem in only]
        for path in paths:
            source, findings = read_yaml(path, root or directory.parent)
            problems += findings
            if source is None:
                continue
            data = source.data
            if isinstance(data, dict) and "document" in data and "utterances" in data:
                out.docs[data["document"]] = data
        if problems:
            raise PassError(problems)
        return out


class PassError(Exception):
    """Files of an annotation pass that cannot be read; ``findings`` says why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} unreadable file(s)")
        self.findings = findings


def _top(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [u for u in doc.get("utterances", []) if not u.get("embedded_in")]


def match(a: list[dict], b: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    candidates = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            overlap = min(x["end"], y["end"]) - max(x["start"], y["start"])
            if overlap > 0:
                candidates.append((-overlap, i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i), used_b.add(j)
            pairs.append((a[i], b[j]))
    return pairs


def _covered(items: Iterable[dict]) -> list[tuple[int, int]]:
    """The characters the items' spans cover, as sorted disjoint [start, end) intervals."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((u["start"], u["end"]) for u in items if u["end"] > u["start"]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _length(intervals: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in intervals)


def _common(a: list[tuple[int, int, Any]], b: list[tuple[int, int, Any]]) -> Iterator[tuple[int, Any, Any]]:
    """(characters, label in a, label in b) of every overlap of two sorted lists of disjoint labelled intervals."""
    i = j = 0
    while i < len(a) and j < len(b):
        overlap = min(a[i][1], b[j][1]) - max(a[i][0], b[j][0])
        if overlap > 0:
            yield overlap, a[i][2], b[j][2]
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1


def _functions(u: dict) -> list[tuple[int, int, str]]:
    """Each character's dialogue-act function as sorted disjoint intervals; where segments overlap, the later
    segment's function (as a character → function mapping filled in segment order would hold)."""
    acts = [(d["start"], d["end"], d["function"]) for d in u["dialogue_acts"] if d["end"] > d["start"]]
    cuts = sorted({k for s, e, _ in acts for k in (s, e)})
    out: list[tuple[int, int, str]] = []
    for start, end in zip(cuts, cuts[1:]):
        function = next((f for s, e, f in reversed(acts) if s <= start and end <= e), None)
        if function is None:
            continue
        if out and out[-1][1] == start and out[-1][2] == function:
            out[-1] = (out[-1][0], end, function)
        else:
            out.append((start, end, function))
    return out


ATTRIBUTES: dict[str, Callable[[dict], Hashable]] = {
    "speaker": lambda u: u["speaker"],
    "mode": lambda u: u["mode"],
    "event": lambda u: u["event"],
    "translation path": lambda u: ">".join(u["translation"]["path"]),
    "translation basis": lambda u: u["translation"]["basis"],
    "relay chain": lambda u: ">".join(r["outlet"] for r in u["relay"]) or "(none)",
    "addressees": lambda u: ",".join(sorted(u["addressees"])) or "(none)",
}


def compare(first: Pass, second: Pass, documents: list[str] | None = None) -> dict[str, Any]:
    """Agreement figures, overall and per document."""
    docs = documents or sorted(set(first.docs) & set(second.docs))
    totals: dict[str, Any] = {"documents": docs}
    n_a = n_b = exact = 0
    ca_total = cb_total = cboth = 0
    pairs_all: list[tuple[dict, dict]] = []
    per_doc = {}
    se_a = se_b = se_exact = 0
    seg_a = seg_b = seg_exact = 0
    seg_function_pairs: list[tuple[str, str]] = []
    char_functions: Counter = Counter()  # (function in first, function in second) → characters
    mention_a = mention_b = mention_exact = 0
    mention_entity_pairs: list[tuple[str, str]] = []
    embedded = Counter()
    for d in docs:
        a, b = _top(first.docs[d]), _top(second.docs[d])
        embedded["first"] += len(first.docs[d]["utterances"]) - len(a)
        embedded["second"] += len(second.docs[d]["utterances"]) - len(b)
        spans_a, spans_b = {(u["start"], u["end"]) for u in a}, {(u["start"], u["end"]) for u in b}
        ex = len(spans_a & spans_b)
        chars_a, chars_b = _covered(a), _covered(b)
        both = sum(n for n, _, _ in _common([(s, e, None) for s, e in chars_a], [(s, e, None) for s, e in chars_b]))
        pairs = match(a, b)
        per_doc[d] = {"first": len(a), "second": len(b), "exact_f1": f1(len(a), len(b), ex),
                      "char_f1": f1(_length(chars_a), _length(chars_b), both), "matched": len(pairs)}
        n_a, n_b, exact = n_a + len(a), n_b + len(b), exact + ex
        ca_total, cb_total, cboth = ca_total + _length(chars_a), cb_total + _length(chars_b), cboth + both
        pairs_all += pairs
        sa = {(s["start"], s["end"]) for s in first.docs[d].get("speech_events", [])}
        sb = {(s["start"], s["end"]) for s in second.docs[d].get("speech_events", [])}
        se_a, se_b, se_exact = se_a + len(sa), se_b + len(sb), se_exact + len(sa & sb)
        for x, y in pairs:
            dx = {(s["start"], s["end"]): s["function"] for s in x["dialogue_acts"]}
            dy = {(s["start"], s["end"]): s["function"] for s in y["dialogue_acts"]}
            seg_a, seg_b = seg_a + len(dx), seg_b + len(dy)
            common = set(dx) & set(dy)
            seg_exact += len(common)
            seg_function_pairs += [(dx[k], dy[k]) for k in sorted(common)]
            for n, fx, fy in _common(_functions(x), _functions(y)):
                char_functions[fx, fy] += n
            mx = {(m["start"], m["end"]): m["entity"] for m in x["mentions"]}
            my = {(m["start"], m["end"]): m["entity"] for m in y["mentions"]}
            mention_a, mention_b = mention_a + len(mx), mention_b + len(my)
            mc = set(mx) & set(my)
            mention_exact += len(mc)
            mention_entity_pairs += [(mx[k], my[k]) for k in sorted(mc)]
    topics = sorted({t for x, y in pairs_all for t in (*x["topics"], *y["topics"])})
    topic_pairs = [(t in x["topics"], t in y["topics"]) for x, y in pairs_all for t in topics]
    jaccard = [len(set(x["topics"]) & set(y["topics"])) / len(set(x["topics"]) | set(y["topics"]))
               for x, y in pairs_all if x["topics"] or y["topics"]]
    totals.update({
        "utterances": {"first": n_a, "second": n_b, "matched": len(pairs_all),
                       "exact_boundary_f1": f1(n_a, n_b, exact), "char_f1": f1(ca_total, cb_total, cboth),
                       "embedded": dict(embedded)},
        "per_document": per_doc,
        "kappa": {name: cohen_kappa((get(x), get(y)) for x, y in pairs_all) for name, get in ATTRIBUTES.items()},
        "raw_agreement": {name: (sum(get(x) == get(y) for x, y in pairs_all) / len(pairs_all)) if pairs_all else None
                          for name, get in ATTRIBUTES.items()},
        "topics": {"pooled_binary_kappa": cohen_kappa(topic_pairs),
                   "mean_jaccard": sum(jaccard) / len(jaccard) if jaccard else None},
        "dialogue_acts": {"segments_first": seg_a, "segments_second": seg_b,
                          "exact_boundary_f1": f1(seg_a, seg_b, seg_exact),
                          "function_kappa_on_same_segments": cohen_kappa(seg_function_pairs),
                          "function_kappa_per_character": kappa_of_counts(char_functions)},
        "mentions": {"first": mention_a, "second": mention_b, "exact_f1": f1(mention_a, mention_b, mention_exact),
                     "entity_kappa_on_same_spans": cohen_kappa(mention_entity_pairs)},
        "speech_events": {"first": se_a, "second": se_b, "exact_f1": f1(se_a, se_b, se_exact)},
    })
    return totals


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render(report: dict[str, Any], title: str, names: tuple[str, str] = ("first pass", "second pass")) -> str:
    u = report["utterances"]
    one, two = names
    lines = [f"## {title}", "",
             f"Documents: {', '.join(report['documents'])}", "",
             f"Utterances (top level): {one} {u['first']}, {two} {u['second']}, matched by overlap "
             f"{u['matched']}; embedded reports: {one} {u['embedded'].get('first', 0)}, {two} "
             f"{u['embedded'].get('second', 0)}.", "",
             "| measure | value |", "|---|---|",
             f"| utterance span F1, character level | {_fmt(u['char_f1'])} |",
             f"| utterance span F1, exact boundaries | {_fmt(u['exact_boundary_f1'])} |"]
    for name, k in report["kappa"].items():
        lines.append(f"| Cohen's kappa, {name} (matched utterances) | {_fmt(k)} (raw agreement "
                     f"{_fmt(report['raw_agreement'][name])}) |")
    t, da, mn, se = report["topics"], report["dialogue_acts"], report["mentions"], report["speech_events"]
    lines += [f"| topics, pooled binary kappa over (utterance, topic) | {_fmt(t['pooled_binary_kappa'])} |",
              f"| topics, mean Jaccard per utterance | {_fmt(t['mean_jaccard'])} |",
              f"| dialogue-act segments, exact-boundary F1 | {_fmt(da['exact_boundary_f1'])} |",
              f"| dialogue-act function kappa, same segments | {_fmt(da['function_kappa_on_same_segments'])} |",
              f"| dialogue-act function kappa, per character | {_fmt(da['function_kappa_per_character'])} |",
              f"| entity mentions, exact-span F1 | {_fmt(mn['exact_f1'])} |",
              f"| entity id kappa, same spans | {_fmt(mn['entity_kappa_on_same_spans'])} |",
              f"| speech events, exact-span F1 | {_fmt(se['exact_f1'])} |", "",
              f"| document | {one} | {two} | exact F1 | char F1 |", "|---|---|---|---|---|"]
    for d, r in report["per_document"].items():
        lines.append(f"| `{d}` | {r['first']} | {r['second']} | {_fmt(r['exact_f1'])} | {_fmt(r['char_f1'])} |")
    return "\n".join(lines) + "\n"


def card_section(paths: Paths) -> str | None:
    """The data card's agreement figures before and after adjudication, when the repository has the two passes."""
    first, second = paths.agreement / "first-pass", paths.agreement / "second-pass"
    if not (first.is_dir() and second.is_dir()):
        return None
    blind = Pass.read(second, paths.root)
    compared = set(blind.docs)  # the documents the blind pass annotated: the others have nothing to compare
    before = render(compare(Pass.read(first, paths.root, compared), blind),
                    "Before adjudication (first pass vs. blind second pass)")
    after = render(compare(Pass.read(paths.document_annotations, paths.root, compared), blind),
                   "After adjudication (published annotations vs. blind second pass)", ("adjudicated", "second pass"))
    return before.replace("## ", "### ") + "\n" + after.replace("## ", "### ")


def disagreements(first: Pass, second: Pass) -> list[str]:
    """A line per disagreement, for adjudication."""
    out = []
    for d in sorted(set(first.docs) & set(second.docs)):
        a, b = _top(first.docs[d]), _top(second.docs[d])
        pairs = match(a, b)
        matched_a = {id(x) for x, _ in pairs}
        matched_b = {id(y) for _, y in pairs}
        for x in a:
            if id(x) not in matched_a:
                out.append(f"{d}: only first: {x['id']} {x['mode']} {x['text'][:70]!r}")
        for y in b:
            if id(y) not in matched_b:
                out.append(f"{d}: only second: {y['id']} {y['mode']} {y['text'][:70]!r}")
        for x, y in pairs:
            if (x["start"], x["end"]) != (y["start"], y["end"]):
                out.append(f"{d}: {x['id']} boundaries {x['start']}:{x['end']} vs {y['start']}:{y['end']} "
                           f"({x['text'][:40]!r} / {y['text'][:40]!r})")
            for name, get in ATTRIBUTES.items():
                if get(x) != get(y):
                    out.append(f"{d}: {x['id']} {name}: {get(x)} vs {get(y)}")
            if set(x["topics"]) != set(y["topics"]):
                out.append(f"{d}: {x['id']} topics: {sorted(x['topics'])} vs {sorted(y['topics'])}")
            dx = {(s["start"], s["end"]): s for s in x["dialogue_acts"]}
            dy = {(s["start"], s["end"]): s for s in y["dialogue_acts"]}
            for k in sorted(set(dx) | set(dy)):
                if k not in dx or k not in dy:
                    side = "first" if k in dx else "second"
                    seg = (dx.get(k) or dy.get(k))
                    out.append(f"{d}: {x['id']} act segment only {side}: {seg['function']} {seg['text'][:50]!r}")
                elif dx[k]["function"] != dy[k]["function"]:
                    out.append(f"{d}: {x['id']} act: {dx[k]['function']} vs {dy[k]['function']} {dx[k]['text'][:60]!r}")
            mx = {(m["start"], m["end"]): m for m in x["mentions"]}
            my = {(m["start"], m["end"]): m for m in y["mentions"]}
            for k in sorted(set(mx) ^ set(my)):
                m = mx.get(k) or my.get(k)
                out.append(f"{d}: {x['id']} mention only {'first' if k in mx else 'second'}: "
                           f"{m['text']!r}={m['entity']}")
        sa = {(e["start"], e["end"]): e for e in first.docs[d].get("speech_events", [])}
        sb = {(e["start"], e["end"]): e for e in second.docs[d].get("speech_events", [])}
        for k in sorted(set(sa) ^ set(sb)):
            e = sa.get(k) or sb.get(k)
            out.append(f"{d}: speech event only {'first' if k in sa else 'second'}: {e['text'][:70]!r}")
    return out
