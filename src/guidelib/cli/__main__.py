"""`python -m guidelib.cli` (as when `cli` was one module) is the `guidelib` command."""

import sys

from . import main

sys.exit(main())
