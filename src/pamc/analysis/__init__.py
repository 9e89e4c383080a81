"""What is derived from a valid corpus: agreement between annotation passes, quote fidelity."""
