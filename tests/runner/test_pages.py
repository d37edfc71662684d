"""The board and reviewer pages the runner exports (lscb_analysis.runner.pages and .export): content
rules checked on the HTML itself."""

from __future__ import annotations

import re

import pytest
from run_fixtures import AREA, built_project, html_text

from lscb_analysis.runner.export import board_page_problems, make_self_contained


@pytest.fixture(scope="module")
def year_dir():
    return built_project() / "reports" / AREA / "2024-25"


def board_pages(year_dir):
    return sorted(year_dir.glob("*.html"))


def test_no_board_page_shows_code_prompts_tracebacks_warnings_or_stderr(year_dir):
    pages = board_pages(year_dir)
    assert [p.name for p in pages] == ["01_alpha.html", "02_beta.html", "index.html"]
    for page in pages:
        html = page.read_text()
        assert board_page_problems(html) == [], page.name
        text = html_text(page)
        assert "Traceback" not in text and "Warning" not in text, page.name
        assert "deliberate fixture warning" not in html and "deliberate fixture stderr" not in html
        assert "REMOVED-CELL-MARKER" not in html  # the cell tagged remove-cell
        assert 'jp-InputArea-editor"' not in html and "In&nbsp;[" not in html
        assert 'area = "' not in html  # neither the parameters cell nor papermill's injected one


def test_board_pages_are_self_contained_and_readable_offline(year_dir):
    for page in board_pages(year_dir):
        html = page.read_text()
        assert "<script" not in html, page.name  # no require.js, MathJax, Mermaid, widgets
        assert not re.search(r"""<(?:link|img|iframe|source)\b[^>]*(?:src|href)=["']?(?:https?:)?//""", html)
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", html)
        for src in re.findall(r"<img\b[^>]*\bsrc=\"([^\"]+)\"", html):
            assert src.startswith("data:image/png;base64,"), src[:40]


def test_board_pages_carry_title_area_date_sources_version_and_lang(year_dir):
    alpha = (year_dir / "01_alpha.html").read_text()
    assert alpha.startswith("<!DOCTYPE html>") and '<html lang="en">' in alpha
    assert "<title>Alpha referrals: Testshire 2024-25</title>" in alpha
    text = html_text(year_dir / "01_alpha.html")
    assert "Testshire Safeguarding Children Partnership: annual report 2024-25" in text
    assert "Data sources: local extract." in text
    assert re.search(r"Produced \d{1,2} [A-Z][a-z]+ 20\d\d with lscb-analysis \d+\.\d+", text)
    assert "counts from 1 to 5, and figures that would reveal them, are shown as “c”" in text
    assert "@media print" in alpha


def test_charts_have_alt_text(year_dir):
    html = (year_dir / "01_alpha.html").read_text()
    alts = re.findall(r"<img\b[^>]*\balt=\"([^\"]*)\"", html)
    assert alts == ["Bar chart of referrals by reporting year: higher in the latest year.",
                    "Line chart rising from 1 to 9."]


def test_small_counts_are_suppressed_on_board_and_reviewer_pages(year_dir):
    # section 47 enquiries: 4 in 2024-25 (shown as c), 30 in 2023-24 (shown)
    for page in (year_dir / "01_alpha.html", year_dir / "reviewer" / "01_alpha.html", year_dir / "index.html"):
        cells = re.findall(r"<td>([^<]*)</td>", page.read_text())
        assert "c" in cells and "4" not in cells, page


def test_the_index_shows_key_facts_links_data_used_and_a_short_manifest(year_dir):
    text = html_text(year_dir / "index.html")
    # referrals 1,200 in 2024-25 against 1,000 in 2023-24: +20.0%; 300.0 per 10,000 (40,000 children) against
    # England's 500.0 (600,000 / 12,000,000): one row for the measure, never a number and a rate twice
    for figure in ("1,200", "1,000", "+20.0%", "300.0", "500.0"):
        assert figure in text, figure
    assert "Referrals rose by 20.0% from 1,000 in 2023-24 to 1,200 in 2024-25" in text
    assert "This page has figures for child protection and multi-agency training only. Child deaths, youth justice" in text
    assert "need the partnership's own records, which were not supplied for Testshire for 2024-25." in text
    assert "was not found" not in text
    assert "Alpha referrals : data used: local extract" in text
    assert "Beta training : data used: training records" in text
    html = (year_dir / "index.html").read_text()
    assert 'href="01_alpha.html"' in html and 'href="manifest.json"' in html
    assert "Disclosure control" in text and "2 files, each with its SHA-256 in the manifest" in text


def test_reviewer_pages_show_the_code_and_link_to_the_board_version(year_dir):
    html = (year_dir / "reviewer" / "01_alpha.html").read_text()
    assert 'jp-InputArea-editor"' in html and "show_figure" in html
    assert "Reviewer version: the code behind every figure is shown." in html
    assert 'href="../01_alpha.html"' in html
    assert "INTERNAL USE ONLY" not in html  # suppression was on
    assert "REMOVED-CELL-MARKER" not in html


def test_the_years_index_lists_every_year_newest_first(year_dir):
    html = (year_dir.parent / "index.html").read_text()
    assert '<html lang="en">' in html
    assert re.findall(r'href="(20\d\d-\d\d)/index.html"', html) == ["2024-25", "2023-24"]
    assert 'href="2024-25/reviewer/index.html"' in html


def test_make_self_contained_removes_remote_scripts_and_styles():
    html = ('<head><script src="https://cdn.example/require.js"></script><link rel="stylesheet" '
            'href="https://cdn.example/x.css"><style>@import url("https://fonts.example/a.css");</style>'
            '<script>var local = 1;</script></head><a href="https://www.gov.uk/">a link is fine</a>')
    out = make_self_contained(html)
    assert "cdn.example" not in out and "fonts.example" not in out
    assert "var local = 1;" in out and 'href="https://www.gov.uk/"' in out


@pytest.mark.parametrize("fragment, problem", [
    ('<div class="jp-InputArea-editor"><pre>x = 1</pre></div>', "a code cell is shown"),
    ('<div class="jp-InputPrompt">In [1]:</div>', "an execution prompt is shown"),
    ('<div data-mime-type="application/vnd.jupyter.stderr"><pre>oops</pre></div>', "stderr or an error output"),
    ("<pre>Traceback (most recent call last):\n  File \"x.py\", line 1</pre>", "a Python traceback is shown"),
    ("<pre>/x.py:3: FutureWarning: this will change</pre>", "warning text is shown (FutureWarning)"),
    ('<img src="data:image/png;base64,AAAA">', "an image has no alt text"),
    ('<img src="https://example.org/a.png" alt="a chart">', "<img> requests https://example.org/a.png"),
    ('<script src="//cdn.example/a.js"></script>', "a script is loaded from //cdn.example/a.js"),
])
def test_board_page_problems_names_each_kind_of_problem(fragment, problem):
    found = board_page_problems(f'<html lang="en"><body><main>{fragment}</main></body></html>')
    assert any(p.startswith(problem) for p in found), found


def test_a_clean_page_has_no_problems():
    assert board_page_problems('<p>Referrals rose to 1,200.</p><img src="data:image/png;base64,AA" alt="x">') == []


def test_reviewer_edition_carries_the_methodology(year_dir):
    page = (year_dir / "reviewer" / "methodology.html").read_text()
    assert "How to review the method" in page and "icpc_within_15_working_days" in page
    assert 'href="methodology.html"' in (year_dir / "reviewer" / "01_alpha.html").read_text()
    assert not (year_dir / "methodology.html").exists()  # the board edition links only the sections
