"""docs/contributing.md, followed literally: its bash blocks, in order, add a document and publish a release."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from .conftest import REPO

GUIDE = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", GUIDE, flags=re.S)


def test_the_guide_adds_a_document_and_publishes_it(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "test-artifacts", "__pycache__", "*.egg-info",
                                                              ".venv", "rebuild"))
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}",
           "PAMC_ROOT": str(root)}
    script = "set -euo pipefail\n" + "\n".join(BLOCKS)
    proc = subprocess.run(["bash", "-c", script], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert len(BLOCKS) >= 5
    release = root / "dist" / "99.0.0"
    rows = [json.loads(line) for line in (release / "jsonl/utterances.jsonl").read_text(encoding="utf-8").splitlines()]
    sample = [r for r in rows if r["document"] == "sample-2030-01-02-sochi"]
    assert [(r["speaker"], r["text"]) for r in sample] == [("vladimir-putin", "Welcome to Sochi."),
                                                          ("bashar-al-assad", "Thank you.")]
    assert "0 error(s), 0 warning(s)" in proc.stdout
    assert (release / "viewer" / "sample-2030-01-02-sochi.html").is_file()
