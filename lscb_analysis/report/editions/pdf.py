"""The board pack as one PDF (WeasyPrint): A4, a title and contents page with page numbers, each
board page starting on a new page, charts as SVG (vector, sharp when printed), tables that do not
break inside a row and repeat their header row on the next page.

WeasyPrint needs the Pango system libraries; where they are missing, :func:`build_pdf` raises
:class:`PdfUnavailable` with a plain message and the other editions are still built
(:func:`lscb_analysis.report.editions.build_editions`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from lscb_analysis.report.editions.pages import read_page

__all__ = ["PRINT_CSS", "PdfUnavailable", "weasyprint_problem", "pack_html", "build_pdf", "pdf_text"]

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
        @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; color: #3D3D3D; }
        @top-right { content: string(pack-title); font-size: 8pt; color: #3D3D3D; } }
@page :first { @bottom-center { content: none; } @top-right { content: none; } }
html { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #0b0c0c; line-height: 1.35; }
h1.pack-title { string-set: pack-title content(); font-size: 22pt; margin-top: 60mm; color: #12436D; }
.lscb-edition-page { break-before: page; }
h1 { font-size: 17pt; color: #12436D; bookmark-level: 1; }
h2 { font-size: 13pt; color: #12436D; bookmark-level: 2; break-after: avoid; }
h3, h4 { font-size: 11pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; caption-side: top; }
th, td { border: 0.5pt solid #b1b4b6; padding: 2pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
thead th { background: #f3f2f1; }
figure { margin: 0.5em 0; break-inside: avoid; }
figure img { max-width: 100%; }
figcaption { font-size: 8.5pt; color: #3D3D3D; }
.lscb-draft { border: 2pt solid #801650; padding: 6pt 10pt; }
.lscb-note { font-size: 8.5pt; color: #3D3D3D; }
.lscb-appendix { break-before: page; }
nav.contents ol { list-style: none; padding: 0; }
nav.contents li { margin: 0.3em 0; }
nav.contents a { color: #0b0c0c; text-decoration: none; }
nav.contents a::after { content: leader('.') target-counter(attr(href), page); }
.jp-Collapser, .lscb-skip { display: none; }
"""


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango, HarfBuzz) cannot be loaded."""


def weasyprint_problem() -> str:
    """'' when WeasyPrint loads; else a plain sentence saying why the PDF cannot be made."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "The PDF edition was not built: the weasyprint package is not installed."
    except OSError as e:  # the Pango/GObject libraries are missing
        return ("The PDF edition was not built: WeasyPrint's system libraries (Pango) are missing "
                f"({str(e).splitlines()[0][:160]}). Install them (for example apt-get install libpango-1.0-0 "
                "libpangoft2-1.0-0) to make the PDF; the HTML and Word editions are not affected.")
    return ""


def _svg_for_print(main) -> None:
    """Use each chart's SVG (``data-lscb-svg``) where the page has one, so charts print as vectors."""
    for img in main.xpath(".//img[@data-lscb-svg]"):
        img.set("src", img.get("data-lscb-svg"))
        del img.attrib["data-lscb-svg"]


def _slug(text: str, n: int) -> str:
    return f"p{n}-" + re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40]


def pack_html(pages: list[Path], title: str, *, subtitle: str = "") -> str:
    """One HTML document for print: a title page with the contents (each page's first heading with
    its page number), then each board page's main content on a new page."""
    import lxml.html

    parts, contents = [], []
    for n, path in enumerate(pages, 1):
        page = read_page(path)
        anchor = _slug(page.title, n)
        main = page.main
        _svg_for_print(main)
        main.tag = "section"
        main.attrib.clear()
        main.set("class", "lscb-edition-page")
        main.set("id", anchor)
        parts.append(lxml.html.tostring(main, encoding="unicode"))
        contents.append(f'<li><a href="#{anchor}">{html.escape(page.title)}</a></li>')
    sub = f"<p>{html.escape(subtitle)}</p>" if subtitle else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{PRINT_CSS}</style></head><body>"
            f'<h1 class="pack-title">{html.escape(title)}</h1>{sub}'
            f'<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>{"".join(contents)}</ol></nav>'
            + "".join(parts) + "</body></html>")


def build_pdf(pages: list[Path], out: Path, title: str, *, subtitle: str = "") -> Path:
    """Write the board pack PDF to ``out`` from the board HTML pages in order; returns ``out``.

    Raises :class:`PdfUnavailable` (with a plain message) when WeasyPrint cannot be loaded."""
    problem = weasyprint_problem()
    if problem:
        raise PdfUnavailable(problem)
    import weasyprint

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = weasyprint.HTML(string=pack_html([Path(p) for p in pages], title, subtitle=subtitle),
                               base_url=str(out.parent)).render()
    tmp = out.with_name(out.name + ".tmp")
    document.write_pdf(tmp)
    tmp.replace(out)
    return out


def pdf_text(pages: list[Path], title: str) -> list[str]:
    """The text WeasyPrint lays out on each page of the pack (for tests and checks, without a PDF reader)."""
    import weasyprint

    document = weasyprint.HTML(string=pack_html([Path(p) for p in pages], title)).render()
    return [" ".join(_box_words(page._page_box)) for page in document.pages]


def _box_words(box) -> list[str]:
    """The text of a laid-out box and its children, in order."""
    text = getattr(box, "text", None)
    words = [text] if isinstance(text, str) else []
    for child in getattr(box, "children", []) or []:
        words += _box_words(child)
    return words
