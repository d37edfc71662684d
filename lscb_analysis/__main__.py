"""``python -m lscb_analysis``: the ``lscb`` command."""

import sys

from .cli import main

sys.exit(main())
