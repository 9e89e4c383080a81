"""`pamc diff` lists what changed between two releases, so changelog entries can be checked against the data."""

from __future__ import annotations

import json

from .conftest import REPO, run


def test_diff_names_added_removed_and_changed_records(valid_corpus):
    with (valid_corpus / "CHANGELOG.md").open("a") as fh:
        fh.write("\n## 0.2.0\n\nChanged the press.\n")
    assert run("build", "--root", str(valid_corpus), "--version", "0.1.0").exit_code == 0
    persons = valid_corpus / "annotations/persons.yaml"
    persons.write_text(persons.read_text(encoding="utf-8").replace("The press", "The press corps"), encoding="utf-8")
    assert run("build", "--root", str(valid_corpus), "--version", "0.2.0").exit_code == 0
    result = run("diff", "--root", str(valid_corpus), "0.1.0", "0.2.0", "--format", "json")
    report = json.loads(result.output)
    assert report["persons"] == {"added": [], "removed": [], "changed": {"press": {"name": ["The press", "The press corps"]}},
                                 "fields_added": {}, "fields_removed": []}
    assert all(not any(v.values()) for k, v in report.items() if k not in {"persons"})
    text = run("diff", "--root", str(valid_corpus), "0.1.0", "0.2.0").output
    assert 'persons: 0 added, 0 removed, 1 changed\n  ~ press: name\n      name: "The press" -> "The press corps"' in text


def test_the_1_1_0_changelog_claims_hold_against_the_data():
    """'the 2017 Khmeimim and 2021 Moscow annotations are as in 1.0.0' and the 2018 changes are adjudication."""
    report = json.loads(run("diff", "--root", str(REPO), "1.0.0", "1.1.0", "--format", "json").output)
    changed = set(report["utterances"]["changed"])
    assert changed == {"kremlin-2018-05-17-sochi.u001", "kremlin-2018-05-17-sochi.u002", "kremlin-2018-05-17-sochi.u003"}
    assert report["utterances"]["removed"] == [] and report["documents"] == {"added": [], "removed": [], "changed": {},
                                                                             "fields_added": {}, "fields_removed": []}
    added = report["utterances"]["added"]
    assert {a.split(".")[0] for a in added} == {"syria-times-sochi-summit", "schiller-2017-11-21-sochi"}


def test_diff_of_an_unknown_version_is_an_error():
    result = run("diff", "--root", str(REPO), "1.0.0", "9.9.9")
    assert result.exit_code == 1 and "no published release" in result.output


def _release(root, tables):
    """A minimal release folder: JSON Lines tables and a manifest that lists them."""
    (root / "jsonl").mkdir(parents=True)
    lines = []
    for table, rows in tables.items():
        (root / "jsonl" / f"{table}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        lines.append(f"{'0' * 64}  jsonl/{table}.jsonl")
    (root / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_table_new_in_a_version_is_summarised_and_a_listed_table_that_is_gone_is_damage(tmp_path):
    from pamc.release.diff import DiffError, diff, render

    old = _release(tmp_path / "1.0.0", {"utterances": [{"id": "u1", "text": "a"}]})
    new = _release(tmp_path / "2.0.0", {"utterances": [{"id": "u1", "text": "a"}],
                                        "passages": [{"id": "p0001"}, {"id": "p0002"}]})
    result = diff(old, new)
    assert result["passages"]["new_table"] and result["passages"]["added"] == ["p0001", "p0002"]
    assert "passages: new table, 2 rows" in render(result, "1.0.0", "2.0.0")
    (new / "jsonl" / "passages.jsonl").unlink()  # listed in the manifest, but gone
    try:
        diff(old, new)
    except DiffError as exc:
        assert any("passages.jsonl: missing" in p for p in exc.problems)
    else:
        raise AssertionError("a table the manifest lists must not vanish silently")
