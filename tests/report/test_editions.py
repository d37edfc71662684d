"""PDF and Word editions from small board pages: both open, hold the pages' words, tables and charts."""

import base64

import pytest

from lscb_analysis.report import editions
from lscb_analysis.report.editions import pdf, word


def _png() -> str:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.bar([0], [1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


PNG = _png()
SVG = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>').decode()


def page(tmp_path, name, heading, extra=""):
    text = f"""<!DOCTYPE html><html lang="en"><head><title>{heading}</title></head><body>
<nav>Key facts</nav><main id="main"><h1>{heading}<a class="anchor-link" href="#x">¶</a></h1>
<p>Referrals rose by 20.0% from 1,000 to 1,200.</p>
<div class="lscb-table-wrap"><table class="lscb-table"><caption>{heading}: key facts</caption>
<thead><tr><th>Measure</th><th>2024-25</th></tr></thead><tbody><tr><td>Referrals</td><td>1,200</td></tr>
<tr><td>Repeat plans</td><td class="lscb-target-missed">Not met</td></tr></tbody></table></div>
<figure class="lscb-figure"><img src="data:image/png;base64,{PNG}" alt="Referrals rose in 2024-25" data-lscb-svg="data:image/svg+xml;base64,{SVG}"><figcaption>Referrals rose in 2024-25</figcaption></figure>
<details><summary>How these figures are defined</summary><p>Hidden detail</p></details>
{extra}</main></body></html>"""
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def pages(tmp_path):
    return [page(tmp_path, "index.html", "Key facts",
                 '<aside class="lscb-draft"><p><strong>DRAFT: no commentary yet.</strong></p></aside>'),
            page(tmp_path, "01_child_protection.html", "Child protection",
                 '<section class="lscb-appendix"><h2>Appendix: data quality</h2><p>All 20 rows in 1 file were used.</p></section>')]


def test_word_edition_has_headings_tables_and_pictures_with_alt_text(tmp_path, pages):
    import docx

    out = word.build_docx(pages, tmp_path / "pack.docx", "Testshire board pack 2024-25")
    d = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", "Testshire board pack 2024-25") in headings
    assert ("Heading 1", "Key facts") in headings and ("Heading 1", "Child protection") in headings
    assert ("Heading 2", "Appendix: data quality") in headings
    assert len(d.tables) == 2 and d.tables[0].cell(1, 1).text == "1,200" and d.tables[0].cell(2, 1).text == "Not met"
    assert [s._inline.docPr.get("descr") for s in d.inline_shapes] == ["Referrals rose in 2024-25"] * 2
    text = word.docx_text(out)
    assert "DRAFT: no commentary yet." in text and "Hidden detail" not in text and "¶" not in text


def test_pdf_edition_text_contents_and_rows_kept_whole(tmp_path, pages):
    if pdf.weasyprint_problem():
        pytest.skip(pdf.weasyprint_problem())
    html = pdf.pack_html(pages, "Testshire board pack")
    assert "tr { break-inside: avoid; }" in html and "size: A4" in html and "target-counter" in html
    assert "data:image/svg+xml" in html  # charts print as SVG
    out = pdf.build_pdf(pages, tmp_path / "pack.pdf", "Testshire board pack")
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf.pdf_text(pages, "Testshire board pack")
    assert "Contents" in text[0] and "Key facts" in text[0]
    assert any("Referrals rose by 20.0%" in t for t in text[1:]) and any("Child protection" in t for t in text[1:])
    assert not any("Hidden detail" in t for t in text)


def test_build_editions_reports_a_missing_pdf_library_plainly(tmp_path, pages, monkeypatch):
    monkeypatch.setattr(pdf, "weasyprint_problem",
                        lambda: "The PDF edition was not built: WeasyPrint's system libraries (Pango) are missing.")
    result = editions.build_editions(tmp_path, [p.name for p in pages], "Testshire board pack")
    assert result["pdf"] is None and result["docx"] == tmp_path / "board_pack.docx"
    assert result["messages"] == ["The PDF edition was not built: WeasyPrint's system libraries (Pango) are missing."]
    assert set(result["seconds"]) == {"pdf", "docx"}
