"""Entry point: ``python build_dataset.py <command>`` runs the same CLI as the ``pamc`` console script.

    python build_dataset.py validate
    python build_dataset.py build --version 1.0.0
    python build_dataset.py --help
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from pamc.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
