"""The board pages in a real browser: headless Chromium from the system packages (never downloaded
by a test tool), with networking disabled. Every page renders, every image loads, nothing is
requested from another host, there are no console errors, and axe-core (vendored in
tests/vendor/axe-core) finds no accessibility violations. A screenshot of the index page is kept
under reports/test-artefacts/ (and the pytest temporary folder)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from run_fixtures import AREA, AXE, ROOT, built_project, chromium_binary

pytestmark = pytest.mark.skipif(chromium_binary() is None,
                                reason="Chromium is not installed (apt-get install chromium; `make browser`)")

AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


def board_pages():
    base = built_project() / "reports"
    pages = [base / "index.html", base / AREA / "index.html"]
    for year in ("2023-24", "2024-25"):
        pages += sorted((base / AREA / year).glob("*.html"))
    return pages


def test_the_vendored_axe_is_the_recorded_release():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


def test_every_board_page_renders_offline_with_its_images_and_no_errors_or_violations(browser):
    checked = 0
    for page in board_pages():
        browser.open(page)
        state = browser.evaluate(
            "({title: document.title, lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length,"
            " text: document.body.innerText.length,"
            " images: Array.from(document.images).map(i => ({ok: i.complete && i.naturalWidth > 0, alt: i.alt}))})")
        assert state["title"] and state["lang"] == "en" and state["h1"] == 1, (page, state)
        assert state["text"] > 40, page
        assert all(i["ok"] for i in state["images"]), (page, state["images"])
        assert all(i["alt"].strip() for i in state["images"]), page
        remote = [u for u in browser.requests() if not u.startswith(("file:", "data:"))]
        assert remote == [], (page, remote)
        assert browser.console_errors() == [], page
        violations = browser.axe()
        assert violations == [], (page, violations)
        checked += 1
    assert checked == 8


def test_the_reviewer_pages_pass_the_accessibility_check_too(browser):
    page = built_project() / "reports" / AREA / "2024-25" / "reviewer" / "01_alpha.html"
    browser.open(page)
    assert browser.axe() == []


def test_a_screenshot_of_the_index_page_is_kept(browser, tmp_path):
    page = built_project() / "reports" / AREA / "2024-25" / "index.html"
    browser.open(page)
    shot = browser.screenshot(tmp_path / "index.png")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    artefacts = ROOT / "reports" / "test-artefacts"
    artefacts.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, artefacts / "board-index.png")
    assert Path(artefacts / "board-index.png").stat().st_size == len(data)
