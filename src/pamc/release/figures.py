"""Figures for the data card, drawn from the release summary as SVG with fixed metadata (byte-reproducible)."""

from __future__ import annotations

import io
import sys
from collections import Counter, defaultdict
from typing import Any

from .summary import Summary

SPEAKERS = {"vladimir-putin": ("Putin", "#4a78c2"), "bashar-al-assad": ("Assad", "#4aa35a")}
RELATION_COLOURS = {"verbatim": "#1b5e20", "edited_same_translation": "#66bb6a", "different_translation": "#42a5f5",
                    "paraphrase": "#ffb74d", "summary": "#ff8a65", "partial": "#ba68c8", "no_counterpart": "#bdbdbd"}


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buf.getvalue()


def _figure(height: float) -> tuple[Any, Any]:
    """A figure and its axes, without pyplot (no GUI backend, no global figure registry, faster to import)."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"svg.hashsalt": "putin-assad-meetings-corpus", "svg.fonttype": "path",
                                "font.family": "DejaVu Sans", "font.size": 9})
    fig = Figure(figsize=(7.5, height))
    return fig, fig.subplots()


def words_by_event(summary: Summary) -> str:
    """Words spoken by each president at each event, over all documents that report them."""
    events = {e["id"]: e for e in summary.small["events"]}
    words: dict[str, Counter] = defaultdict(Counter)
    for (event, speaker), n in summary.event_speaker_words.items():
        words[event][speaker] += n
    order = sorted(words, key=lambda e: (events[e]["date"] or "9999", e))
    fig, ax = _figure(0.45 * len(order) + 1.2)
    y = range(len(order))
    left = [0] * len(order)
    for speaker, (label, colour) in SPEAKERS.items():
        values = [words[e][speaker] for e in order]
        ax.barh(list(y), values, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(list(y), [f"{events[e]['date'] or 'undated'}  {e}" for e in order])
    ax.invert_yaxis()
    ax.set_xlabel("words (whitespace tokens) in utterances, all documents")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / len(order)), ncol=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    svg = _svg(fig)
    return svg


def relations_by_outlet(summary: Summary) -> str | None:
    """How news passages relate to the transcripts, per source outlet."""
    if not summary.small["alignments"]:
        return None
    from matplotlib.ticker import MaxNLocator

    publisher = {d["id"]: d["publisher"] for d in summary.small["documents"]}
    counts: dict[str, Counter] = defaultdict(Counter)
    for a in summary.small["alignments"]:
        outlet = publisher[a["news_document"]] + (f" via {' > '.join(a['relay'])}" if a["relay"] else "")
        counts[outlet][a["relation"]] += 1
    order = sorted(counts)
    fig, ax = _figure(0.45 * len(order) + 1.4)
    left = [0] * len(order)
    for relation, colour in RELATION_COLOURS.items():
        values = [counts[o][relation] for o in order]
        if any(values):
            ax.barh(list(range(len(order))), values, left=left, color=colour, label=relation)
            left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(list(range(len(order))), order)
    ax.invert_yaxis()
    ax.set_xlabel("aligned news passages")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    svg = _svg(fig)
    return svg


def render(summary: Summary) -> dict[str, str]:
    """File name under figures/ → SVG."""
    out = {"words-by-event.svg": words_by_event(summary)}
    rel = relations_by_outlet(summary)
    if rel:
        out["relations-by-outlet.svg"] = rel
    return out


class Drawer:
    """Draws the figures in a child process forked when the build starts: importing matplotlib takes longer
    than validating and writing the real corpus, and the child does it on another core meanwhile. The SVG
    is the same as drawn in the build's own process. Where fork is unavailable, it draws in-process."""

    def __init__(self) -> None:
        import multiprocessing

        self._conn: Any = None
        self._child: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        ctx = multiprocessing.get_context("fork")
        sys.stdout.flush()  # else the child would write the parent's pending output again when it exits
        sys.stderr.flush()
        self._conn, child_end = ctx.Pipe()
        self._child = ctx.Process(target=_serve, args=(child_end, self._conn), daemon=True, name="pamc-figures")
        self._child.start()
        child_end.close()

    def render(self, summary: Summary) -> dict[str, str]:
        if self._child is None:
            return render(summary)
        try:
            self._conn.send(summary)
            ok, payload = self._conn.recv()
        except (EOFError, OSError) as exc:  # the child died (killed, out of memory)
            raise RuntimeError(f"the figure process ended without drawing: {exc!r}") from exc
        finally:
            self.close()
        if not ok:
            raise RuntimeError(f"drawing the figures failed in the figure process:\n{payload}")
        return payload

    def close(self) -> None:
        """Stop the child (idempotent). After ``render`` it has nothing left to do; a build that failed or
        was interrupted does not wait for matplotlib's import to finish."""
        if self._child is None:
            return
        self._conn.close()
        if self._child.is_alive():
            self._child.kill()
        self._child.join()
        self._child = None


def _serve(conn: Any, parent_end: Any) -> None:
    """The figure process: import matplotlib, wait for the summary, send back the figures (or the error)."""
    import traceback

    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; it then stops this process
    parent_end.close()  # so that the build's end closing (even by SIGKILL) is end-of-file here
    try:
        _figure(1.0)  # imports matplotlib and sets its parameters before the summary arrives
        summary = conn.recv()
    except EOFError:  # the build ended without needing figures (an error, an interruption)
        return
    try:
        result: tuple[bool, Any] = (True, render(summary))
    except Exception:  # noqa: BLE001 - reported by the build process, which raises it
        result = (False, traceback.format_exc())
    conn.send(result)
