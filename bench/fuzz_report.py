"""How the validator treats damaged input: N random mutations of the valid fixture corpus, counted.

    python bench/fuzz_report.py [--n 300] [--seed 0]

Prints, per mutation family, how many inputs were tried, rejected with at least one error, accepted, and
crashed (an exception: should be 0), and lists what the accepted ones were. Uses the mutations of the fuzz
tests (tests/mutations.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from pamc.io.paths import Paths  # noqa: E402
from pamc.checks.validate import has_errors, validate  # noqa: E402
from tests.conftest import FIXTURES, copy_inputs  # noqa: E402
from tests.mutations import data_mutation, text_mutation  # noqa: E402
from tests.test_fuzz import changed_fields, tables  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="mutations per family")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for family, mutate in (("text", text_mutation), ("data", data_mutation)):
        counts, accepted = Counter(), Counter()
        for _ in range(args.n):
            with tempfile.TemporaryDirectory() as tmp:
                root = copy_inputs(FIXTURES / "valid", Path(tmp) / "corpus")
                original = tables(root)
                label, must_reject = mutate(root, random.Random(rng.randrange(2**32)))
                try:
                    _, findings = validate(Paths(root))
                except Exception as exc:  # noqa: BLE001 - counting crashes is the point
                    counts["crashed"] += 1
                    print(f"CRASH {label}: {type(exc).__name__}: {exc}")
                    continue
                if has_errors(findings):
                    counts["rejected"] += 1
                elif must_reject:
                    counts["missed"] += 1
                    print(f"MISSED (invalid by construction, accepted): {label}")
                else:
                    counts["accepted"] += 1
                    fields = changed_fields(original, tables(root))
                    effect = f"still valid, changed: {', '.join(sorted(fields))}" if fields else "no change to the data"
                    accepted[f"{label.split()[0]} {label.split()[1].rsplit('/', 1)[-1]} ({effect})"] += 1
        print(f"{family}: tried {args.n}, rejected {counts['rejected']}, accepted {counts['accepted']} (valid after "
              f"the damage), invalid-by-construction but accepted {counts['missed']}, crashed {counts['crashed']}")
        for label, n in accepted.most_common():
            print(f"  accepted {n}x: {label}")


if __name__ == "__main__":
    main()
