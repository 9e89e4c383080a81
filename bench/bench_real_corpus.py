"""Wall time and peak RSS of `validate` and `build` on the real corpus, next to the floor a user cannot avoid.

    python bench/bench_real_corpus.py [--repeat 5]

Each command runs as its own process (as a user runs it); peak RSS comes from wait4's rusage of that process.
The floor is `python -c "import pyarrow.parquet"`, measured in the same run. Prints medians.
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


def measure(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one run of ``cmd``."""
    seconds, rss, _ = tree_measure(cmd, cwd)
    return seconds, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="pamc-bench-"))
    try:
        for name in ("raw", "annotations"):
            shutil.copytree(REPO / name, work / name)
        shutil.copy2(REPO / "CHANGELOG.md", work / "CHANGELOG.md")
        version = "0.0.1"
        with (work / "CHANGELOG.md").open("a") as fh:
            fh.write(f"\n## {version}\n\nBenchmark build.\n")
        rows = []
        commands = {
            'floor: python -c "import pyarrow.parquet"': [py, "-c", "import pyarrow.parquet"],
            "validate": [py, str(REPO / "build_dataset.py"), "validate", "--root", str(work)],
        }
        for label, cmd in commands.items():
            runs = [measure(cmd, work) for _ in range(args.repeat)]
            rows.append((label, statistics.median(r[0] for r in runs), max(r[1] for r in runs)))
        build_runs = []
        for i in range(args.repeat):
            dist = work / f"dist-{i}"
            build_runs.append(measure([py, str(REPO / "build_dataset.py"), "build", "--root", str(work), "--version",
                                       version, "--dist", str(dist)], work))
        rows.append(("build", statistics.median(r[0] for r in build_runs), max(r[1] for r in build_runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor = rows[0][1]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"median of {args.repeat} runs")
    print(f"{'command':45} {'wall s':>8} {'x floor':>8} {'peak RSS MiB':>13}")
    for label, seconds, rss in rows:
        print(f"{label:45} {seconds:8.3f} {seconds / floor:8.2f} {rss:13.1f}")


if __name__ == "__main__":
    main()
