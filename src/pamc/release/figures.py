"""Figures for the data card, drawn from the release summary as SVG (byte-reproducible; see charts.py)."""

from __future__ import annotations

from collections import Counter, defaultdict

from pamc.release.charts import Series, stacked_bars
from pamc.release.summary import Summary

SPEAKERS = {"vladimir-putin": ("Putin", "#4a78c2"), "bashar-al-assad": ("Assad", "#4aa35a")}
RELATION_COLOURS = {"verbatim": "#1b5e20", "edited_same_translation": "#66bb6a", "different_translation": "#42a5f5",
                    "paraphrase": "#ffb74d", "summary": "#ff8a65", "partial": "#ba68c8", "no_counterpart": "#bdbdbd"}


def words_by_event(summary: Summary) -> str:
    """Words spoken by each president at each event, each passage counted once, from transcript witnesses."""
    events = {e["id"]: e for e in summary.small["events"]}
    words: dict[str, Counter] = defaultdict(Counter)
    for (event, speaker), n in summary.spoken()[0].items():
        words[event][speaker] += n
    order = sorted(words, key=lambda e: (events[e]["date"] or "9999", e))
    return stacked_bars(
        "Words spoken by each president at each event, in the transcripts",
        "Words of the passages whose primary witness is a transcript (official or reproduced), each passage "
        "counted once; quotes, reports and reproductions of the same speech in other documents are not counted "
        "again, and speech known only from news reports is left out. Events in date order.",
        [f"{events[e]['date'] or 'undated'}  {e}" for e in order],
        [Series(label, colour, [words[e][speaker] for e in order]) for speaker, (label, colour) in SPEAKERS.items()],
        "words spoken (transcript passages, each once)")


def relations_by_outlet(summary: Summary) -> str | None:
    """How news passages relate to the transcripts, per source outlet."""
    if not summary.small["alignments"]:
        return None
    publisher = {d["id"]: d["publisher"] for d in summary.small["documents"]}
    counts: dict[str, Counter] = defaultdict(Counter)
    for a in summary.small["alignments"]:
        outlet = publisher[a["news_document"]] + (f" via {' > '.join(r['outlet'] for r in a['relay'])}"
                                                  if a["relay"] else "")
        counts[outlet][a["relation"]] += 1
    order = sorted(counts)
    return stacked_bars(
        "How quotes and reports relate to the speech they render, per outlet",
        "Renderings (alignments) per publisher and relay chain, by relation to their witness: a transcript, or a "
        "news quote where no transcript holds the words; no_counterpart: the quote or report is itself the witness.",
        order, [Series(relation, colour, [counts[o][relation] for o in order])
                for relation, colour in RELATION_COLOURS.items()],
        "renderings (alignments)")


def render(summary: Summary) -> dict[str, str]:
    """File name under figures/ → SVG."""
    out = {"words-by-event.svg": words_by_event(summary)}
    rel = relations_by_outlet(summary)
    if rel:
        out["relations-by-outlet.svg"] = rel
    return out
