"""The pages of a year's report: one per section, the key facts (index), the methodology, and the
index of years per area, in a board and a reviewer edition (reviewer only for internal runs)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lscb_analysis import __version__
from lscb_analysis.runner.export import board_page_problems, export_html, simple_page
from lscb_analysis.runner.lock import write_atomic
from lscb_analysis.runner.model import INTERNAL_DIR, Notebook, Paths

__all__ = ["area_label", "read_sources", "YearPages", "write_area_index"]


def area_label(area: str) -> tuple[str, str]:
    """(area name as printed, partnership name) from the area's config, else from its slug."""
    try:
        from lscb_analysis.inputs import config

        a = config.load_area(area)
        return a.label, f"{a.name} Safeguarding Children Partnership"
    except Exception:  # noqa: BLE001 - an unconfigured area (e.g. a test) is named from its folder
        name = area.replace("-", " ").replace("_", " ").title()
        return name, f"{name} Safeguarding Children Partnership"


def read_sources(csv_dir: Path) -> list[str]:
    """The distinct ``source`` values of the indicator tables (``<section>.csv``) in ``csv_dir``."""
    out: set[str] = set()
    if not csv_dir.is_dir():
        return []
    for p in sorted(csv_dir.glob("*.csv")):
        if p.name.startswith("rejections_"):
            continue
        with open(p, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames and "source" in reader.fieldnames:
                out |= {(row.get("source") or "").strip() for row in reader} - {""}
    return sorted(out)


@dataclass
class YearPages:
    """What every page of one area and year shares, and the writing of each page into ``out``
    (board pages at the top, reviewer pages under ``reviewer/``; reviewer pages only, at the top,
    when ``suppress`` is off)."""

    area: str
    year: str
    out: Path
    sections: Sequence[Notebook]
    titles: dict[str, str]
    git: dict
    suppress: bool = True
    methodology: Path | None = None
    draft_missing: list[str] = field(default_factory=list)  # pages without commentary: a draft

    def __post_init__(self) -> None:
        self.area_label, self.partnership = area_label(self.area)
        commit = (self.git.get("commit") or "")[:12]
        self.version = (f"{__version__} (commit {commit}{'' if self.git.get('clean') else ', uncommitted changes'})"
                        if commit else __version__)
        self.date_text = dt.datetime.now().strftime("%-d %B %Y")
        self.pages = [(nb, f"{nb.stem}.html") for nb in self.sections]
        self.layouts = {}
        for variant in (["board", "reviewer"] if self.suppress else ["reviewer"]):
            with_methods = variant == "reviewer" and self.methodology is not None and self.methodology.is_file()
            self.layouts[variant] = {
                "prefix": "" if variant == "board" or not self.suppress else "../",
                "here": self.out if (variant == "board" or not self.suppress) else self.out / "reviewer",
                "with_methods": with_methods,
                "nav": [{"title": "Key facts", "href": "index.html"}]
                       + [{"title": self.titles[nb.stem], "href": name} for nb, name in self.pages]
                       + ([{"title": "Methodology", "href": "methodology.html"}] if with_methods else []),
            }

    def _common(self, variant: str, current: str, title: str, heading: str, sources: list[str]) -> dict:
        lay = self.layouts[variant]
        return {"partnership": self.partnership, "area_label": self.area_label, "year": self.year,
                "date": self.date_text, "version": self.version, "suppressed": self.suppress,
                "title": title, "heading": heading, "sources": sources,
                "draft": bool(self.draft_missing), "draft_missing": self.draft_missing,
                "nav": [{**n, "current": n["href"] == current} for n in lay["nav"]],
                "board_href": f"{lay['prefix']}{current}" if variant == "reviewer" and self.suppress
                and current != "methodology.html" else ""}

    def _write(self, variant: str, name: str, node, page: dict) -> list[str]:
        text = export_html(node, variant, page)
        write_atomic(self.layouts[variant]["here"] / name, text)
        return [f"{name}: {p}" for p in board_page_problems(text)] if variant == "board" else []

    def section(self, nb: Notebook, executed: Path, sources: list[str]) -> list[str]:
        """Write one section's pages from its executed notebook; return the board-page problems."""
        import nbformat

        node = nbformat.read(executed, as_version=4)
        name = f"{nb.stem}.html"
        problems = []
        for variant in self.layouts:
            page = self._common(variant, name, f"{self.titles[nb.stem]}: {self.area_label} {self.year}",
                                self.titles[nb.stem], sources)
            problems += self._write(variant, name, node, page)
        return problems

    def methodology_page(self, sources: list[str]) -> None:
        """docs/methodology.md as a reviewer page: reviewers read every definition beside the figures."""
        import nbformat

        for variant, lay in self.layouts.items():
            if not lay["with_methods"]:
                continue
            doc = nbformat.v4.new_notebook()
            doc.cells = [nbformat.v4.new_markdown_cell(self.methodology.read_text(encoding="utf-8"))]
            page = self._common(variant, "methodology.html", f"Methodology: {self.area_label} {self.year}",
                                "Methodology", sources)
            self._write(variant, "methodology.html", doc, page)

    def index(self, executed_overview: Path | None, sources: dict[str, list[str]], about: list[tuple[str, str]]
              ) -> list[str]:
        """The key facts page (the overview notebook, or a list of sections when there is none)."""
        import nbformat

        if executed_overview is not None:
            node = nbformat.read(executed_overview, as_version=4)
        else:
            node = nbformat.v4.new_notebook()
            node.cells = [nbformat.v4.new_markdown_cell(
                "There is no overview notebook (00_overview.ipynb), so this page lists the sections only.")]
        all_sources = sorted({s for v in sources.values() for s in v})
        problems = []
        for variant, lay in self.layouts.items():
            page = {**self._common(variant, "index.html", f"Key facts: {self.area_label} {self.year}",
                                   f"{self.area_label}: key facts {self.year}", all_sources),
                    "sections": [{"title": self.titles[nb.stem], "href": name, "sources": sources.get(nb.stem, [])}
                                 for nb, name in self.pages],
                    "about": about, "manifest_href": f"{lay['prefix']}manifest.json"}
            problems += self._write(variant, "index.html", node, page)
        return problems


def write_area_index(paths: Paths, area: str, *, suppress: bool = True) -> Path:
    """(Re)write ``reports/<area>/index.html``: every year with a report, newest first, with links
    to the board and reviewer versions; and ``reports/index.html`` listing the areas."""
    base = paths.reports_dir if suppress else paths.reports_dir / INTERNAL_DIR
    area_dir = base / area
    rows = []
    for d in sorted((p for p in area_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
                    key=lambda p: p.name, reverse=True):
        m = d / "manifest.json"
        if not m.is_file():
            continue
        try:
            info = json.loads(m.read_text(encoding="utf-8"))
        except ValueError:
            continue
        commit = (info.get("git", {}).get("commit") or "")[:12]
        produced = str(info.get("finished", ""))[:10]
        y = html.escape(d.name)
        reviewer = f'<a href="{y}/reviewer/index.html">with code</a>' if (d / "reviewer" / "index.html").is_file() \
            else (f'<a href="{y}/index.html">with code</a>' if not suppress else "")
        board = f'<a href="{y}/index.html">Report {y}</a>' if suppress else f"Internal report {y}"
        if info.get("draft"):
            board += " (draft)"
        rows.append(f"<tr><th scope=\"row\">{board}</th><td>{reviewer}</td><td>{html.escape(produced)}</td>"
                    f"<td>{html.escape(info.get('lscb_analysis_version', ''))} {html.escape(commit)}</td></tr>")
    label, partnership = area_label(area)
    body = (f"<h1>{html.escape(partnership)}: annual report data</h1>\n"
            + ("" if suppress else '<div class="lscb-internal" role="note" aria-label="Internal use only"><p><strong>'
               "INTERNAL USE ONLY &ndash; NOT FOR PUBLICATION.</strong> Disclosure control was off for these runs.</p></div>\n")
            + f"<p>Reports for {html.escape(label)}, one per reporting year (1 April to 31 March).</p>\n"
            + ('<table class="lscb-years"><caption>Reporting years with a report</caption>\n'
               '<thead><tr><th scope="col">Year</th><th scope="col">Reviewer version</th>'
               '<th scope="col">Produced</th><th scope="col">Version</th></tr></thead>\n<tbody>\n'
               + "\n".join(rows) + "\n</tbody></table>" if rows else "<p>No reports have been built yet.</p>"))
    path = area_dir / "index.html"
    write_atomic(path, simple_page(f"{partnership}: reports by year", body))
    if suppress:
        areas = sorted(p.name for p in paths.reports_dir.iterdir()
                       if p.is_dir() and not p.name.startswith((".", "_")) and (p / "index.html").is_file())
        items = "\n".join(f'<li><a href="{html.escape(a)}/index.html">{html.escape(area_label(a)[0])}</a></li>'
                          for a in areas)
        write_atomic(paths.reports_dir / "index.html",
                     simple_page("Safeguarding children partnership reports",
                                 f"<h1>Safeguarding children partnership reports</h1>\n<ul>\n{items}\n</ul>"))
    return path
