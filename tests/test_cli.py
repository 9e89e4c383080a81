"""The command line as users meet it: help on every command, the real entry points, clean errors."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pamc.cli import cli

from .conftest import FIXTURES, REPO, apply_fixture, run

COMMANDS = sorted(cli.commands)


def test_the_cli_has_the_documented_commands():
    assert {"validate", "build", "schema", "checks", "verify", "locate", "fmt", "diff", "agreement", "fidelity",
            "stats", "show"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: cli {command}" in result.output or f"Usage: pamc {command}" in result.output
    assert len(cli.commands[command].help or "") > 20


@pytest.mark.parametrize("entry", [[sys.executable, str(REPO / "build_dataset.py")],
                                   [sys.executable, "-m", "pamc.cli"]])
def test_the_real_entry_points_validate_the_corpus(entry):
    proc = subprocess.run([*entry, "validate", "--root", str(REPO)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_bad_data_through_the_real_entry_point_gives_findings_not_a_traceback(valid_corpus):
    apply_fixture(FIXTURES / "invalid" / "yaml-syntax", valid_corpus)
    proc = subprocess.run([sys.executable, str(REPO / "build_dataset.py"), "validate", "--root", str(valid_corpus)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "annotations/vocabularies/topics.yaml:" in proc.stdout and "[yaml-syntax]" in proc.stdout


def test_usage_errors_exit_2():
    assert run("build").exit_code == 2           # --version is required
    assert run("no-such-command").exit_code == 2


def test_locate_prints_exact_spans_with_no_break_spaces():
    result = run("locate", "--root", str(REPO), "kremlin-2018-05-17-sochi", "President of Russia Vladimir Putin")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == '{start: 161, end: 195, text: "President of\\u00a0Russia Vladimir Putin"}'


def test_checks_lists_every_check_id():
    from pamc.model.catalogue import CHECKS

    listed = {line.split()[0] for line in run("checks").output.splitlines()}
    assert listed == set(CHECKS)


def test_stats_counts_the_corpus():
    result = run("stats", "--root", str(REPO))
    assert result.exit_code == 0
    assert "documents 5, annotated 5" in result.output
    assert re.search(r"kremlin-2021-09-14-moscow\s+0\s+0\s+4", result.output)


def test_show_prints_an_utterance_in_context_with_its_fields_and_alignments():
    result = run("show", "--root", str(REPO), "schiller-2017-11-21-sochi.u009", "--context", "20")
    assert result.exit_code == 0
    assert 'said >>>he is "glad that you' in result.output
    assert '"speaker": "vladimir-putin"' in result.output
    assert "-> syria-times-sochi-summit.u036 edited_same_translation" in result.output


def test_show_of_an_unknown_id_is_an_error_that_suggests_ids():
    result = run("show", "--root", str(REPO), "schiller-2017-11-21-sochi.u099")
    assert result.exit_code == 1 and "schiller-2017-11-21-sochi.u001" in result.output


def test_validate_does_not_import_the_heavy_libraries():
    """Not the release libraries, nor pydantic (the checks read records made from the committed schemas)."""
    code = ("import sys; sys.argv = ['pamc', 'validate', '--root', sys.argv[1]]\n"
            "from pamc.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('datasets', 'matplotlib', 'pandas', 'pyarrow', 'pydantic', 'jsonschema')\n"
            "               if m in sys.modules)\n"
            "print('HEAVY', heavy)")
    proc = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, check=False)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_build_does_not_import_pydantic_nor_a_plotting_library(tmp_path):
    """Release rows, Arrow schemas and the card's field tables come from the committed release schemas, the
    figures are written as SVG text: a whole build imports neither pydantic, matplotlib, pandas nor datasets."""
    code = ("import sys; sys.argv = ['pamc', 'build', '--root', sys.argv[1], '--version', sys.argv[2], "
            "'--dist', sys.argv[3]]\n"
            "from pamc.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exit:\n    print('EXIT', exit.code)\n"
            "heavy = sorted(m for m in ('datasets', 'matplotlib', 'pandas', 'pydantic') if m in sys.modules)\n"
            "print('HEAVY', heavy)")
    from pamc.release.publish import published_versions

    newest = published_versions(REPO / "dist")[-1]
    proc = subprocess.run([sys.executable, "-c", code, str(REPO), newest, str(tmp_path)], capture_output=True,
                          text=True, check=False)
    assert "EXIT 0" in proc.stdout and "HEAVY []" in proc.stdout, proc.stdout + proc.stderr
    assert (tmp_path / newest / "SHA256SUMS").is_file()


def test_a_build_gives_the_newest_release_byte_for_byte_and_validation_never_imports_pyarrow(tmp_path):
    """The build validates, then writes; pyarrow is imported only to write the Parquet files at the end."""
    code = ("import sys\n"
            "sys.argv = ['pamc', 'build', '--root', sys.argv[1], '--version', sys.argv[2], '--dist', sys.argv[3]]\n"
            "import pamc.checks.validate as v\n"
            "real = v.validate\n"
            "def watched(*args, **kwargs):\n"
            "    out = real(*args, **kwargs)\n"
            "    print('PYARROW_AFTER_VALIDATION', 'pyarrow' in sys.modules)\n"
            "    return out\n"
            "v.validate = watched\n"
            "from pamc.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exit:\n    print('EXIT', exit.code)\n")
    from pamc.release.publish import published_versions

    newest = published_versions(REPO / "dist")[-1]
    proc = subprocess.run([sys.executable, "-c", code, str(REPO), newest, str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert "EXIT 0" in proc.stdout, proc.stdout + proc.stderr
    assert "PYARROW_AFTER_VALIDATION False" in proc.stdout
    assert (tmp_path / newest / "SHA256SUMS").read_bytes() == (REPO / "dist" / newest / "SHA256SUMS").read_bytes()