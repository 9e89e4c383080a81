"""Ways of turning the annotation files' YAML into data, timed on the same texts (issue 16's parse cost).

    python bench/yaml_paths.py [--repeat 7] [--copies 20]

The texts: every YAML file of a real-shape corpus (bench/real_shape.py, all five documents ``--copies`` times,
its alignments.yaml included), read into memory first; each way parses all of them once per run, with the
cyclic garbage collector off (as in `validate` and `build`); the fastest and the median of ``--repeat`` runs
are printed, in seconds, with the ratio to ``yamlload.load``.

  yamlload.load              what `validate` and `build` run: data built from libyaml's events (this module's
                             fast path), the bounded whole-file load only for unusual text
  bounded whole-file load    yaml.load with yamlload's loader: PyYAML's composer in Python over libyaml's
                             events, then PyYAML's constructors (what a file that is unusual gets)
  Python composer only       the node graph alone, as the fast path composed it before (its constructors
                             then added about a sixth)
  C composer only            yaml.CSafeLoader's get_single_node: libyaml's composer, recursive in C (a
                             file nested 25,000 deep crashes it), not used; for comparison
  events only                libyaml's events read and dropped: what any pre-pass proving a file safe for
                             the C composer would cost before composing
  floor                      yaml.load(text, Loader=yaml.CSafeLoader): the floor's parse (bench_scale.py)
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))
from real_shape import make  # noqa: E402

from pamc.io import yamlload  # noqa: E402


def _events(text: str) -> None:
    loader = yaml.CSafeLoader(text)
    try:
        while loader.check_event():
            loader.get_event()
    finally:
        loader.dispose()


def _compose(cls):
    def run(text: str) -> None:
        loader = cls(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    return run


WAYS = {
    "yamlload.load": lambda text: yamlload.load(text, {}),
    "bounded whole-file load": lambda text: yaml.load(text, Loader=yamlload._FastLoader),  # noqa: S506
    "Python composer only": _compose(yamlload._FastLoader),
    "C composer only": _compose(yaml.CSafeLoader),
    "events only": _events,
    "floor": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),  # noqa: S506
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pamc-yaml-paths-") as tmp:
        counts = make(Path(tmp) / "corpus", args.copies, "all")
        paths = sorted((Path(tmp) / "corpus/annotations").rglob("*.yaml"))
        texts = [path.read_text(encoding="utf-8") for path in paths]
    size = sum(len(text.encode("utf-8")) for text in texts)
    print(f"all x{args.copies}: {len(texts)} files, {size / 1e6:.1f} MB, {counts['utterances']:,} utterances; "
          f"fastest and median of {args.repeat} runs, gc off")
    gc.disable()
    times: dict[str, list[float]] = {name: [] for name in WAYS}
    for _ in range(args.repeat):  # the ways take turns, so that a machine that slows down weighs on all alike
        for name, way in WAYS.items():
            start = time.perf_counter()
            for text in texts:
                way(text)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["yamlload.load"])
    print(f"{'way':26} {'fastest s':>10} {'median s':>10} {'x load':>8}")
    for name, runs in times.items():
        print(f"{name:26} {min(runs):10.3f} {statistics.median(runs):10.3f} {statistics.median(runs) / base:8.2f}")


if __name__ == "__main__":
    main()
