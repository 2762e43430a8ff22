"""The annual 法治政府建设年度报告 as HTML and as an A4 PDF, from ``reports.annual`` data, through
the same HTML → WeasyPrint step and embedded font subsets as the midterm report
(``reports.documents``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from reports.annual import AnnualReportData
from reports.documents import FONT_DIR, pdf_from_html


def render_html(report: AnnualReportData, *, draft: bool) -> str:
    return render_to_string("reports/annual/report.html", {"r": report, "draft": draft, "font_dir": FONT_DIR.as_uri()})


def render_pdf(report: AnnualReportData, *, draft: bool) -> bytes:
    return pdf_from_html(render_html(report, draft=draft))
