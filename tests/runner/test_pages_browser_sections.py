"""The real board pages of the sections added for issue 19 (06 LADO to 13 private fostering, the front door, early
help, missing children and exploitation among them), built once for Exampleshire 2024-25 by the runner into a
temporary project, then opened in headless Chromium with networking disabled (as tests/runner/test_pages_browser.py
does for the fixture project): each renders offline with one h1, its images load and carry alt text, nothing is
requested from another host, there are no console errors, and axe-core finds no accessibility violations."""

from __future__ import annotations

import pytest
from run_fixtures import ROOT, chromium_binary

pytestmark = pytest.mark.skipif(chromium_binary() is None,
                                reason="Chromium is not installed (apt-get install chromium; `make browser`)")

AREA, YEAR = "exampleshire", "2024-25"
PAGES = ["06_lado", "07_practice_reviews", "08_partnership", "09_front_door", "10_early_help", "11_missing_children",
         "12_exploitation", "13_private_fostering"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The pages of sections 06 to 13 only (no overview), from the repository's notebooks, raw data and commentary;
    processed files and reports go to a temporary folder (about 25 s, two notebooks at a time)."""
    from lscb_analysis.inputs import clean
    from lscb_analysis.runner.model import Paths, RunOptions
    from lscb_analysis.runner.run import run

    base = tmp_path_factory.mktemp("sections-built")
    mp = pytest.MonkeyPatch()
    mp.setenv(clean.KEY_ENV, "browser-test-key")
    paths = Paths(notebooks_dir=ROOT / "notebooks", raw_dir=ROOT / "data" / "raw", processed_dir=base / "processed",
                  reports_dir=base / "reports", project_root=ROOT)
    try:
        results = run(RunOptions(area=AREA, years=[YEAR], sections=[p[:2] for p in PAGES], jobs=2, cell_timeout=300),
                      paths)
    finally:
        mp.undo()
    assert [(r.status, r.message) for r in results][0][0] == "built", [(r.status, r.message) for r in results]
    return base / "reports" / AREA / YEAR


def test_the_new_section_pages_are_built(built):
    assert sorted(p.stem for p in built.glob("[01][0-9]_*.html")) == PAGES


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline_with_its_images_and_no_errors_or_violations(built, browser, name):
    page = built / f"{name}.html"
    browser.open(page)
    state = browser.evaluate(
        "({title: document.title, lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length,"
        " text: document.body.innerText.length,"
        " images: Array.from(document.images).map(i => ({ok: i.complete && i.naturalWidth > 0, alt: i.alt}))})")
    assert state["title"] and state["lang"] == "en" and state["h1"] == 1, state
    assert state["text"] > 400
    assert all(i["ok"] for i in state["images"]), state["images"]
    assert all(i["alt"].strip() for i in state["images"])
    remote = [u for u in browser.requests() if not u.startswith(("file:", "data:"))]
    assert remote == []
    assert browser.console_errors() == []
    assert browser.axe() == []
