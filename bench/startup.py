"""Where the start-up time of `validate` and `build` goes on the real corpus, phase by phase.

    python bench/startup.py [--repeat 5]

Each phase is timed in a fresh interpreter (median of the runs, after one run that is not timed), cumulatively:
a line starting with ``+`` includes the line above it, so the differences between lines are what each phase
adds. As in bench_real_corpus.py, the runs use Python's bytecode cache (PYTHONDONTWRITEBYTECODE is removed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

SETUP = f"import sys; sys.path.insert(0, {str(REPO / 'src')!r})\n"
VALIDATE = ("from pathlib import Path; from pamc.io.paths import Paths; from pamc.checks.validate import validate\n"
            f"validate(Paths(Path({str(REPO)!r})), keep=False, jobs=1)\n")
PARQUET = "import pamc.release.parquet\n"
AGREEMENT = ("from pathlib import Path; from pamc.io.paths import Paths; from pamc.analysis.agreement import card_section\n"
             f"card_section(Paths(Path({str(REPO)!r})))\n")
KEPT = ("from pathlib import Path; from pamc.io.paths import Paths; from pamc.checks.validate import validate\n"
        "from pamc.release.tables import alignment_rows\n"
        f"corpus, _ = validate(Paths(Path({str(REPO)!r})), keep=True, jobs=1)\nrows = alignment_rows(corpus)\n")
FIDELITY = "from pamc.analysis.fidelity import render_report, report\nrender_report(report(corpus, rows))\n"
PHASES = [
    ("interpreter only (python -c pass)", None),
    ("import pyarrow.parquet (the floor)", "import pyarrow.parquet\n"),
    ("import the CLI (click, pamc.cli)", "import pamc.cli\n"),
    ("+ import the validator (PyYAML, jsonschema-rs, records; no pydantic)", "import pamc.cli, pamc.checks.validate\n"),
    ("+ one validation (committed schemas read, records built, checks)", "import pamc.cli\n" + VALIDATE),
    ("+ a second validation in the same process (the checks alone)", "import pamc.cli\n" + VALIDATE + VALIDATE),
    ("the Parquet process's imports (pyarrow.parquet, pyarrow.json, the release's writer)", PARQUET),
    ("the card's agreement section (three passes read and compared; the first helper)", AGREEMENT),
    ("a validation keeping the files + the alignment rows", KEPT),
    ("+ the fidelity report (the automatic candidate matcher; what the second helper adds)", KEPT + FIDELITY),
    ("a whole build: the newest release rebuilt into a temporary directory, as the README's first command",
     "import sys, tempfile, pamc.cli\nfrom pamc.release.publish import published_versions\n"
     "with tempfile.TemporaryDirectory() as d:\n"
     f"    sys.argv = ['pamc', 'build', '--root', {str(REPO)!r}, '--dist', d, '--version', "
     f"published_versions(__import__('pathlib').Path({str(REPO / 'dist')!r}))[-1]]\n"
     "    try:\n        pamc.cli.main()\n    except SystemExit as exit:\n        assert not exit.code, exit.code\n"),
]


def run(code: str | None) -> float:
    """Seconds of one fresh interpreter running ``code`` (the whole process, as a user runs a command)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SETUP + (code or "pass")], check=True, capture_output=True, cwd=REPO,
                   env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    width = max(len(label) for label, _ in PHASES)
    print(f"{'phase':{width}} {'wall s':>7}")
    for label, code in PHASES:
        run(code)  # bytecode cache written, files in the page cache
        seconds = statistics.median(run(code) for _ in range(args.repeat))
        print(f"{label:{width}} {seconds:7.3f}", flush=True)


if __name__ == "__main__":
    main()
