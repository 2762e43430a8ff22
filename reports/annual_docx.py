"""The annual 法治政府建设年度报告 as a Word document, from ``reports.annual`` data, in the
official-document look every printed report shares (``reports.documents``)."""

from __future__ import annotations

from reports.annual import AnnualReportData, Block
from reports.documents import centered, docx_bytes, draft_mark, official_document, paragraph, title


def _text(block: Block) -> str:
    return "".join(s.text + (f"[{s.footnote}]" if s.footnote else "") for s in block.sentences)


def render_docx(report: AnnualReportData, *, draft: bool) -> bytes:
    doc = official_document(report.title + ("（草稿）" if draft else ""))
    title(doc, report.title)
    centered(doc, f"（统计期间：{report.year}年1月1日至12月31日）")
    if draft:
        draft_mark(doc)
    for section in report.sections:
        doc.add_heading(section.heading, level=1)
        for block in section.blocks:
            if block.kind == "h":
                doc.add_heading(block.text, level=2)
            else:
                paragraph(doc, _text(block))
        if section.key == "shortcomings" and report.footnotes:
            for f in report.footnotes:
                paragraph(doc, f"[{f.number}] {f.text}：{'；'.join(f.sources)}。", indent=False, size=9)
    doc.add_heading("口径说明", level=1)
    for n, note in enumerate(report.method_notes, start=1):
        paragraph(doc, f"{n}. {note}", indent=False, size=10)
    return docx_bytes(doc)
