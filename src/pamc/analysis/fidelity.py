"""Quote fidelity: text normalisation, the derived measures of an alignment, automatic candidates and summaries.

Similarity is rapidfuzz's: ``fuzz.ratio`` (character level, normalised Indel similarity) and
``fuzz.token_set_ratio`` (token level, order-insensitive), both 0-100 on normalised text (lower case, no-break
spaces and curly quotes folded, punctuation removed).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

QUOTED = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]+)[\"\u201c\u201d]")
WORD = re.compile(r"[0-9a-z]+")


def normalise(text: str) -> str:
    text = text.lower().replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(WORD.findall(text))


def words(text: str) -> list[str]:
    return normalise(text).split()


def quoted_stretches(news_text: str, mode: str) -> list[str]:
    """The words the news passage puts in quote marks (a direct quote's span is all quoted)."""
    if mode == "direct_quote":
        return [news_text]
    return QUOTED.findall(news_text)


def measures(news_text: str, news_mode: str, transcript_text: str | None) -> dict[str, Any]:
    """The derived fidelity fields of one alignment."""
    from rapidfuzz import fuzz

    nw = words(news_text)
    quoted = [normalise(q) for q in quoted_stretches(news_text, news_mode)]
    quoted = [q for q in quoted if q]
    n_quoted = sum(len(q.split()) for q in quoted)
    if transcript_text is None:
        return {"char_ratio": None, "token_set_ratio": None, "news_words": len(nw), "transcript_words": None,
                "words_added": None, "words_dropped": None, "quoted_words": n_quoted,
                "quoted_words_in_transcript": None, "quote_is_verbatim": None}
    tw = words(transcript_text)
    a, b = normalise(news_text), normalise(transcript_text)
    cn, ct = Counter(nw), Counter(tw)
    in_transcript = sum(min(c, ct[w]) for w, c in Counter(w for q in quoted for w in q.split()).items())
    return {
        "char_ratio": round(fuzz.ratio(a, b), 2),
        "token_set_ratio": round(fuzz.token_set_ratio(a, b), 2),
        "news_words": len(nw),
        "transcript_words": len(tw),
        "words_added": sum((cn - ct).values()),
        "words_dropped": sum((ct - cn).values()),
        "quoted_words": n_quoted,
        "quoted_words_in_transcript": in_transcript if quoted else None,
        "quote_is_verbatim": all(f" {q} " in f" {b} " for q in quoted) if quoted else None,
    }


@dataclass(frozen=True)
class Candidate:
    transcript_utterance: str
    start: int
    end: int
    char_ratio: float
    token_set_ratio: float

    @property
    def score(self) -> float:
        """Ranking score: the mean of the two measures."""
        return (self.char_ratio + self.token_set_ratio) / 2


def windows(segments: list[tuple[int, int]], size: int) -> Iterable[tuple[int, int]]:
    """Runs of 1..size consecutive segments, as (start, end)."""
    for i in range(len(segments)):
        for k in range(1, size + 1):
            if i + k <= len(segments):
                yield segments[i][0], segments[i + k - 1][1]


@lru_cache(maxsize=4096)
def _normalised_windows(raw: str, segments: tuple[tuple[int, int], ...], size: int) -> list[tuple[int, int, str]]:
    """The windows of a transcript turn with their normalised text, computed once for all news passages."""
    return [(s, e, normalise(raw[s:e])) for s, e in windows(list(segments), size)]


def candidates(news_text: str, transcripts: list[tuple[str, str, list[tuple[int, int]]]], *, top: int = 3,
               max_window: int = 3) -> list[Candidate]:
    """Best transcript passages for a news passage.

    ``transcripts`` holds (utterance id, raw text of its document, its dialogue-act segments): the segments are
    the sentence/clause units compared, alone and in runs of up to ``max_window``.
    """
    return candidates_many([news_text], transcripts, top=top, max_window=max_window)[0]


def candidates_many(news_texts: list[str], transcripts: list[tuple[str, str, list[tuple[int, int]]]], *,
                    top: int = 3, max_window: int = 3) -> list[list[Candidate]]:
    """``candidates`` of each news passage against the same transcripts.

    The result is the matcher's definition (every window of every turn scored; per turn its first window of the
    highest score; the ``top`` turns by score, then id), but a text is scored once: news passages with the same
    normalised text (one quote in several outlets) share their candidates, windows with the same normalised
    text (a release that reproduces a transcript) share their scores, and turns whose windows are the same
    (same offsets, same texts: copies of a document) are ranked once, as a group. So the work grows with the
    distinct texts, not with the copies. Each passage is scored against the distinct windows by rapidfuzz's
    ``extract_iter``, which prepares the passage once for all windows (token-set similarity is most of the
    matching time, and pair by pair each call prepares both texts again); the scores are the scorers' own, so
    the ranking is the same as scoring pair by pair (tests compare both on the real corpus and on copies of
    it, where every score is tied). No numpy is needed (``cdist`` would import it)."""
    from rapidfuzz import fuzz, process

    texts: list[str] = []  # distinct normalised window texts
    index: dict[str, int] = {}
    windows_of: dict[str, list[tuple[int, int, int]]] = {}  # turn id → its windows (start, end, text index)
    for uid, raw, segments in transcripts:
        own = windows_of.setdefault(uid, [])
        for s, e, b in _normalised_windows(raw, tuple(segments), max_window):
            i = index.get(b)
            if i is None:
                i = index[b] = len(texts)
                texts.append(b)
            own.append((s, e, i))
    members: dict[tuple[tuple[int, int, int], ...], list[str]] = {}  # the same windows: the same best window
    for uid, own in windows_of.items():
        if own:
            members.setdefault(tuple(own), []).append(uid)
    groups = [(sig, sorted(uids)[:max(top, 0)]) for sig, uids in members.items()]

    def rank(a: str) -> list[Candidate]:
        ratios, token_sets = [0.0] * len(texts), [0.0] * len(texts)  # by the window text's index in ``texts``
        for _, score, i in process.extract_iter(a, texts, scorer=fuzz.ratio):
            ratios[i] = round(score, 2)
        for _, score, i in process.extract_iter(a, texts, scorer=fuzz.token_set_ratio):
            token_sets[i] = round(score, 2)
        ranked = []
        for sig, uids in groups:
            best = None  # the first window of the highest score
            for s, e, i in sig:
                score = (ratios[i] + token_sets[i]) / 2
                if best is None or score > best[0]:
                    best = (score, s, e, i)
            score, s, e, i = best
            ranked += [(-score, uid, s, e, ratios[i], token_sets[i]) for uid in uids]
        ranked.sort(key=lambda c: c[:2])
        return [Candidate(uid, s, e, r, t) for _, uid, s, e, r, t in ranked[:max(top, 0)]]

    found: dict[str, list[Candidate]] = {}
    out = []
    for news_text in news_texts:
        a = normalise(news_text)
        if a not in found:
            found[a] = rank(a)
        out.append(list(found[a]))
    return out


def describe(values: list[float]) -> str:
    if not values:
        return "-"
    return (f"min {min(values):.0f}, median {statistics.median(values):.0f}, max {max(values):.0f} "
            f"(n={len(values)})")


def news_utterances(corpus: Any) -> list[tuple[Any, Any]]:
    """(annotation file, utterance record) of every quote or report in a news document."""
    genre = {d.model.id: d.model.genre for d in corpus.documents}
    return [(f, u) for f, u in corpus.utterances()
            if genre.get(f.document) != "transcript" and u.model.mode != "transcript_turn"]


def transcript_pool(corpus: Any) -> dict[str, list[tuple[str, str, list[tuple[int, int]]]]]:
    """speaker → transcript turns as (id, raw text, dialogue-act segments), Kremlin and reproduced alike."""
    pool: dict[str, list[tuple[str, str, list[tuple[int, int]]]]] = {}
    for f, u in corpus.utterances():
        if u.model.mode == "transcript_turn" and f.document in corpus.raw_texts:
            segs = [(d.start, d.end) for d in u.model.dialogue_acts]
            pool.setdefault(u.model.speaker, []).append((u.model.id, corpus.raw_texts[f.document], segs))
    return pool


def outlet_label(publisher: str, relay: list[dict[str, Any]]) -> str:
    """``relay``: the alignment row's relay structs, nearest the speaker first."""
    return f"{publisher} via {' > '.join(r['outlet'] for r in relay)}" if relay else f"{publisher} (no outlet named)"


def report(corpus: Any, alignment_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Relations per outlet, similarity per relation, and how far the automatic candidates can be trusted."""
    return report_of({d.model.id: d.model.publisher for d in corpus.documents}, alignment_rows,
                     [(u.model.id, u.model.speaker, u.model.text) for _, u in news_utterances(corpus)],
                     transcript_pool(corpus))


def report_of(publisher: dict[str, str], alignment_rows: list[dict[str, Any]], news: list[tuple[str, str, str]],
              pool: dict[str, list[tuple[str, str, list[tuple[int, int]]]]]) -> dict[str, Any]:
    """``report`` from what it reads: each document's publisher, the alignment rows, the news utterances as (id,
    speaker, text) in corpus order, and the transcript pool (``transcript_pool``)."""
    by_outlet: dict[str, Counter] = {}
    for row in alignment_rows:
        label = outlet_label(publisher[row["news_document"]], row["relay"])
        by_outlet.setdefault(label, Counter())[row["relation"]] += 1
    similarity = {}
    for row in alignment_rows:
        if row["token_set_ratio"] is not None:
            similarity.setdefault(row["relation"], []).append(row["token_set_ratio"])
    hand: dict[str, list[dict[str, Any]]] = {}
    for row in alignment_rows:
        hand.setdefault(row["news_utterance"], []).append(row)
    top1 = top3 = evaluated = 0
    best_with, best_without = [], []
    by_speaker: dict[str, list[tuple[str, str, str]]] = {}
    for u in news:
        by_speaker.setdefault(u[1], []).append(u)
    found = {}
    for speaker, said in by_speaker.items():
        for (uid, _, _), cands in zip(said, candidates_many([text for _, _, text in said], pool.get(speaker, []))):
            found[uid] = cands
    for uid, _, _ in news:
        cands = found[uid]
        links = [r for r in hand.get(uid, []) if r["transcript_utterance"]]
        if not cands:
            continue
        if links:
            evaluated += 1
            best_with.append(cands[0].score)

            def hit(c: Candidate) -> bool:
                return any(c.transcript_utterance == r["transcript_utterance"]
                           and c.start < r["transcript_span"]["end"] and r["transcript_span"]["start"] < c.end
                           for r in links)

            top1 += hit(cands[0])
            top3 += any(hit(c) for c in cands[:3])
        elif uid in hand:
            best_without.append(cands[0].score)
    return {"by_outlet": {k: dict(v) for k, v in sorted(by_outlet.items())},
            "similarity": {k: sorted(v) for k, v in sorted(similarity.items())},
            "candidates": {"evaluated": evaluated, "top1": top1, "top3": top3,
                           "top1_precision": top1 / evaluated if evaluated else None,
                           "top3_precision": top3 / evaluated if evaluated else None,
                           "best_score_with_counterpart": sorted(best_with),
                           "best_score_without_counterpart": sorted(best_without)}}


def render_report(rep: dict[str, Any]) -> str:
    if not rep["by_outlet"]:
        return "No alignments.\n"
    relations = sorted({r for v in rep["by_outlet"].values() for r in v})
    lines = ["Alignments per outlet and relation (one row per source of the news passages):", "",
             "| outlet | " + " | ".join(f"`{r}`" for r in relations) + " | total |",
             "|---|" + "---|" * (len(relations) + 1)]
    for outlet, counts in rep["by_outlet"].items():
        lines.append(f"| {outlet} | " + " | ".join(str(counts.get(r, 0)) for r in relations)
                     + f" | {sum(counts.values())} |")
    lines += ["", "Token-set similarity (0-100) of the aligned spans, by relation:", ""]
    lines += [f"- `{rel}`: {describe(vals)}" for rel, vals in rep["similarity"].items()]
    c = rep["candidates"]
    if c["evaluated"]:
        lines += ["", f"Automatic candidates (rapidfuzz, same speaker, windows of 1-3 dialogue-act segments, ranked "
                      f"by the mean of char ratio and token-set ratio) against the annotated links, over the "
                      f"{c['evaluated']} news utterances that have a counterpart: top-1 precision "
                      f"{c['top1_precision']:.3f} ({c['top1']}/{c['evaluated']}), top-3 "
                      f"{c['top3_precision']:.3f} ({c['top3']}/{c['evaluated']}). Best candidate score for "
                      f"utterances with a counterpart: {describe(c['best_score_with_counterpart'])}; without "
                      f"(the matcher still proposes something): {describe(c['best_score_without_counterpart'])}."]
    return "\n".join(lines) + "\n"
