"""Where the analyst's commentary for each section page lives, and which pages still lack it.

Commentary is written by hand, one Markdown file a page: ``commentary/<area>/<year>/<section>.md``
in the project folder (beside ``config/``), ``<section>`` being the notebook's stem
(``01_child_protection``) or ``00_overview`` for the key facts page. A board pack is final only when
every page has its commentary (``lscb run --final``); without it a pack is built and marked draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["COMMENTARY_DIR", "OVERVIEW", "commentary_path", "commentary_status", "missing"]

COMMENTARY_DIR = "commentary"
OVERVIEW = "00_overview"


def commentary_path(root: Path | str, area: str, year: str, section: str) -> Path:
    """``<root>/commentary/<area>/<year>/<section>.md`` (whether or not it exists)."""
    return Path(root) / COMMENTARY_DIR / area / year / f"{section}.md"


def commentary_status(root: Path | str, area: str, year: str, sections: Iterable[str]) -> dict[str, Path | None]:
    """For each section (notebook stem, e.g. ``01_child_protection``, or ``00_overview``) in the order
    given, the path of its commentary file, or None when the file is missing or holds only
    whitespace."""
    out: dict[str, Path | None] = {}
    for section in sections:
        path = commentary_path(root, area, year, section)
        try:
            has_text = path.is_file() and path.read_text(encoding="utf-8").strip() != ""
        except (OSError, UnicodeDecodeError):
            has_text = False
        out[section] = path if has_text else None
    return out


def missing(status: dict[str, Path | None]) -> list[str]:
    """The sections of a :func:`commentary_status` with no commentary."""
    return [s for s, p in status.items() if p is None]
