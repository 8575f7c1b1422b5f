"""`python -m guidelib.examples [OUT_DIR]`: regenerate the worked example workbook.

Writes `OUT_DIR/example-kinship-care.json` (OUT_DIR defaults to `workbook`) and prints
its path.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .kinship_care import FILENAME, write


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m guidelib.examples [OUT_DIR]", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    folder = Path(args[0] if args else "workbook")
    folder.mkdir(parents=True, exist_ok=True)
    print(write(folder / FILENAME))
    return 0


if __name__ == "__main__":
    sys.exit(main())
