"""HTML export with nbconvert's own pipeline and the ``lscb`` template, and the board-page check.

A board page (no code, prompts, stderr or warnings; suppression on) and a reviewer page (code shown)
from one executed notebook; self-contained (images embedded, nothing requested from another host).
One HTMLExporter per variant is built and reused: building one compiles its templates.
"""

from __future__ import annotations

import copy
import html
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["TEMPLATES_DIR", "TEMPLATE_NAME", "export_html", "make_self_contained", "board_page_problems",
           "simple_page", "css"]

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "lscb"
# cells never shown on a board page (papermill's parameter cells, and anything tagged remove-cell)
BOARD_REMOVE_TAGS = ("remove-cell", "parameters", "injected-parameters", "papermill-error-cell-tag")
REVIEWER_REMOVE_TAGS = ("remove-cell", "papermill-error-cell-tag")

_CSS: list[str] = []
_EXPORTERS: dict[str, object] = {}
_EXPORT_LOCK = threading.RLock()  # an exporter keeps state while it renders: one page at a time


def css() -> str:
    """The house style sheet, inlined into every page."""
    if not _CSS:
        _CSS.append((TEMPLATES_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8"))
    return _CSS[0]


def _board_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class BoardCleaner(Preprocessor):
        """Strip what a board member must never see: stderr (warnings, logging), error outputs, and
        code cells left with nothing to show."""

        def preprocess(self, nb, resources):
            kept = []
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = [
                        o for o in cell.get("outputs", [])
                        if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                        and o.get("output_type") != "error"
                    ]
                    if not cell.outputs:
                        continue
                kept.append(cell)
            nb.cells = kept
            return nb, resources

    return BoardCleaner()


def _exporter(variant: str):
    """nbconvert's HTMLExporter for ``variant``, configured with the ``lscb`` template; built once per
    process. Use it only while holding ``_EXPORT_LOCK``."""
    if variant not in _EXPORTERS:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        board = variant == "board"
        c = Config()
        c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES_DIR)]
        c.HTMLExporter.template_name = TEMPLATE_NAME
        c.HTMLExporter.embed_images = True
        c.HTMLExporter.theme = "light"
        c.HTMLExporter.exclude_input = board
        c.HTMLExporter.exclude_input_prompt = board
        c.HTMLExporter.exclude_output_prompt = board
        exporter = HTMLExporter(config=c)
        tags = BOARD_REMOVE_TAGS if board else REVIEWER_REMOVE_TAGS
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(tags), enabled=True), enabled=True)
        if board:
            exporter.register_preprocessor(_board_preprocessor(), enabled=True)
        _EXPORTERS[variant] = exporter
    return _EXPORTERS[variant]


def export_html(notebook_node, variant: str, page: dict) -> str:
    """Render an executed notebook as a board (``variant="board"``) or reviewer page.

    ``page`` holds what the template shows around the cells: title, heading, partnership, area
    label, year, date, version, sources, nav, sections, about, manifest_href, suppressed,
    board_href, draft, commentary."""
    if variant not in ("board", "reviewer"):
        raise ValueError(f"variant must be 'board' or 'reviewer', not {variant!r}")
    nb = copy.deepcopy(notebook_node)
    nb.metadata["title"] = page["title"]
    body_probe = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    has_h1 = bool(re.search(r"^#\s+\S", body_probe, re.M))
    info = {"variant": variant, "css": css(), "add_h1": not has_h1, "description": page.get("title", ""),
            "nav": [], "sections": [], "about": [], "sources": [], "suppressed": True, "draft": False, **page}
    with _EXPORT_LOCK:
        html_text, _ = _exporter(variant).from_notebook_node(nb, resources={"lscb": info})
    return make_self_contained(html_text)


def simple_page(title: str, body: str, *, lang: str = "en") -> str:
    """A page in the house style around ``body`` (HTML): for indexes, which have no notebook."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{css()}\n</style>\n</head>\n"
            f'<body class="lscb-page lscb-board">\n<a class="lscb-skip" href="#main">Skip to main content</a>\n'
            f'<main id="main" class="jp-Notebook">\n{body}\n</main>\n</body>\n</html>\n')


_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>", re.I | re.S)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I | re.S)
_EXTERNAL_IMPORT = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//[^;]*;", re.I)


def make_self_contained(text: str) -> str:
    """Remove anything that would make the browser fetch from another host: ``<script src=http...>``,
    ``<link href=http...>`` and CSS ``@import`` of remote sheets. (The ``lscb`` template already
    emits none; this is the second line of defence for HTML a notebook outputs.)"""
    text = _EXTERNAL_SCRIPT.sub("", text)
    text = _EXTERNAL_LINK.sub("", text)
    return _EXTERNAL_IMPORT.sub("", text)


class _PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "script" and (a.get("src") or "").strip():
            self.problems.append(f"a script is loaded from {a['src'][:80]}")
        if tag in ("img", "iframe", "video", "audio", "source", "embed") and re.match(r"^\s*(https?:)?//", a.get("src", "")):
            self.problems.append(f"<{tag}> requests {a['src'][:80]}")
        if tag == "link" and re.match(r"^\s*(https?:)?//", a.get("href", "")):
            self.problems.append(f"<link> requests {a['href'][:80]}")
        if tag == "img" and not a.get("alt", "").strip():
            self.problems.append("an image has no alt text")
        classes = set(a.get("class", "").split())
        if classes & {"jp-InputArea-editor", "jp-CodeMirrorEditor", "cm-editor", "highlight"}:
            self.problems.append("a code cell is shown")
        if classes & {"jp-InputPrompt", "jp-OutputPrompt"}:
            self.problems.append("an execution prompt is shown")
        if a.get("data-mime-type") == "application/vnd.jupyter.stderr":
            self.problems.append("stderr or an error output is shown")

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+", re.M)
_WARNING = re.compile(r"\b[A-Z]\w*Warning\b|\bwarnings\.warn\b|\bUserWarning\b|^\s*WARNING\b", re.M)
_PROMPT = re.compile(r"\b(In|Out)\s*\[\s*\d*\s*\]:")


def board_page_problems(text: str) -> list[str]:
    """What is wrong with a board page, in words (an empty list for a good page): code cells or
    prompts, stderr or error outputs, Python tracebacks or warnings, images without alt text,
    anything requested from another host."""
    scan = _PageScan()
    scan.feed(text)
    words = "".join(scan.text)
    problems = list(dict.fromkeys(scan.problems))
    if _TRACEBACK.search(words):
        problems.append("a Python traceback is shown")
    m = _WARNING.search(words)
    if m:
        problems.append(f"warning text is shown ({m.group(0).strip()})")
    if _PROMPT.search(words):
        problems.append("an execution prompt is shown")
    if re.search(r"url\(\s*[\"']?(https?:)?//", text, re.I):
        problems.append("a stylesheet requests another host")
    return problems
