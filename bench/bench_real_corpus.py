"""Wall time and peak RSS of `validate` and `build` on the real corpus, next to the floor a user cannot avoid.

    python bench/bench_real_corpus.py [--repeat 11]

Each command runs as its own process, as a user runs it, on a copy of everything a build reads (raw texts,
annotations, the agreement passes, CHANGELOG.md, CITATION.cff); peak RSS comes from wait4's rusage (the
largest process, children included). The floor is `python -c "import pyarrow.parquet"`. The commands take
turns (floor, validate, build, floor, ...) so that a machine that slows down or speeds up during the run
weighs on all of them alike; the medians are printed.

The commands run with Python's bytecode cache, as they do for a user (pip compiles an installed package;
a checkout compiles on its first run): PYTHONDONTWRITEBYTECODE, which some shells set, is removed from their
environment and each command runs once before the timed runs. The last line shows what a build costs when
the package's own modules are compiled again on every run (a copy of src/ without __pycache__, run with
PYTHONDONTWRITEBYTECODE=1; the standard library and site-packages keep their compiled files).
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
from measure import measure as tree_measure  # noqa: E402

INPUTS = ("raw", "annotations", "agreement", "CHANGELOG.md", "CITATION.cff")


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one run of ``cmd``."""
    seconds, rss, _ = tree_measure(cmd, cwd, env, sample=False)
    return seconds, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    py = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    work = Path(tempfile.mkdtemp(prefix="pamc-bench-"))
    try:
        for name in INPUTS:
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
        version = "0.0.1"
        with (work / "CHANGELOG.md").open("a") as fh:
            fh.write(f"\n## {version}\n\nBenchmark build.\n")
        build = [py, str(REPO / "build_dataset.py"), "build", "--root", str(work), "--version", version, "--dist"]
        # The cache of parsed YAML (pamc.io.parsecache) is warm after the warm-up, as after any earlier command
        # of a user; the "(no cache)" lines parse every file.
        env = {**env, "PAMC_CACHE_DIR": str(work / "parse-cache")}
        off = {**env, "PAMC_CACHE": "off"}
        validate = [py, str(REPO / "build_dataset.py"), "validate", "--root", str(work)]
        commands = {
            'floor: python -c "import pyarrow.parquet"': (lambda i: [py, "-c", "import pyarrow.parquet"], env),
            "validate": (lambda i: validate, env),
            "build": (lambda i: [*build, str(work / f"dist-{i}")], env),
            "validate (no cache)": (lambda i: validate, off),
            "build (no cache)": (lambda i: [*build, str(work / f"dist-nc-{i}")], off),
        }
        for label, (cmd, cmd_env) in commands.items():  # warm-up: bytecode caches written, files in the page cache
            measure(cmd("warm-up"), work, cmd_env)
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        for i in range(args.repeat):
            for label, (cmd, cmd_env) in commands.items():
                runs[label].append(measure(cmd(i), work, cmd_env))
        copy = work / "uncached"
        shutil.copytree(REPO / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(REPO / "build_dataset.py", copy / "build_dataset.py")
        uncached = [py, str(copy / "build_dataset.py"), *build[2:]]
        runs["build, the package compiled on every run"] = [
            measure([*uncached, str(work / f"dist-uncached-{i}")], work, {**off, "PYTHONDONTWRITEBYTECODE": "1"})
            for i in range(args.repeat)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [(label, sorted(r[0] for r in rs), max(r[1] for r in rs)) for label, rs in runs.items()]
    floor = statistics.median(rows[0][1])
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"{args.repeat} runs each: median (fastest-slowest)")
    print(f"{'command':50} {'wall s':>8} {'x floor':>8} {'range s':>13} {'peak RSS MiB':>13}")
    for label, seconds, rss in rows:
        median = statistics.median(seconds)
        print(f"{label:50} {median:8.3f} {median / floor:8.2f} {seconds[0]:6.3f}-{seconds[-1]:.3f} {rss:13.1f}")


if __name__ == "__main__":
    main()
