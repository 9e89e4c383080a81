"""A large release makes the Parquet files of the annotation files' tables in a background process while the
main process writes the rest. The release is the same byte for byte; a background process that dies or fails,
or a main process that fails meanwhile, leaves nothing half-written and nothing writing on."""

from __future__ import annotations

import os
import signal

import pytest

from pamc.io.paths import Paths
from pamc.release import contents
from pamc.release.publish import plan, publish, verify

from .conftest import tree_digest


@pytest.fixture
def corpus(real_corpus):
    with (real_corpus / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## 9.9.9\n\nBackground test.\n")
    return real_corpus


def build(root, version, dist):
    paths = Paths(root)
    outcome, findings = publish(paths, plan(paths, version, dist))
    assert outcome is not None, findings
    return outcome.path


@pytest.fixture
def forced(monkeypatch):
    """Every release, however small, uses the background process; the processes it started are recorded."""
    started = []
    real = contents.Background.__init__

    def init(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self._process)

    monkeypatch.setattr(contents, "BACKGROUND_MIN_BYTES", 0)
    monkeypatch.setattr(contents, "cpus", lambda: 2)
    monkeypatch.setattr(contents.Background, "__init__", init)
    return started


def test_the_release_is_the_same_with_and_without_the_background_process(corpus, tmp_path, forced,
                                                                          monkeypatch):
    with_background = build(corpus, "9.9.9", tmp_path / "with")
    assert len(forced) == 1 and forced[0].exitcode == 0
    monkeypatch.setattr(contents, "BACKGROUND_MIN_BYTES", 1 << 62)
    without = build(corpus, "9.9.9", tmp_path / "without")
    assert len(forced) == 1  # no second process
    assert tree_digest(with_background) == tree_digest(without)
    assert verify(with_background) == []


def test_a_background_process_that_dies_is_replaced_by_the_main_process(corpus, tmp_path, forced,
                                                                       monkeypatch):
    def killed(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(contents, "_convert_in_background", killed)
    release = build(corpus, "9.9.9", tmp_path / "dist")
    assert forced[0].exitcode == -signal.SIGKILL
    assert verify(release) == []
    monkeypatch.undo()
    assert tree_digest(release) == tree_digest(build(corpus, "9.9.9", tmp_path / "again"))


def test_an_error_in_the_background_process_stops_the_build_and_nothing_is_published(corpus, tmp_path, forced,
                                                                                    monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device", str(args[0] / "data"))

    monkeypatch.setattr(contents, "_convert_in_background", full)
    with pytest.raises(OSError, match="No space left on device"):
        build(corpus, "9.9.9", tmp_path / "dist")
    assert not (tmp_path / "dist" / "9.9.9").exists()
    assert list((tmp_path / "dist").iterdir()) == []  # the temporary folder is gone too


def test_a_failure_in_the_main_process_stops_the_background_process_first(corpus, tmp_path, forced,
                                                                         monkeypatch):
    import time

    from pamc.release import viewer

    def slow(target, *args):  # still writing after the main process has failed, as a Parquet writer would
        time.sleep(1.5)
        (target / "data" / "late").mkdir(parents=True, exist_ok=True)
        (target / "data" / "late" / "part-00000.parquet").write_bytes(b"PAR1")
        return {}

    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device", "index.html")

    monkeypatch.setattr(contents, "_convert_in_background", slow)
    monkeypatch.setattr(viewer, "index_page", failing)
    with pytest.raises(OSError, match="No space left on device"):
        build(corpus, "9.9.9", tmp_path / "dist")
    assert forced and not forced[0].is_alive() and forced[0].exitcode == -signal.SIGKILL
    time.sleep(2)
    assert list((tmp_path / "dist").iterdir()) == []
