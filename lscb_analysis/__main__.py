"""``python -m lscb_analysis``: the ``lscb`` command."""

import sys

from lscb_analysis.runner.cli import main

sys.exit(main())
