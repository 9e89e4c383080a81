"""Putin–Assad Meetings Corpus: annotations, validator and release builder."""

from importlib.metadata import PackageNotFoundError, version

try:  # one source of truth: pyproject.toml's version, as installed
    __version__ = version("putin-assad-meetings-corpus")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
