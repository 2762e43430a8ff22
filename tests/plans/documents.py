"""Builders of the test documents (PDF, .docx with numbering or tables, saved web pages), made from
the published texts listed in fixtures/README.md. Pure Python: no database."""

from __future__ import annotations

import html
import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from weasyprint import HTML

CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PDF_CSS = f"""
@font-face {{ font-family: Doc; src: url(file://{CJK_FONT}); }}
@page {{ size: A4; margin: 32mm 26mm 30mm 26mm;
  @top-center {{ content: "{{header}}"; font-family: Doc; font-size: 9pt; }}
  @bottom-center {{ content: "— " counter(page) " —"; font-family: Doc; font-size: 12pt; }} }}
body {{ font-family: Doc; font-size: 14pt; line-height: 1.7; }}
h1 {{ text-align: center; font-size: 20pt; font-weight: normal; margin: 0 0 1em; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
table {{ border-collapse: collapse; width: 100%; font-size: 11pt; margin-top: 1em; }}
td, th {{ border: 1px solid black; padding: 3px; }}
"""


def pdf_from_html(body: str, *, header: str) -> bytes:
    """A PDF like one printed from Word: a running header and 公文 page numbers "— 3 —"."""
    css = PDF_CSS.replace("{header}", header)
    return HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


# --- Word with automatic numbering -----------------------------------------------------------------

NUMBERING_XML = """<w:numbering {ns}>
<w:abstractNum w:abstractNumId="7">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/><w:pStyle w:val="PlanChapter"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
 <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def numbered_docx(paragraphs: list[tuple[int | None, str]], *, title: str) -> bytes:
    """A .docx whose numbers come from numbering.xml: level 0 through the style "PlanChapter"
    (numbering via style), deeper levels through each paragraph's numPr; ``None`` is unnumbered."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING_XML.format(ns=nsdecls("w"))):
        numbering.append(child)
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="PlanChapter"><w:name w:val="Plan Chapter"/>'
            '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
        )
    )
    document.add_paragraph(title)
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level == 0:
            paragraph.style = document.styles["Plan Chapter"]
        elif level is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr>'))
    return _save(document)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Word with a task table --------------------------------------------------------------------------


def table_docx(intro: list[str], header: list[str], rows: list[list[str]], merges: list[tuple]) -> bytes:
    """A .docx with paragraphs and one task table; ``merges`` are ((row, col), (row, col)) corners
    (0 is the header row) merged after filling, as Word merges cells."""
    document = docx.Document()
    for line in intro:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for col, name in enumerate(header):
        table.cell(0, col).text = name
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value:
                table.cell(r, col).text = value
    for (r1, c1), (r2, c2) in merges:
        top = table.cell(r1, c1)
        text = top.text
        merged = top.merge(table.cell(r2, c2))
        merged.text = text  # merge() joins the texts of the cells; keep the top one, as Word does
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)
    assert qn("w:tbl")
    return _save(document)
