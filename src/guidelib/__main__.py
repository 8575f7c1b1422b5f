"""`python -m guidelib` is the `guidelib` command."""

import sys

from .cli import main

sys.exit(main())
