"""Putin–Assad Meetings Corpus: annotations, validator and release builder."""

__version__ = "1.0.0"
