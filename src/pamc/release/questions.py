"""The three questions researchers ask first, as the card shows them: a snippet each (DuckDB, pandas, Polars) and
what it prints on this release.

The printed answers are computed here from the release rows, independently of the libraries the snippets use,
and the tests run each snippet on the built release and compare what it prints with the card: the card cannot
show an answer its own snippet does not give.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

TRANSCRIPT = ("official_transcript", "reproduced_transcript")

WORDS_SPOKEN = '''import duckdb
for row in duckdb.sql("""
    SELECT e.date, p.event, p.speaker, sum(p.n_words) AS words, count(*) AS passages
    FROM 'data/passages/*.parquet' p JOIN 'data/events/*.parquet' e ON p.event = e.id
    WHERE p.is_transcript
    GROUP BY ALL ORDER BY ALL""").fetchall():
    print(*row)
'''

ASSAD_ON_TERRORISM = '''import pandas as pd
passages = pd.read_parquet("data/passages")
utterances = pd.read_parquet("data/utterances")
terror = passages[(passages.speaker == "bashar-al-assad") & passages.text_normalised.str.contains("terror", case=False)]
said = utterances.explode("passages").merge(terror, left_on="passages", right_on="id", suffixes=("", "_passage"))
print(said.id.nunique(), "utterances witness or render", said.passages.nunique(), "passages")
for p in terror.itertuples():
    print(p.id, p.standing, len(p.rendered_by), "renderings:", p.text_normalised[:50])
'''

FIDELITY = '''import polars as pl
renderings = pl.read_parquet("data/alignments/*.parquet")
fidelity = (
    renderings.filter(pl.col("witness_standing").is_in(["official_transcript", "reproduced_transcript"]))
    .with_columns(via=pl.col("relay").list.eval(pl.element().struct.field("outlet")).list.join(" > "))
    .group_by("outlet", "via")
    .agg(pl.len().alias("renderings"), pl.col("diff_kept").sum(), pl.col("diff_changed").sum(),
         pl.col("diff_added").sum(), pl.col("diff_dropped").sum())
    .sort("outlet", "via"))
print("outlet via renderings kept changed added dropped")
for outlet, via, *counts in fidelity.rows():
    print(outlet, via or "-", *counts)
'''


def words_spoken(passages: list[dict[str, Any]], events: list[dict[str, Any]]) -> str:
    date = {e["id"]: e["date"] for e in events}
    words: Counter = Counter()
    count: Counter = Counter()
    for p in passages:
        if p["is_transcript"]:
            words[p["event"], p["speaker"]] += p["n_words"]
            count[p["event"], p["speaker"]] += 1
    # ORDER BY ALL: the date first (nulls last), then the event and speaker ids (byte order, as Python's)
    keys = sorted(words, key=lambda k: (date[k[0]] is None, date[k[0]] or "", k))
    return "".join(f"{date[e] or 'None'} {e} {s} {words[e, s]} {count[e, s]}\n" for e, s in keys)


def assad_on_terrorism(passages: list[dict[str, Any]], utterance_passages: list[tuple[str, str]]) -> str:
    terror = [p for p in passages if p["speaker"] == "bashar-al-assad" and "terror" in p["text_normalised"].lower()]
    ids = {p["id"] for p in terror}
    pairs = [(u, p) for u, p in utterance_passages if p in ids]
    out = [f"{len({u for u, _ in pairs})} utterances witness or render {len({p for _, p in pairs})} passages\n"]
    out += [f"{p['id']} {p['standing']} {len(p['rendered_by'])} renderings: {p['text_normalised'][:50]}\n"
            for p in terror]
    return "".join(out)


def fidelity(alignments: list[dict[str, Any]]) -> str:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for a in alignments:
        if a["witness_standing"] in TRANSCRIPT:
            s = sums[a["outlet"], " > ".join(r["outlet"] for r in a["relay"])]
            for i, value in enumerate((1, a["diff_kept"], a["diff_changed"], a["diff_added"], a["diff_dropped"])):
                s[i] += value
    lines = ["outlet via renderings kept changed added dropped\n"]
    lines += [f"{o} {v or '-'} {' '.join(map(str, sums[o, v]))}\n" for o, v in sorted(sums)]
    return "".join(lines)


def section(small: dict[str, list[dict[str, Any]]], utterance_passages: list[tuple[str, str]]) -> str:
    """The card's section: each question, its snippet and what the snippet prints on this release."""
    passages, alignments = small.get("passages", []), small.get("alignments", [])
    if not passages:
        return "This version has no passages, so these questions cannot be answered from it."
    blocks = [
        ("**How many words did each president speak at each meeting?** Count each stretch of speech once, from "
         "its primary witness, and only where that witness is a transcript (official, or reproduced by another "
         "outlet): news paraphrases and relayed quotes of the same speech are renderings, not more speech. Words "
         "are runs of letters and digits of the normalised text.", WORDS_SPOKEN,
         words_spoken(passages, small.get("events", []))),
        ("**What did Assad say about terrorism?** Search the passages, not the utterances: each stretch of speech "
         "comes back once, with its witness's standing and how many utterances render it elsewhere. "
         "`text_normalised` has plain spaces, so a phrase search works.", ASSAD_ON_TERRORISM,
         assad_on_terrorism(passages, utterance_passages)),
        ("**How faithfully does each outlet reproduce the transcripts?** The word-level comparison of every "
         "rendering with its witness, summed per outlet and relay chain, for renderings whose witness is a "
         "transcript: witness words kept, changed and dropped, and news words added.", FIDELITY,
         fidelity(alignments)),
    ]
    return "\n\n".join(f"{text}\n\n```python\n{code}```\n\nIt prints:\n\n```text\n{output}```"
                       for text, code, output in blocks)
