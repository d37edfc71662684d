"""Reading the board's HTML pages for the PDF and Word editions.

A board page (written by the runner from an executed notebook) holds its content in ``<main>``:
headings, paragraphs, lists, tables with captions, charts as ``<img>`` with alt text (and, from
:func:`lscb_analysis.report.display.figure_html`, the same chart as SVG in ``data-lscb-svg``), the
commentary or its DRAFT banner, and an appendix (``<section class="lscb-appendix">``). Collapsed
``<details>`` blocks (definitions, detail for analysts) belong to the web page and are left out of
the printed editions; the method notes are in the reviewer edition.

Pages are parsed with lxml (installed with the project); nothing in them is fetched or run.
"""

from __future__ import annotations

import base64
import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Block", "Page", "read_page", "blocks"]

_WS = re.compile(r"\s+")


@dataclass
class Block:
    """One piece of a page in reading order.

    kind: "heading" (level, text), "paragraph" (text, style: "" / "draft" / "quote" / "note"),
    "list" (items, ordered), "table" (caption, rows, header_rows, statuses), "image" (png bytes, svg
    bytes, alt)."""

    kind: str
    text: str = ""
    level: int = 0
    style: str = ""
    items: list[str] = field(default_factory=list)
    ordered: bool = False
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    statuses: list[list[str]] = field(default_factory=list)  # a cell's target status class, else ""
    png: bytes | None = None
    svg: bytes | None = None
    alt: str = ""


@dataclass
class Page:
    path: Path
    title: str
    main: object  # the lxml element of <main> (anchor links and collapsed details removed)
    blocks: list[Block]


def _text(el) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _data_uri(src: str | None) -> tuple[str, bytes] | None:
    if not src or not src.startswith("data:"):
        return None
    m = re.match(r"data:([^;,]+)(;base64)?,(.*)$", src, re.S)
    if not m:
        return None
    data = m.group(3)
    raw = base64.b64decode(data) if m.group(2) else data.encode("utf-8")
    return m.group(1), raw


def _clean(main) -> None:
    """Remove what a printed page does not need: anchor links (¶), collapsed details, scripts."""
    for el in main.xpath('.//a[contains(concat(" ", @class, " "), " anchor-link ")] | .//details | .//script'
                         ' | .//style | .//noscript'):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element


def _table(el) -> Block:
    caption = el.find(".//caption")
    rows, statuses, header_rows = [], [], 0
    for tr in el.xpath(".//tr"):
        cells = tr.xpath("./th|./td")
        rows.append([_text(c) for c in cells])
        statuses.append([next((k for k in (c.get("class") or "").split() if k.startswith("lscb-target-")), "")
                         for c in cells])
        if tr.getparent().tag == "thead":
            header_rows += 1
    if header_rows == 0 and rows and all(c.tag == "th" for c in el.xpath(".//tr[1]/*")):
        header_rows = 1
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    statuses = [s + [""] * (width - len(s)) for s in statuses]
    return Block("table", caption=_text(caption) if caption is not None else "", rows=rows,
                 header_rows=header_rows, statuses=statuses)


def _walk(el, out: list[Block]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = set((el.get("class") or "").split())
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _text(el)
        if text:
            out.append(Block("heading", text=text, level=int(tag[1])))
        return
    if tag == "table":
        out.append(_table(el))
        return
    if tag == "img":
        found = _data_uri(el.get("src"))
        svg = _data_uri(el.get("data-lscb-svg"))
        png = found[1] if found and found[0] in ("image/png", "image/jpeg") else None
        out.append(Block("image", png=png, svg=svg[1] if svg else (found[1] if found and "svg" in found[0] else None),
                         alt=el.get("alt") or ""))
        return
    if tag == "figcaption":
        return  # the alt text, already with the image
    if tag in ("ul", "ol"):
        items = [_text(li) for li in el.xpath("./li")]
        if items:
            out.append(Block("list", items=items, ordered=tag == "ol"))
        return
    if tag == "aside" and "lscb-draft" in classes:
        out.append(Block("paragraph", text=_text(el), style="draft"))
        return
    if tag == "blockquote":
        out.append(Block("paragraph", text=_text(el), style="quote"))
        return
    if tag == "p":
        text = _text(el)
        if text:
            out.append(Block("paragraph", text=text, style="note" if "lscb-note" in classes else ""))
        return
    if tag in ("pre", "code") and "lscb" not in " ".join(classes):
        return
    for child in el:
        _walk(child, out)


def blocks(main) -> list[Block]:
    """The blocks of a page's ``<main>`` in reading order."""
    out: list[Block] = []
    _walk(main, out)
    return out


def read_page(path: Path | str) -> Page:
    """Parse one board HTML page."""
    import lxml.html

    path = Path(path)
    doc = lxml.html.fromstring(path.read_bytes())
    found = doc.xpath("//main")
    main = found[0] if found else (doc.find("body") if doc.find("body") is not None else doc)
    main = copy.deepcopy(main)
    _clean(main)
    title_el = doc.find(".//title")
    h1 = main.xpath(".//h1")
    title = _text(h1[0]) if h1 else (_text(title_el) if title_el is not None else path.stem)
    return Page(path, title, main, blocks(main))
