"""The raw documents are the seeds, byte for byte, and the build refuses to run if one changes."""

from __future__ import annotations

import hashlib

import pytest

from .conftest import REPO, SEEDS, run

# SHA-256 of the five seed files as received (sha256sum ../shared/seeds/*), independent of the code under test.
SEED_SHA256 = {
    "000_f89da299ed35911a.txt": "7e7d01b35cef83e0b3d82ad66c510b27a2ca450d8a0b564e221477367d09fd81",
    "001_37b05391a0976768.txt": "96c8780b4020ab4f3bd34c8abd6e4e9170330948cd54f257453cd7140d171da5",
    "002_5e0cea772694326a.txt": "d16f63c9f2b0989dd03b1b5739dcc9e135b9c9f08637711ba6c9032c56e70648",
    "003_82fdfb3a86ce8c0f.txt": "32b1e09949a52ed4abb5ba3f95117fab946c5c0e09c338375459320a3c5809b5",
    "004_243ea3f06239cd5e.txt": "8e6ad844e42065d77f6dbae2074c1f596fcb4e197df81de3622fca6aedfe5a79",
}


def documents():
    import yaml

    return yaml.safe_load((REPO / "annotations/documents.yaml").read_text(encoding="utf-8"))


def test_each_raw_file_has_the_hash_of_its_seed():
    docs = documents()
    assert sorted(d["seed_file"] for d in docs) == sorted(SEED_SHA256)
    for d in docs:
        data = (REPO / d["raw_file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == SEED_SHA256[d["seed_file"]] == d["sha256"]
        assert (len(data), len(data.decode("utf-8"))) == (d["n_bytes"], d["n_chars"])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_raw_files_are_byte_identical_to_the_seeds():
    for d in documents():
        assert (REPO / d["raw_file"]).read_bytes() == (SEEDS / d["seed_file"]).read_bytes()


def test_raw_files_keep_their_no_break_spaces_and_quote_marks():
    texts = {d["id"]: (REPO / d["raw_file"]).read_text(encoding="utf-8") for d in documents()}
    assert texts["kremlin-2017-12-11-khmeimim"].count("\u00a0") > 0
    assert "\u201d" in texts["syria-times-sochi-summit"] and "\u2019" in texts["schiller-2017-11-21-sochi"]


def test_raw_names_say_publisher_date_and_place():
    for d in documents():
        name = d["raw_file"].removeprefix("raw/")
        assert name.split("_")[0] in {"kremlin", "syria-times", "schiller-institute"}
        assert name.split("_")[1] == (d["printed_date"]["normalized"] or "undated")


def test_a_changed_raw_file_stops_validation_and_build(real_corpus):
    path = real_corpus / "raw/kremlin_2017-12-11_khmeimim_meeting-with-assad.txt"
    path.write_bytes(path.read_bytes().replace("\u00a0".encode(), b" ", 1))
    result = run("validate", "--root", str(real_corpus))
    assert result.exit_code == 1 and "[raw-hash-mismatch]" in result.output
    with (real_corpus / "CHANGELOG.md").open("a") as fh:
        fh.write("\n## 9.0.0\n\nx\n")
    build = run("build", "--root", str(real_corpus), "--version", "9.0.0")
    assert build.exit_code == 1 and not (real_corpus / "dist/9.0.0").exists()
