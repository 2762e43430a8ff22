"""The midterm evaluation as HTML and as an A4 PDF (WeasyPrint), from ``reports.midterm`` data.

Fonts are named with ``@font-face`` and point at the pre-built subsets in ``static/fonts/``
(``reports/fontsubset.py``): a heavy serif for the title, a sans (黑体-like) for level-1
headings and charts, a serif for the body. Charts are inline SVG with ``font-family`` on the
``<svg>`` (WeasyPrint does not apply page CSS to SVG text).
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

from reports import charts
from reports.documents import FONT_DIR, pdf_from_html
from reports.midterm import MidtermReport


def render_html(report: MidtermReport, *, draft: bool) -> str:
    return render_to_string(
        "reports/midterm/report.html",
        {
            "r": report,
            "draft": draft,
            "charts": {
                "categories": charts.category_bars(report),
                "chapters": charts.chapter_completion(report),
                "indicators": charts.indicator_progress(report),
            },
            "font_dir": FONT_DIR.as_uri(),
        },
    )


def render_pdf(report: MidtermReport, *, draft: bool, progress: Callable[[str, int], None] | None = None) -> bytes:
    """The report as PDF bytes; ``progress(stage, percent)`` hears how far it got."""
    progress = progress or (lambda stage, percent: None)
    html = render_html(report, draft=draft)
    progress("排版", 40)
    pdf = pdf_from_html(html)
    progress("生成PDF", 75)
    return pdf
