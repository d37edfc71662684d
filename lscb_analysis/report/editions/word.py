"""The board pack as a Word document (python-docx), for the business manager to edit.

Headings are Word headings (so Word's navigation pane and contents field work), tables are real
editable Word tables with a repeating header row, charts are pictures with their alt text (the
picture's description, ``descr``), and a target's status keeps its words and symbol, with colour
only repeating them. A contents field (updated by Word on opening, or with F9) and page numbers in
the footer.
"""

from __future__ import annotations

import io
from pathlib import Path

from lscb_analysis.report.editions.pages import Block, read_page

__all__ = ["build_docx", "docx_text"]

_STATUS_RGB = {"lscb-target-met": (0x1E, 0x7A, 0x72), "lscb-target-near": (0xB3, 0x4A, 0x12),
               "lscb-target-missed": (0x80, 0x16, 0x50), "lscb-target-none": (0x3D, 0x3D, 0x3D)}
_IMAGE_WIDTH_CM = 16.0


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC...) in ``paragraph``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def _no_split(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _add_table(doc, b: Block) -> None:
    from docx.shared import Pt, RGBColor

    if not b.rows:
        return
    if b.caption:
        cap = doc.add_paragraph(style="Caption")
        cap.add_run(b.caption).bold = True
    table = doc.add_table(rows=len(b.rows), cols=len(b.rows[0]))
    table.style = "Table Grid"
    for i, (values, statuses) in enumerate(zip(b.rows, b.statuses)):
        row = table.rows[i]
        if i < b.header_rows:
            _repeat_header(row)
        else:
            _no_split(row)
        for j, (value, status) in enumerate(zip(values, statuses)):
            cell = row.cells[j]
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.font.size = Pt(8.5)
            if i < b.header_rows:
                run.bold = True
            if status in _STATUS_RGB:
                run.bold = True
                run.font.color.rgb = RGBColor(*_STATUS_RGB[status])


def _add_image(doc, b: Block) -> None:
    from docx.shared import Cm

    if b.png is None:
        if b.alt:
            doc.add_paragraph(f"[Chart: {b.alt}]")
        return
    doc.add_picture(io.BytesIO(b.png), width=Cm(_IMAGE_WIDTH_CM))
    inline = doc.inline_shapes[-1]._inline
    inline.docPr.set("descr", b.alt)
    inline.docPr.set("title", b.alt[:120])
    if b.alt:
        doc.add_paragraph(b.alt, style="Caption")


def _add_block(doc, b: Block, page_level_offset: int) -> None:
    from docx.shared import RGBColor

    if b.kind == "heading":
        doc.add_heading(b.text, level=max(1, min(9, b.level + page_level_offset)))
    elif b.kind == "paragraph":
        p = doc.add_paragraph(style="Quote" if b.style == "quote" else None)
        run = p.add_run(b.text)
        if b.style == "draft":
            run.bold = True
            run.font.color.rgb = RGBColor(0x80, 0x16, 0x50)
        elif b.style == "note":
            run.italic = True
    elif b.kind == "list":
        style = "List Number" if b.ordered else "List Bullet"
        for item in b.items:
            doc.add_paragraph(item, style=style)
    elif b.kind == "table":
        _add_table(doc, b)
    elif b.kind == "image":
        _add_image(doc, b)


def build_docx(pages: list[Path], out: Path, title: str, *, subtitle: str = "") -> Path:
    """Write the board pack as a Word document to ``out`` from the board HTML pages in order."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if subtitle:
        document.add_paragraph(subtitle)
    document.add_heading("Contents", level=1)
    _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
           "Right-click and choose Update Field (or press F9) to show the contents with page numbers.")
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    for path in pages:
        page = read_page(path)
        document.add_section(WD_SECTION.NEW_PAGE)
        for b in page.blocks:
            _add_block(document, b, 0)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    document.save(tmp)
    tmp.replace(out)
    return out


def docx_text(path: Path | str) -> str:
    """Every paragraph and table cell of a Word document, one per line (for tests and checks)."""
    import docx

    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)
