"""Reading and writing the hand-edited files: paths, YAML with positions, the corpus as records, the canonical
layout, exact spans. Nothing here judges the data; the checks do."""
