"""validate and build on synthetic corpora of growing size, next to the I/O floor measured on the same files.

    python bench/bench_scale.py [--sizes 10000 100000] [--errors 0.01] [--only validate errors ...]

For each size (utterances; 100 per document) a corpus is generated with bench/synth.py, then measured, each
command as its own process (bench/measure.py: wall time, peak RSS of the largest process, peak PSS of the
process tree with its workers):
  floor     parse every annotation file with PyYAML's C loader and stream the utterances and dialogue-act
            tables to Parquet with pyarrow (row groups of 10,000 rows), in one process: no validation, no
            checks, memory bounded like the build's, the cyclic garbage collector off (as in validate and build);
  validate  `build_dataset.py validate` (one worker per CPU, the default);
  build     `build_dataset.py build` (validates again, then writes the whole release);
  -j 1      both again in one process, up to --serial-max utterances (what a one-core machine sees);
  errors    `validate` on a copy where a fraction of the utterances has a shifted offset (a full error report);
and, on the built release, `datasets.load_dataset` cold (new cache) and warm, and a DuckDB aggregate query.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from measure import measure  # noqa: E402

PY = sys.executable

FLOOR = r'''
import gc, sys, glob, yaml, pyarrow as pa, pyarrow.parquet as pq
gc.disable()  # as validate and build do: the cyclic collector only rescans acyclic parsed data
root, batch = sys.argv[1], 10_000
writers, buffers = {}, {"utterances": [], "acts": []}
def flush(name):
    table = pa.Table.from_pylist(buffers[name])
    if name not in writers:
        writers[name] = pq.ParquetWriter(f"{root}/floor-{name}.parquet", table.schema)
    writers[name].write_table(table)
    buffers[name] = []
for path in sorted(glob.glob(root + "/annotations/**/*.yaml", recursive=True)):
    data = yaml.load(open(path, encoding="utf-8").read(), Loader=yaml.CSafeLoader)
    if isinstance(data, dict) and "utterances" in data:
        for u in data["utterances"]:
            buffers["utterances"].append({k: u[k] for k in ("id", "speaker", "event", "start", "end", "text")})
            buffers["acts"].extend({"utterance": u["id"], **a} for a in u["dialogue_acts"])
        for name, rows in buffers.items():
            if len(rows) >= batch:
                flush(name)
for name, rows in buffers.items():
    if rows or name not in writers:
        flush(name)
    writers[name].close()
'''

LOAD = r'''
import sys, datasets
ds = datasets.load_dataset(sys.argv[1], "utterances", split="train", cache_dir=sys.argv[2])
assert ds.num_rows > 0
'''

QUERY = r'''
import sys, duckdb
duckdb.sql(f"SELECT speaker, count(*), sum(n_words) FROM '{sys.argv[1]}/data/utterances/*.parquet' GROUP BY ALL").fetchall()
'''


def damage(root: Path, fraction: float, seed: int = 0) -> int:
    """Shift the start offset of a fraction of the utterances (each becomes one span-text-mismatch)."""
    rng = random.Random(seed)
    n = 0
    for path in sorted((root / "annotations/documents").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("    start: ") and rng.random() < fraction:
                lines[i] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), line)
                n += 1
        path.write_text("\n".join(lines), encoding="utf-8")
    return n


STEPS = ["floor", "validate", "build", "load", "errors"]


def main() -> None:
    # Every command parses every file, as the published figures were measured: no cache of parsed YAML
    # (bench_real_shape.py measures validate and build with it and without).
    os.environ["PAMC_CACHE"] = "off"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--errors", type=float, default=0.01)
    parser.add_argument("--serial-max", type=int, default=100_000,
                        help="also time validate and build with -j 1 up to this many utterances")
    parser.add_argument("--only", nargs="+", choices=STEPS, default=STEPS,
                        help="measure only these steps (e.g. validate errors: the cost of an error report)")
    args = parser.parse_args()
    only = set(args.only)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{'utterances':>10} {'step':28} {'wall s':>8} {'x floor':>8} {'max RSS MiB':>12} {'tree PSS MiB':>13}")
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="pamc-scale-"))
        try:
            root = work / "corpus"
            subprocess.run([PY, str(REPO / "bench/synth.py"), str(root), "--documents", str(size // 100),
                            "--utterances-per-document", "100"], check=True, stdout=subprocess.DEVNULL)
            rows = []
            validate = [PY, str(REPO / "build_dataset.py"), "validate"]
            build = [PY, str(REPO / "build_dataset.py"), "build", "--version", "0.0.1"]
            if "floor" in only:
                rows.append(("floor (C parse + Parquet)", *measure([PY, "-c", FLOOR, str(root)])))
            if "validate" in only:
                rows.append(("validate", *measure([*validate, "--root", str(root)])))
            if "build" in only or "load" in only:
                rows.append(("build", *measure([*build, "--root", str(root)])))
            if size <= args.serial_max:
                if "validate" in only:
                    rows.append(("validate -j 1", *measure([*validate, "--root", str(root), "-j", "1"])))
                if "build" in only:
                    rows.append(("build -j 1", *measure([*build, "--root", str(root), "-j", "1",
                                                          "--dist", str(work / "dist-j1")])))
            release = root / "dist/0.0.1"
            cache = work / "hf-cache"
            if "load" in only:
                rows.append(("datasets load, cold", *measure([PY, "-c", LOAD, str(release), str(cache)])))
                rows.append(("datasets load, warm", *measure([PY, "-c", LOAD, str(release), str(cache)])))
                rows.append(("duckdb aggregate query", *measure([PY, "-c", QUERY, str(release)])))
            if "errors" in only:
                broken = work / "broken"
                shutil.copytree(root / "annotations", broken / "annotations")
                shutil.copytree(root / "raw", broken / "raw")
                n = damage(broken, args.errors)
                rows.append((f"validate, {n} errors", *measure([*validate, "--root", str(broken)], ok=(1,))))
            floor = rows[0][1] if "floor" in only else None
            for label, seconds, rss, tree in rows:
                ratio = f"{seconds / floor:8.2f}" if floor else f"{'-':>8}"
                print(f"{size:>10} {label:28} {seconds:8.2f} {ratio} {rss:12.1f} {tree:13.1f}", flush=True)
            seconds = {label: row[0] for label, *row in rows}
            for suffix in ("", " -j 1"):
                if floor and f"validate{suffix}" in seconds and f"build{suffix}" in seconds:
                    both = seconds[f"validate{suffix}"] + seconds[f"build{suffix}"]
                    print(f"{size:>10} {'validate + build' + suffix:28} {both:8.2f} {both / floor:8.2f}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
