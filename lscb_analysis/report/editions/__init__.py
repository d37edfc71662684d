"""The board pack's printed editions, built from the board HTML pages: PDF (:mod:`.pdf`, WeasyPrint)
and Word (:mod:`.word`, python-docx).

The runner calls :func:`build_editions` once a year's board pages are exported and checked. A
missing PDF library never stops the Word edition (or the HTML pages): the result says plainly
what was not built and why.
"""

from __future__ import annotations

import time
from pathlib import Path

__all__ = ["PDF_NAME", "DOCX_NAME", "build_editions"]

PDF_NAME = "board_pack.pdf"
DOCX_NAME = "board_pack.docx"


def build_editions(report_dir: Path | str, pages: list[Path | str], title: str, *, subtitle: str = "") -> dict:
    """Write ``board_pack.pdf`` and ``board_pack.docx`` into ``report_dir`` from the board HTML
    ``pages`` (key facts first, then the sections in order, then the context page).

    Returns ``{"pdf": Path | None, "docx": Path | None, "messages": [plain sentences],
    "seconds": {"pdf": s, "docx": s}}``: a step that could not run gives None and a message; other
    errors are raised."""
    from lscb_analysis.report.editions import pdf, word

    report_dir = Path(report_dir)
    pages = [Path(p) if Path(p).is_absolute() else report_dir / p for p in pages]
    missing = [p.name for p in pages if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"board pages not found in {report_dir}: {', '.join(missing)}")
    result: dict = {"pdf": None, "docx": None, "messages": [], "seconds": {}}
    start = time.perf_counter()
    try:
        result["pdf"] = pdf.build_pdf(pages, report_dir / PDF_NAME, title, subtitle=subtitle)
    except pdf.PdfUnavailable as e:
        result["messages"].append(str(e))
    result["seconds"]["pdf"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    result["docx"] = word.build_docx(pages, report_dir / DOCX_NAME, title, subtitle=subtitle)
    result["seconds"]["docx"] = round(time.perf_counter() - start, 3)
    return result
