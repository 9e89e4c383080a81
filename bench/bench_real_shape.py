"""validate and build on ~10,000 utterances of the real annotation files' shape, next to the floor (issue 16).

    python bench/bench_real_shape.py [--repeat 3] [--transcripts 600] [--all 158] [--serial] [--no-agreement]
                                     [--compare OTHER_CHECKOUT]

Two corpora are made with bench/real_shape.py:
  transcripts  the three Kremlin transcripts copied --transcripts times (copy 1 the real one), the two news
               documents and their alignments once, as issue 16 measured;
  all          all five real documents copied --all times: transcripts, the news article and the press
               release, every field the corpus uses, the alignments repeated per copy.
On each, the commands take turns (floor, validate, build, validate and build without the cache, floor, ...),
--repeat times, each as its own process (bench/measure.py: wall time, max RSS of the largest process, peak PSS
of the whole process tree):
  floor     parse every annotation file with PyYAML's C loader (yaml.CSafeLoader) and write the utterances
            (and their dialogue acts) to Parquet with pyarrow, in one process, no checks: the floor of
            bench/bench_scale.py, unchanged;
  validate  `build_dataset.py validate --root CORPUS`, the default --jobs (one worker per CPU);
  build     `build_dataset.py build --root CORPUS --version 0.0.1 --dist DIST-i`, the default --jobs.
Each round gives validate an empty cache of parsed YAML (pamc.io.parsecache), which it fills and build then
reads, as when a user validates and then builds; "(no cache)" runs the two with PAMC_CACHE=off (each parses
every file). The floor always parses.
--serial adds `-j 1` runs of both. --compare OTHER_CHECKOUT adds `validate` and `build` of another checkout
(its build_dataset.py, e.g. the previous commit unpacked with `git archive`) to the same rotation, so that a
before/after comparison sees the same machine load. Medians are printed, with the ratio to the floor's median
and, last, the ratio of validate + build to the floor (issue 16's target: at most 2).
The commands run with Python's bytecode cache (PYTHONDONTWRITEBYTECODE is removed from their environment;
each runs once, untimed, on a one-copy corpus first).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from bench_scale import FLOOR  # noqa: E402
from measure import measure  # noqa: E402
from real_shape import make  # noqa: E402

PY = sys.executable
CLI = str(REPO / "build_dataset.py")


def bench(root: Path, work: Path, repeat: int, serial: bool, env: dict[str, str],
          compare: Path | None = None) -> dict[str, list[tuple]]:
    build = [PY, CLI, "build", "--root", str(root), "--version", "0.0.1", "--dist"]
    # (command, the cache of parsed YAML it uses): each round starts with an empty cache, which its validate
    # fills and its build reads (a user's validate, then build); the "no cache" runs parse everything.
    off = {"PAMC_CACHE": "off"}
    commands = {
        "floor (C parse + Parquet)": (lambda i: [PY, "-c", FLOOR, str(root)], lambda i: off),
        "validate": (lambda i: [PY, CLI, "validate", "--root", str(root)], lambda i: _cache(work, i)),
        "build": (lambda i: [*build, str(work / f"dist-{i}")], lambda i: _cache(work, i)),
        "validate (no cache)": (lambda i: [PY, CLI, "validate", "--root", str(root)], lambda i: off),
        "build (no cache)": (lambda i: [*build, str(work / f"dist-nc-{i}")], lambda i: off),
    }
    if compare is not None:
        other = str(compare / "build_dataset.py")
        commands["validate (compared)"] = (lambda i: [PY, other, "validate", "--root", str(root)],
                                           lambda i: _cache(work, f"c{i}"))
        commands["build (compared)"] = (lambda i: [PY, other, "build", "--root", str(root), "--version", "0.0.1",
                                                   "--dist", str(work / f"dist-compared-{i}")],
                                        lambda i: _cache(work, f"c{i}"))
    if serial:
        commands["validate -j 1"] = (lambda i: [PY, CLI, "validate", "--root", str(root), "-j", "1"],
                                     lambda i: _cache(work, f"j{i}"))
        commands["build -j 1"] = (lambda i: [*build, str(work / f"dist-j1-{i}"), "-j", "1"],
                                  lambda i: _cache(work, f"j{i}"))
    warm = work / "warm-up"  # bytecode caches written: the same commands once on the real corpus's size
    make(warm, 1, "all")
    for cmd, extra in commands.values():
        measure([part.replace(str(root), str(warm)) for part in cmd("warm-up")], warm, {**env, **extra("warm-up")})
    runs: dict[str, list[tuple]] = {label: [] for label in commands}
    for i in range(repeat):
        for label, (cmd, extra) in commands.items():
            runs[label].append(measure(cmd(i), root, {**env, **extra(i)}))
    return runs


def _cache(work: Path, round_: object) -> dict[str, str]:
    return {"PAMC_CACHE_DIR": str(work / f"cache-{round_}")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--transcripts", type=int, default=600, help="copies of the three transcripts (0: skip)")
    parser.add_argument("--all", type=int, default=158, help="copies of all five documents (0: skip)")
    parser.add_argument("--serial", action="store_true", help="also -j 1")
    parser.add_argument("--no-agreement", action="store_true",
                        help="leave out the agreement passes (the card's agreement section then reads nothing)")
    parser.add_argument("--compare", type=Path, metavar="OTHER_CHECKOUT",
                        help="also time validate and build of another checkout, in the same rotation")
    args = parser.parse_args()
    if args.compare is not None and not (args.compare / "build_dataset.py").is_file():
        parser.error(f"{args.compare} has no build_dataset.py")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"medians of {args.repeat} runs (fastest-slowest)")
    print(f"{'corpus':30} {'step':26} {'wall s':>8} {'x floor':>8} {'range s':>14} {'max RSS MiB':>12} "
          f"{'tree PSS MiB':>13}")
    for kind, copies in (("transcripts", args.transcripts), ("all", args.all)):
        if not copies:
            continue
        work = Path(tempfile.mkdtemp(prefix="pamc-real-shape-"))
        try:
            root = work / "corpus"
            counts = make(root, copies, kind, agreement=not args.no_agreement)
            runs = bench(root, work, args.repeat, args.serial, env, args.compare)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        name = f"{kind} x{copies}: {counts['utterances']:,} utt."
        medians = {}
        floor = statistics.median(r[0] for r in runs["floor (C parse + Parquet)"])
        for label, rs in runs.items():
            seconds = sorted(r[0] for r in rs)
            medians[label] = statistics.median(seconds)
            print(f"{name:30} {label:26} {medians[label]:8.2f} {medians[label] / floor:8.2f} "
                  f"{seconds[0]:6.2f}-{seconds[-1]:<7.2f} {max(r[1] for r in rs):12.1f} "
                  f"{max(r[2] for r in rs):13.1f}", flush=True)
        for suffix in ("", " (no cache)", " -j 1", " (compared)"):
            if f"build{suffix}" in medians:
                both = medians[f"validate{suffix}"] + medians[f"build{suffix}"]
                print(f"{name:30} {'validate + build' + suffix:26} {both:8.2f} {both / floor:8.2f}", flush=True)
        print(f"{name:30} ({counts['documents']:,} documents, {counts['alignments']:,} alignments)", flush=True)


if __name__ == "__main__":
    main()
