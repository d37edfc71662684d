"""``python -m lscb_analysis.core.definitions [path]`` writes docs/methodology.md from the definitions."""

import sys

from lscb_analysis.core.definitions import write_markdown

target = write_markdown(sys.argv[1] if len(sys.argv) > 1 else None)
print(f"wrote {target}")
