"""What every printed report shares: the official-document look in Word (python-docx) and the
HTML → PDF step (WeasyPrint) with the embedded CJK font subsets of ``static/fonts/``.

The midterm evaluation (``reports.midterm_docx`` / ``midterm_pdf``) and the annual report
(``reports.annual_docx`` / ``annual_pdf``) render their own content through these."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"

# Word substitutes what the machine has for these East Asian font names.
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"


# --- Word ----------------------------------------------------------------------------------------


def east_asian(run_or_style, name: str) -> None:
    """Set the East Asian font of a run or a style (python-docx sets only the Latin one)."""
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def official_document(header_text: str) -> Document:
    """An A4 portrait document with the 公文 margins, 宋体 body, 黑体 headings (Word's built-in
    "Heading 1/2", so the navigation pane and a table of contents work) and a running header."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    east_asian(normal, BODY_FONT)
    for name in ("Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        east_asian(style, TITLE_FONT if name == "Title" else HEADING_FONT)
    doc.styles["Heading 1"].font.size = Pt(16)
    doc.styles["Heading 2"].font.size = Pt(14)
    header = section.header.paragraphs[0]
    header.text = header_text
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def title(doc, text: str) -> None:
    p = doc.add_paragraph(style="Title")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text)


def centered(doc, text: str) -> None:
    doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER


def draft_mark(doc) -> None:
    mark = doc.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run("草稿 · 仅供内部审阅")
    run.bold, run.font.color.rgb = True, RGBColor(0xC0, 0x39, 0x2B)


def paragraph(doc, text: str, *, indent: bool = True, bold: bool = False, size: float | None = None):
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(24)
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return p


def table(doc, headers: list[str], rows: list[list[str]]):
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    # The header row repeats on every page the table runs onto.
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for values in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    return t


def docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def pdf_from_html(html: str) -> bytes:
    """A4 PDF bytes of a report's HTML, its ``@font-face`` rules resolved against ``static/fonts/``
    (templates include ``reports/_print_fonts.html``)."""
    document = HTML(string=html, base_url=str(FONT_DIR)).render(font_config=FontConfiguration())
    return document.write_pdf()
