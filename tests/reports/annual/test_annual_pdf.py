"""The annual report as PDF: the headings are text, the CJK fonts are embedded, page 1 is kept as PNG."""

import io
import re
import subprocess

import pdfplumber
import pytest

from tests.reports.annual.conftest import DEPARTMENT_HEADINGS_2022, DISTRICT_HEADINGS_2022, PLANTED_DRAFT, page_png

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in doc.pages))


def test_the_pdf_has_the_headings_as_text_and_embeds_the_chinese_fonts(annual_reports):
    text = _text(annual_reports.district_pdf)
    positions = [text.index(h) for h in DISTRICT_HEADINGS_2022]
    assert positions == sorted(positions)
    assert "宝山区2022年法治政府建设工作情况报告" in text and PLANTED_DRAFT not in text
    fonts = subprocess.run(["pdffonts", str(annual_reports.pdf_path)], capture_output=True, text=True, check=True)
    embedded = [line.split()[0] for line in fonts.stdout.splitlines()[2:] if " yes " in line]
    assert any("Duban-Serif" in name for name in embedded) and any("Duban-Sans" in name for name in embedded)
    assert page_png(annual_reports.pdf_path, 1, "district-2022-page-1").stat().st_size > 10_000


def test_the_department_pdf_has_its_three_headings(annual_reports):
    text = _text(annual_reports.department_pdf)
    for heading in DEPARTMENT_HEADINGS_2022:
        assert heading in text
