"""The partnership's own words beside the figures: the business manager's and chair's commentary.

Commentary is kept in plain files, ``commentary/<area>/<year>/<section>.md``, one per page, where
``section`` is the page's notebook stem (``00_overview``, ``01_child_protection``...). They are
written in Markdown by the people who own them (no code, no figures recomputed) and merged into
every edition when the report is run: the HTML pages show them through
:func:`show_commentary`, and the PDF and Word editions are built from those pages.

A page whose file is missing or empty shows a clear DRAFT banner, so an unfinished pack is never
mistaken for a finished one. Text is escaped: HTML written in a commentary file is shown as text,
never run. The ``markdown`` package is used when it is installed; otherwise a small converter
handles headings, paragraphs, bullet and numbered lists, bold, italics and links.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from lscb_analysis.core.periods import ReportingYear

__all__ = ["COMMENTARY_DIR", "OVERVIEW", "missing", "is_example", "EXAMPLE_MARK", "DRAFT_CLASS", "COMMENTARY_CLASS", "commentary_root", "commentary_path",
           "commentary_status", "render", "commentary_html", "show_commentary"]

COMMENTARY_DIR = "commentary"
OVERVIEW = "00_overview"  # the key facts page's commentary
COMMENTARY_CLASS = "lscb-commentary"
DRAFT_CLASS = "lscb-draft"
MAX_BYTES = 200_000  # a commentary file is a page of words, not a document store


def commentary_root() -> Path:
    """``$LSCB_COMMENTARY_DIR`` or ``commentary/`` in the project."""
    import os

    from lscb_analysis.inputs.config import project_root

    return Path(os.environ.get("LSCB_COMMENTARY_DIR", project_root() / COMMENTARY_DIR))


def commentary_path(root: Path | str, area: str, year, section: str) -> Path:
    """``<root>/<area>/<year>/<section>.md``."""
    return Path(root) / area / ReportingYear(year).label / f"{section}.md"


def commentary_status(root: Path | str, area: str, year, sections) -> dict[str, Path | None]:
    """For each section (notebook stem), its commentary file, or None when it is missing or empty."""
    out: dict[str, Path | None] = {}
    for s in sections:
        p = commentary_path(root, area, year, s)
        out[s] = p if p.is_file() and p.read_text(encoding="utf-8-sig").strip() else None
    return out


_SAFE_URL = re.compile(r"^(https?://|mailto:|#)", re.I)


def _inline(text: str) -> str:
    """Escape, then bold, italics, code and links (http, https, mailto or in-page only)."""
    t = html.escape(text, quote=True)
    t = re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"<em>\1</em>", t)
    t = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"<em>\1</em>", t)

    def link(m: re.Match) -> str:
        words, url = m.group(1), html.unescape(m.group(2))
        if not _SAFE_URL.match(url):
            return words
        return f'<a href="{html.escape(url, quote=True)}">{words}</a>'

    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", link, t)


def _shift(levels: list[int]) -> int:
    """How far to move headings down so the text's shallowest becomes ``<h3>``, under the commentary's own
    ``<h2>`` (a file that starts at ``##`` gets ``<h3>``, not ``<h4>``: heading levels never skip one)."""
    return 3 - min(levels) if levels else 2


def _minimal(text: str) -> str:
    """A small, safe Markdown subset: # headings (the shallowest shown as level 3, under the page's own),
    paragraphs, - or * bullets, 1. numbered lists, > quotes, and the inline forms of :func:`_inline`."""
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []
    kind = ""
    shift = _shift([len(m) for m in re.findall(r"^(#{1,6})\s", text, flags=re.M)])

    def flush() -> None:
        nonlocal para, items, kind
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para = []
        if items:
            out.append(f"<{kind}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + f"</{kind}>")
            items, kind = [], ""

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        h = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        bullet = re.match(r"^\s*[-*+]\s+(.*)$", line)
        number = re.match(r"^\s*\d+[.)]\s+(.*)$", line)
        quote = re.match(r"^\s*>\s?(.*)$", line)
        if h:
            flush()
            level = min(6, len(h.group(1)) + shift)
            out.append(f"<h{level}>{_inline(h.group(2))}</h{level}>")
        elif bullet or number:
            want = "ul" if bullet else "ol"
            if para or (items and kind != want):
                flush()
            kind = want
            items.append((bullet or number).group(1))
        elif quote:
            flush()
            out.append(f"<blockquote><p>{_inline(quote.group(1))}</p></blockquote>")
        elif items and raw.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            para.append(line.strip())
    flush()
    return "\n".join(out)


def render(text: str, *, use_markdown: bool | None = None) -> str:
    """Markdown to HTML, with any HTML in the text escaped (shown as text, never run).

    Uses the ``markdown`` package when installed (``use_markdown=None``), else :func:`_minimal`.
    Headings are moved down to sit under the page's headings: the shallowest becomes ``<h3>`` (:func:`_shift`)."""
    if use_markdown is not False:
        try:
            import markdown  # type: ignore[import-not-found]
        except ImportError:
            markdown = None
        if markdown is not None:
            body = markdown.markdown(html.escape(text, quote=False), output_format="html5")
            shift = _shift([int(n) for n in re.findall(r"<h([1-6])>", body)])
            body = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}>", body)
            # links whose target is not http(s), mailto or in-page lose their target
            return re.sub(r'<a href="(?!https?://|mailto:|#)[^"]*">(.*?)</a>', r"\1", body, flags=re.I | re.S)
    return _minimal(text)


def _draft_banner(section_title: str, expected: Path, root: Path) -> str:
    try:
        shown = expected.relative_to(root.parent)
    except ValueError:
        shown = expected.name
    return (f'<aside class="{DRAFT_CLASS}" role="note" style="border:3px solid #801650;padding:0.6em 1em;'
            f'margin:1em 0"><p><strong>DRAFT: no commentary yet.</strong> The partnership\'s commentary on '
            f"{html.escape(section_title)} has not been written. It goes in <code>{html.escape(str(shown))}</code> "
            "and appears here when the report is next run.</p></aside>")


def commentary_html(root: Path | str, area: str, year, section: str, *, title: str = "this section") -> str:
    """The commentary for one page as HTML (in ``<section class="lscb-commentary">`` with a heading),
    or the DRAFT banner when its file is missing or empty."""
    root = Path(root)
    path = commentary_path(root, area, year, section)
    found = commentary_status(root, area, year, [section])[section]
    if found is None:
        return _draft_banner(title, path, root)
    raw = found.read_bytes()[:MAX_BYTES].decode("utf-8-sig", errors="replace")
    return (f'<section class="{COMMENTARY_CLASS}"><h2>What the partnership says</h2>'
            f"{render(raw)}</section>")


def show_commentary(area: str, year, section: str, *, root: Path | str | None = None,
                    title: str = "this section") -> None:
    """Display the commentary for a page in a notebook (or the DRAFT banner).

    ``area`` is the config name (``exampleshire``), ``section`` the notebook stem (``01_child_protection``)."""
    from lscb_analysis.report.display import _display

    text = commentary_html(root if root is not None else commentary_root(), area, year, section, title=title)
    _display(text)


EXAMPLE_MARK = "_EXAMPLE TEXT"  # how the bundled example commentary begins (commentary/exampleshire/)


def is_example(path: Path) -> bool:
    """Whether a commentary file is still the bundled example text: its first line begins with
    :data:`EXAMPLE_MARK` (a pack copied from Exampleshire's as a template, not yet rewritten)."""
    text = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace").lstrip()
    return text.startswith(EXAMPLE_MARK)


def missing(status: dict[str, Path | None]) -> list[str]:
    """The sections of a :func:`commentary_status` with no commentary of the partnership's own: no file, an
    empty one, or the example text still in place (shown on the page, but the pack stays a draft and
    ``lscb run --final`` refuses it)."""
    return [s for s, p in status.items() if p is None or is_example(p)]
